// The drift report: where Asana differs from the YAML, as data (rendering lives in report/drift-*).
// The JSON output of `asana-access drift` is this object; `schemas/drift.schema.json` describes it and
// must change with it.
import type { MembershipMode, SourceLocation } from './desired.js';
import type { ManualReason, Target, UserRef } from './plan.js';

export const DRIFT_FORMAT_VERSION = 1;

/**
 * What kind of difference an item is:
 * - `unexpected-access`: a user the config declares holds a membership the config does not give them;
 * - `missing-access`: a membership the config declares is not in Asana;
 * - `missing-account`: a user the config declares has no Asana account;
 * - `license`: the license held differs from the one declared;
 * - `manual`: a role or state that differs and that no API can change (fixed by hand);
 * - `unmanaged-account`: an account that no config mentions holds a membership in an authoritative scope.
 */
export type DriftKind =
  | 'unexpected-access'
  | 'missing-access'
  | 'missing-account'
  | 'license'
  | 'manual'
  | 'unmanaged-account';

export const DRIFT_KINDS: readonly DriftKind[] = [
  'unexpected-access',
  'missing-access',
  'missing-account',
  'license',
  'manual',
  'unmanaged-account',
];

/**
 * `drift`: a difference nobody accepted; `accepted`: covered by a config `accept` entry still in force;
 * `expired`: covered by an acceptance whose `until` date has passed, so it counts as drift again.
 */
export type DriftStatus = 'drift' | 'accepted' | 'expired';

/** The `accept` entry an item matched. */
export interface DriftAcceptance {
  reason: string;
  /** ISO date (YYYY-MM-DD); in force until the end of that day (UTC). */
  until: string;
  at: SourceLocation;
}

export interface DriftItem {
  /** Stable and unique in the report, e.g. `unexpected-access:team:1200000000000012:alice@acme.example`. */
  id: string;
  kind: DriftKind;
  status: DriftStatus;
  user: UserRef;
  /** What differs: a workspace, a team, or the license (from = held, to = declared). */
  target?: Target;
  /** For `manual` items: why no API can fix it. */
  manualReason?: ManualReason;
  /** One sentence a person understands. */
  message: string;
  /** Where the config declares what Asana lacks (absent for access the config does not give). */
  at?: SourceLocation;
  acceptance?: DriftAcceptance;
}

export interface ManagedWorkspace {
  gid: string;
  name: string;
  mode: MembershipMode;
  at: SourceLocation;
}

export interface ManagedTeam {
  gid: string;
  name: string;
  workspaceGid: string;
  workspaceName: string;
  mode: MembershipMode;
  at: SourceLocation;
}

export interface ManagedUser {
  email: string;
  name?: string;
  gid?: string;
  at: SourceLocation;
}

/** What the config manages: the JUnit report has one test case for each. */
export interface DriftScope {
  workspaces: ManagedWorkspace[];
  teams: ManagedTeam[];
  users: ManagedUser[];
}

/** An `accept` entry that matched no difference (the drift is gone, or the entry is mistyped). */
export interface UnusedAcceptance {
  email: string;
  /** The accepted target as written: `workspace Acme Corp`, `team Acme Corp/Design`, `license`. */
  target: string;
  reason: string;
  until: string;
  at: SourceLocation;
}

export interface DriftSummary {
  /** Items that count as drift: status `drift` or `expired`. Zero means exit 0. */
  drifted: number;
  accepted: number;
  /** Items whose acceptance has expired (included in `drifted`). */
  expired: number;
  /** Counting items that count as drift, by kind. */
  byKind: Record<DriftKind, number>;
  /** Accounts in the managed scope matched by `policy.ignore`: counted, never listed. */
  ignoredAccounts: number;
  unusedAcceptances: number;
}

export interface DriftReport {
  formatVersion: typeof DRIFT_FORMAT_VERSION;
  toolVersion: string;
  /** The instant the acceptances were judged against (ISO 8601, UTC). */
  checkedAt: string;
  configDigest: string;
  liveDigest: string;
  scope: DriftScope;
  /** Sorted by kind (in DRIFT_KINDS order), then email, then target. */
  items: DriftItem[];
  unusedAcceptances: UnusedAcceptance[];
  summary: DriftSummary;
}
