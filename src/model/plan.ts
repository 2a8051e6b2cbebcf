// The plan: data only (rendering lives in report/, execution in apply/). A saved plan is this
// object as JSON; `schemas/plan.schema.json` describes it and must change with it.
import type { SourceLocation } from './desired.js';

export const PLAN_FORMAT_VERSION = 1;

/** A license as held in Asana. `deprovisioned` = the account exists but is deactivated. */
export type LicenseState = 'enterprise' | 'view-only' | 'deprovisioned';

export interface UserRef {
  /** Lower-cased email. */
  email: string;
  /** Asana user gid, when the account exists. */
  gid?: string;
  /** SCIM user id, when SCIM was read and the account is there. */
  scimId?: string;
  name?: string;
}

export interface WorkspaceTarget {
  type: 'workspace';
  gid: string;
  name: string;
}

export interface TeamTarget {
  type: 'team';
  gid: string;
  name: string;
  workspaceGid: string;
  workspaceName: string;
}

export interface LicenseTarget {
  type: 'license';
  from: LicenseState;
  to: LicenseState;
}

export type MembershipTarget = WorkspaceTarget | TeamTarget;
export type Target = MembershipTarget | LicenseTarget;

/** A live fact an action was computed from. Apply re-reads these before a saved plan runs. */
export type Fact =
  | { type: 'account'; email: string; exists: boolean }
  | { type: 'workspace-membership'; email: string; workspaceGid: string; member: boolean }
  | { type: 'team-membership'; email: string; teamGid: string; member: boolean }
  | { type: 'license'; email: string; license: LicenseState };

interface ActionBase {
  /** Stable and unique in the plan, e.g. `grant-team:1200000000000001:alice@acme.example`. */
  id: string;
  user: UserRef;
  /** Ids of actions that must succeed before this one starts. */
  dependsOn: string[];
  precondition: Fact;
  /** Where the config asked for this (absent for revocations of undeclared members). */
  at?: SourceLocation;
}

export interface CreateAccountAction extends ActionBase {
  kind: 'create-account';
  /** `scim`: SCIM POST /Users; `invite`: REST addUser by email into `workspace`. */
  via: 'scim' | 'invite';
  /** The workspace an invitation goes to (also set for SCIM: the account's home). */
  workspace: WorkspaceTarget;
  /** The license the new account gets. */
  license: 'view-only' | 'enterprise';
}

export interface GrantAction extends ActionBase {
  kind: 'grant';
  target: Target;
}

export interface RevokeAction extends ActionBase {
  kind: 'revoke';
  target: Target;
  /**
   * True on a workspace removal that deprovisions the account: a domain user removed from its
   * organization with a service-account token (Asana treats it as SCIM's delete). Such a removal
   * runs last for its user, like a deprovisioning.
   */
  deprovisions?: boolean;
}

export type Action = CreateAccountAction | GrantAction | RevokeAction;
export type ActionKind = Action['kind'];

export type ManualReason =
  | 'team-role'
  | 'workspace-role'
  | 'reactivate'
  | 'guest-license'
  | 'no-permission'
  | 'scim-unavailable';

/** Drift no API can fix: shown to the reviewer as a step for a human, never executed. */
export interface ManualItem {
  id: string;
  reason: ManualReason;
  user: UserRef;
  target?: Target;
  /** What a person has to do, in one sentence. */
  message: string;
  at?: SourceLocation;
}

export interface PlanSummary {
  create: number;
  grant: number;
  revoke: number;
  manual: number;
}

/** Which Asana domain the plan was made against; apply refuses a plan for another one. */
export interface PlanDomain {
  baseUrl: string;
  meGid: string;
  meEmail: string;
  workspaceGids: string[];
}

export interface Plan {
  formatVersion: typeof PLAN_FORMAT_VERSION;
  toolVersion: string;
  createdAt: string;
  configDigest: string;
  liveDigest: string;
  domain: PlanDomain;
  /** In a valid execution order (dependencies first); `dependsOn` holds the real constraints. */
  actions: Action[];
  manual: ManualItem[];
  summary: PlanSummary;
  /** sha256 over the canonical JSON of every field above; a hand-edited plan fails this check. */
  digest: string;
}

export type PlanProblemCode =
  | 'revocation-limit'
  | 'protected-user'
  | 'own-user'
  | 'ignored-user'
  | 'unknown-workspace'
  | 'unknown-team'
  | 'ambiguous-name'
  | 'no-default-workspace'
  | 'scim-required'
  /** Removing a domain user from an organization with a service-account token deprovisions it (Asana treats it as SCIM's delete), but the config still gives the user access. */
  | 'removal-deprovisions';

/** A reason the plan must not be applied at all (a safety gate or an unresolvable declaration). */
export interface PlanProblem {
  code: PlanProblemCode;
  message: string;
  at?: SourceLocation;
}
