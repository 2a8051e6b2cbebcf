// The live state: what Asana holds, as read by state/ through asana/. Plain data, sorted by gid,
// so that it digests and diffs deterministically.

export interface LiveUser {
  gid: string;
  /** Lower-cased. */
  email: string;
  name: string;
}

export interface LiveWorkspace {
  gid: string;
  name: string;
  isOrganization: boolean;
  emailDomains: string[];
}

export interface LiveWorkspaceMembership {
  workspaceGid: string;
  userGid: string;
  isActive: boolean;
  isAdmin: boolean;
  isGuest: boolean;
  isViewOnly: boolean;
}

export interface LiveTeam {
  gid: string;
  name: string;
  workspaceGid: string;
}

export interface LiveTeamMembership {
  teamGid: string;
  userGid: string;
  isAdmin: boolean;
  isGuest: boolean;
  isLimitedAccess: boolean;
}

/** A SCIM user. `userType` is Asana's license: `enterprise` or `view only`. */
export interface LiveScimUser {
  id: string;
  /** Lower-cased email. */
  userName: string;
  active: boolean;
  userType: string;
}

export interface LiveMe {
  gid: string;
  email: string;
  name: string;
}

/** Which parts of the domain were read: plan/ must not draw conclusions about anything outside. */
export interface LiveScope {
  /** Workspaces whose memberships and teams were read. */
  workspaceGids: string[];
  /** Teams whose memberships were read. */
  teamGids: string[];
  /** Whether SCIM users (licenses, deprovisioned accounts) were read. */
  scim: boolean;
}

export interface LiveState {
  me: LiveMe;
  /** Every workspace the token can see (names are needed to resolve refs). */
  workspaces: LiveWorkspace[];
  /** Users met anywhere in the read (memberships, SCIM). */
  users: LiveUser[];
  workspaceMemberships: LiveWorkspaceMembership[];
  /** Every team of the scoped workspaces (names are needed to resolve refs). */
  teams: LiveTeam[];
  teamMemberships: LiveTeamMembership[];
  /** Null when SCIM was not read. */
  scimUsers: LiveScimUser[] | null;
  scope: LiveScope;
}
