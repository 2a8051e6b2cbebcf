// What planChanges takes besides the two states, and what it gives back besides the plan.
import type { Plan, PlanProblem, RevocationLimit } from '../model/index.js';

export interface PlanOptions {
  /** The version of asana-access making the plan (package.json). */
  toolVersion: string;
  /** ISO 8601 instant the plan is made at; passed in so that planning never reads the clock. */
  createdAt: string;
  /** Digest of the DesiredState the plan was made from. */
  configDigest: string;
  /** Digest of the LiveState the plan was made from. */
  liveDigest: string;
  /** The Asana API base URL the live state was read from. */
  baseUrl: string;
  /** `--max-revocations N`: replaces `policy.revocationLimit` (count and percent) for this plan. */
  maxRevocations?: number;
  /**
   * `enforce` (the default): the safety gates report problems (see GATE_PROBLEMS) and the token's
   * permissions turn changes it cannot make into `no-permission` manual items. `report-only`: the
   * engine is asked what differs, not what may be changed (drift): no gate problems, and every
   * difference is planned as the action that would fix it whatever the token may do. The token's own
   * user is still the real one, so what depends on it (a service account's removals that deprovision,
   * `domain`) stays right.
   */
  gates?: GateMode;
}

export type GateMode = 'enforce' | 'report-only';

/** Where the revocation limit in force came from, so the message can say how to raise it. */
export type RevocationLimitSource = 'policy' | 'flag' | 'default';

/** The limit used when the config sets neither a count nor a percentage (the same as config/'s default). */
export const DEFAULT_REVOCATION_LIMIT: Readonly<RevocationLimit> = Object.freeze({ count: 10, percent: 10 });

export interface PlanStats {
  /**
   * Distinct accounts that hold a membership in a declared workspace or team, match
   * `policy.ignore`, and are not declared anywhere in the config: left alone, counted, not listed.
   */
  ignoredAccounts: number;
  /** The denominator of the percentage limit; defined in docs/plan.md ("Managed memberships"). */
  managedMemberships: number;
  /** Revoke actions in the plan (workspace, team and license). */
  revocations: number;
  revocationLimit: RevocationLimit & { source: RevocationLimitSource };
  /** Whether licenses were planned: `settings.manageLicenses` is on and SCIM was read. */
  licensesPlanned: boolean;
}

export interface PlanResult {
  plan: Plan;
  /** Non-empty means the plan must not be applied (nor saved). */
  problems: PlanProblem[];
  stats: PlanStats;
  /**
   * The current members (sorted emails) of every workspace and team the plan touches, keyed by
   * `targetKey()`: renderers draw the before/after member lists from it.
   */
  currentMembers: Record<string, string[]>;
}
