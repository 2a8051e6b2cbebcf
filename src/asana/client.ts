// The Asana client: the only code that speaks HTTP to Asana (REST and SCIM). One axios instance per
// client, a client-side limiter, retries, pagination and answer validation all live behind this.
import type {
  AsanaTeam,
  AsanaTeamMembership,
  AsanaUser,
  AsanaWorkspace,
  AsanaWorkspaceMembership,
  BatchAction,
  BatchResult,
  ClientCounters,
  ClientOptions,
  ScimUser,
  ScimUserType,
} from './types.js';

export type * from './types.js';

export interface AsanaClient {
  /** The base URL the client talks to (REST). */
  readonly baseUrl: string;
  /** GET /users/me: the token's own user. */
  me(): Promise<AsanaUser>;
  /** GET /workspaces, all pages. */
  workspaces(): Promise<AsanaWorkspace[]>;
  /** GET /workspaces/{gid}/workspace_memberships, all pages. */
  workspaceMemberships(workspaceGid: string): Promise<AsanaWorkspaceMembership[]>;
  /** GET /workspaces/{gid}/teams, all pages (only teams the caller can see). */
  teams(workspaceGid: string): Promise<AsanaTeam[]>;
  /** GET /teams/{gid}/team_memberships, all pages. */
  teamMemberships(teamGid: string): Promise<AsanaTeamMembership[]>;
  /** GET /users/{gid or email}; null when Asana answers 404. */
  user(gidOrEmail: string): Promise<AsanaUser | null>;
  /** SCIM GET /Users, all pages (startIndex/count). */
  scimUsers(): Promise<ScimUser[]>;
  /** SCIM GET /Users?filter=userName eq "email"; null when none. */
  scimUserByEmail(email: string): Promise<ScimUser | null>;
  /** POST /workspaces/{gid}/addUser (invites an email that has no account). */
  addUserToWorkspace(workspaceGid: string, user: string): Promise<AsanaUser>;
  /** POST /workspaces/{gid}/removeUser. */
  removeUserFromWorkspace(workspaceGid: string, user: string): Promise<void>;
  /** POST /teams/{gid}/addUser. */
  addUserToTeam(teamGid: string, user: string): Promise<void>;
  /** POST /teams/{gid}/removeUser. */
  removeUserFromTeam(teamGid: string, user: string): Promise<void>;
  /** POST /batch with at most 10 membership actions; throws a RangeError on more. */
  batch(actions: BatchAction[]): Promise<BatchResult[]>;
  /** SCIM POST /Users. */
  scimCreateUser(input: { email: string; name: string; userType: ScimUserType }): Promise<ScimUser>;
  /** SCIM PATCH /Users/{id} userType. */
  scimSetUserType(id: string, userType: ScimUserType): Promise<ScimUser>;
  /** SCIM PATCH /Users/{id} active=false (Asana's deprovisioning). */
  scimDeactivate(id: string): Promise<ScimUser>;
  /** Requests by method, retries, 429s received, limiter wait. */
  counters(): ClientCounters;
}

export function createAsanaClient(options: ClientOptions): AsanaClient {
  void options;
  throw new Error('createAsanaClient: being implemented (API committed first for other engineers)');
}
