// Preconditions against a fresh live state: apply re-reads Asana and asks, for each action of a
// saved plan, whether the fact it was computed from still holds; drift and reports say what is there
// now. Build the evaluator once per live state (it indexes it) and call it for every fact.
import type { Fact, LiveState } from '../model/index.js';
import { describeFactWith, describeLicense, type FactNames } from './describe.js';
import { licenseOfScimUser } from './license.js';
import { activeWorkspaceMembership, indexLive, type LiveIndex } from './live-index.js';

export interface FactCheck {
  /** Whether the fact is still true. */
  holds: boolean;
  /** What is there now, as a sentence (e.g. `alice@acme.example is a member of team "Design" (123)`). */
  actual: string;
}

export type FactEvaluator = (fact: Fact) => FactCheck;

/** Indexes `live` once and returns an evaluator for many facts (linear overall). */
export function createFactEvaluator(live: LiveState): FactEvaluator {
  const index = indexLive(live);
  const names: FactNames = {
    workspace: (gid) => index.workspaceByGid.get(gid)?.name,
    team: (gid) => index.teamByGid.get(gid)?.name,
  };
  return (fact) => evaluateWith(fact, index, names);
}

/** Whether one precondition holds against `live`, and what is there now. */
export function evaluateFact(fact: Fact, live: LiveState): FactCheck {
  return createFactEvaluator(live)(fact);
}

function evaluateWith(fact: Fact, index: LiveIndex, names: FactNames): FactCheck {
  const email = fact.email.toLowerCase();
  const user = index.userByEmail.get(email);
  switch (fact.type) {
    case 'account': {
      const exists = user !== undefined || index.scimByEmail?.get(email) !== undefined;
      return result(fact.exists === exists, describeFactWith({ ...fact, exists }, names));
    }
    case 'workspace-membership': {
      if (!index.scopedWorkspaces.has(fact.workspaceGid)) {
        return result(
          false,
          `workspace ${fact.workspaceGid} was not read, so membership of ${email} is unknown`,
        );
      }
      const member = activeWorkspaceMembership(index, fact.workspaceGid, user?.gid) !== undefined;
      return result(fact.member === member, describeFactWith({ ...fact, member }, names));
    }
    case 'team-membership': {
      if (!index.scopedTeams.has(fact.teamGid)) {
        return result(false, `team ${fact.teamGid} was not read, so membership of ${email} is unknown`);
      }
      const member = user !== undefined && index.teamMembers.get(fact.teamGid)?.has(user.gid) === true;
      return result(fact.member === member, describeFactWith({ ...fact, member }, names));
    }
    case 'license': {
      if (!index.scimByEmail) return result(false, `the license of ${email} is unknown: SCIM was not read`);
      const scim = index.scimByEmail.get(email);
      if (!scim) return result(false, `${email} is not a SCIM user`);
      const license = licenseOfScimUser(scim);
      return result(fact.license === license, `${email} ${describeLicense(license)}`);
    }
  }
}

function result(holds: boolean, actual: string): FactCheck {
  return { holds, actual };
}
