// AsanaReader: the read half of the client. Reading live state needs only this, and drift holds
// nothing else, so drift is read-only by construction. readOnlyView() builds a new object carrying
// bound read methods and nothing else, so even a cast cannot reach a write method through it.
import type { AsanaClient } from './client.js';

/** The methods of the client that only read (GET requests, REST and SCIM). */
export const READ_METHODS = [
  'me',
  'workspaces',
  'workspaceMemberships',
  'teams',
  'teamMemberships',
  'user',
  'scimUsers',
  'scimUserByEmail',
  'counters',
] as const satisfies readonly (keyof AsanaClient)[];

export type AsanaReader = Pick<AsanaClient, 'baseUrl' | (typeof READ_METHODS)[number]>;

/** The methods that write; an AsanaReader has none of them. */
export const WRITE_METHODS = [
  'addUserToWorkspace',
  'removeUserFromWorkspace',
  'addUserToTeam',
  'removeUserFromTeam',
  'batch',
  'scimCreateUser',
  'scimSetUserType',
  'scimDeactivate',
] as const satisfies readonly Exclude<keyof AsanaClient, keyof AsanaReader>[];

// Every client method is either a read or a write: adding a method to AsanaClient without
// classifying it here fails to compile.
type Unclassified = Exclude<
  keyof AsanaClient,
  'baseUrl' | (typeof READ_METHODS)[number] | (typeof WRITE_METHODS)[number]
>;
const everyMethodClassified: [Unclassified] extends [never] ? true : Unclassified = true;
void everyMethodClassified;

export function readOnlyView(client: AsanaClient): AsanaReader {
  return Object.freeze({
    baseUrl: client.baseUrl,
    me: client.me.bind(client),
    workspaces: client.workspaces.bind(client),
    workspaceMemberships: client.workspaceMemberships.bind(client),
    teams: client.teams.bind(client),
    teamMemberships: client.teamMemberships.bind(client),
    user: client.user.bind(client),
    scimUsers: client.scimUsers.bind(client),
    scimUserByEmail: client.scimUserByEmail.bind(client),
    counters: client.counters.bind(client),
  });
}
