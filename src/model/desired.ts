// The desired state: what the YAML declares, resolved and normalized by config/.
// Everything downstream (plan/, report/) reads only this shape, never raw YAML.

/** A license as declared. `none` means the account must be deprovisioned. */
export type DeclaredLicense = 'enterprise' | 'view-only' | 'none';

/** Where something was declared, for diagnostics that point at the YAML. Lines and columns are 1-based. */
export interface SourceLocation {
  file: string;
  line: number;
  col: number;
}

/** How a member list is enforced: `authoritative` removes undeclared members, `additive` only adds. */
export type MembershipMode = 'authoritative' | 'additive';

export interface DesiredUser {
  /** Lower-cased email: the user's identity everywhere. */
  email: string;
  name?: string;
  /** Undefined when the config does not manage this user's license. */
  license?: DeclaredLicense;
  at: SourceLocation;
}

/**
 * A member's role in a workspace (`member`, `admin`) or a team (`member`, `admin`, `limited-access`).
 * Guest status is not a role: Asana derives it from the email domain, and it cannot be declared.
 */
export type MemberRole = 'member' | 'admin' | 'limited-access';

export interface DesiredMember {
  email: string;
  /**
   * The declared role; absent means `member` (config/ leaves it out then, so a plain entry and
   * `role: member` mean the same). No API sets roles: the plan lists a difference as a manual item.
   */
  role?: MemberRole;
  /** Where this membership was declared (the member list entry, or the group reference that brought it in). */
  at: SourceLocation;
  /** Set when the membership came from a group. */
  viaGroup?: string;
}

export interface DesiredTeam {
  name: string;
  members: DesiredMember[];
  mode: MembershipMode;
  at: SourceLocation;
}

export interface DesiredWorkspace {
  /** The workspace as written: a name, or a gid (all digits). */
  ref: string;
  members: DesiredMember[];
  mode: MembershipMode;
  teams: DesiredTeam[];
  at: SourceLocation;
}

/** A cap on revocations in one plan; either may be set, the stricter applies. */
export interface RevocationLimit {
  count?: number;
  /** Percentage (0..100) of the managed memberships (declared plus live in managed scope). */
  percent?: number;
}

/** A known drift accepted until a date (drift reports show it as accepted, not as drift). */
export interface AcceptedDrift {
  /** The user the acceptance is for. */
  email: string;
  /** What is accepted: a workspace (ref), a team (`workspace/team`), or the license. */
  target:
    | { type: 'workspace'; ref: string }
    | { type: 'team'; workspace: string; team: string }
    | { type: 'license' };
  reason: string;
  /** ISO date (YYYY-MM-DD); the acceptance ends at the end of that day (UTC). */
  until: string;
  at: SourceLocation;
}

export interface DesiredSettings {
  /** The workspace (name or gid) new accounts are invited into when not created through SCIM. */
  defaultWorkspace?: string;
  /** Whether licenses are managed (needs SCIM: a service-account token on an Enterprise domain). */
  manageLicenses: boolean;
  /** License given to new accounts. */
  newAccountLicense: 'view-only' | 'enterprise';
}

export interface DesiredPolicy {
  revocationLimit: RevocationLimit;
  /** Emails (lower-cased) never revoked or downgraded. */
  protected: string[];
  /** Glob patterns (`*` matches any run of characters) on lower-cased emails the tool never touches. */
  ignore: string[];
}

export interface DesiredState {
  settings: DesiredSettings;
  /** Sorted by email. */
  users: DesiredUser[];
  /** In declaration order. */
  workspaces: DesiredWorkspace[];
  policy: DesiredPolicy;
  accept: AcceptedDrift[];
  /** The files that were read, in order. */
  sources: string[];
}
