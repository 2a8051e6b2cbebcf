// One-line human descriptions of actions, targets and facts, shared by renderers, apply's reports
// and drift. Plain text (no colour, no markup): callers style it.
import type { Action, Fact, LicenseState, LiveState, Target } from '../model/index.js';

/** `workspace "Acme Corp"`, `team "Design" in "Acme Corp"`, `license view-only → enterprise`. */
export function describeTarget(target: Target): string {
  switch (target.type) {
    case 'workspace':
      return `workspace "${target.name}"`;
    case 'team':
      return `team "${target.name}" in "${target.workspaceName}"`;
    case 'license':
      return `license ${target.from} → ${target.to}`;
  }
}

/** E.g. `add alice@acme.example to team "Design" in "Acme Corp"`. */
export function describeAction(action: Action): string {
  const who = action.user.email;
  if (action.kind === 'create-account') {
    return action.via === 'scim'
      ? `create an account for ${who} through SCIM with ${action.license === 'enterprise' ? 'an' : 'a'} ${action.license} license`
      : `create an account for ${who} by inviting it to workspace "${action.workspace.name}"`;
  }
  const t = action.target;
  if (t.type === 'license') {
    if (t.to === 'deprovisioned') return `deprovision ${who} (license ${t.from} → deprovisioned)`;
    const verb = action.kind === 'grant' ? 'upgrade' : 'downgrade';
    return `${verb} the license of ${who}: ${t.from} → ${t.to}`;
  }
  if (action.kind === 'grant') return `add ${who} to ${describeTarget(t)}`;
  const deprovisions = action.deprovisions ? ', which deprovisions the account' : '';
  return `remove ${who} from ${describeTarget(t)}${deprovisions}`;
}

/** Names for gids in fact descriptions; unknown gids are shown as gids. */
export interface FactNames {
  workspace(gid: string): string | undefined;
  team(gid: string): string | undefined;
}

/**
 * E.g. `alice@acme.example is not a member of team "Design" (1200000000000012)`. With a live state,
 * workspaces and teams are named; without one, they are shown by gid.
 */
export function describeFact(fact: Fact, live?: LiveState): string {
  return describeFactWith(fact, live ? namesFromLive(live) : undefined);
}

export function describeFactWith(fact: Fact, names?: FactNames): string {
  const who = fact.email;
  switch (fact.type) {
    case 'account':
      return `${who} ${fact.exists ? 'has an' : 'has no'} Asana account`;
    case 'workspace-membership':
      return `${who} is ${fact.member ? 'a' : 'not a'} member of workspace ${named(fact.workspaceGid, names?.workspace(fact.workspaceGid))}`;
    case 'team-membership':
      return `${who} is ${fact.member ? 'a' : 'not a'} member of team ${named(fact.teamGid, names?.team(fact.teamGid))}`;
    case 'license':
      return `${who} ${describeLicense(fact.license)}`;
  }
}

export function describeLicense(license: LicenseState): string {
  if (license === 'deprovisioned') return 'is deprovisioned';
  return license === 'enterprise' ? 'holds an enterprise license' : 'holds a view-only license';
}

function named(gid: string, name: string | undefined): string {
  return name === undefined ? gid : `"${name}" (${gid})`;
}

function namesFromLive(live: LiveState): FactNames {
  return {
    workspace: (gid) => live.workspaces.find((w) => w.gid === gid)?.name,
    team: (gid) => live.teams.find((t) => t.gid === gid)?.name,
  };
}
