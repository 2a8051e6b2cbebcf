// Drift is read-only by construction: it holds an AsanaReader, a view of the client that has only
// the read methods. The view is a new object carrying bound read methods and nothing else, so even
// a cast cannot reach a write method through it.
import type { AsanaClient } from '../asana/client.js';

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

/** Thrown by the write methods of forReadOnlyUse(): nothing was sent. */
export class ReadOnlyViolation extends Error {
  override readonly name = 'ReadOnlyViolation';
}

/**
 * A whole AsanaClient over a reader, for functions typed with the whole client that only read
 * (state/readLiveState): each write method rejects before anything reaches the network.
 */
export function forReadOnlyUse(reader: AsanaReader): AsanaClient {
  const refuse = (method: string) => () =>
    Promise.reject(new ReadOnlyViolation(`drift is read-only: ${method} was refused before any request`));
  const writes: Pick<AsanaClient, (typeof WRITE_METHODS)[number]> = {
    addUserToWorkspace: refuse('addUserToWorkspace'),
    removeUserFromWorkspace: refuse('removeUserFromWorkspace'),
    addUserToTeam: refuse('addUserToTeam'),
    removeUserFromTeam: refuse('removeUserFromTeam'),
    batch: refuse('batch'),
    scimCreateUser: refuse('scimCreateUser'),
    scimSetUserType: refuse('scimSetUserType'),
    scimDeactivate: refuse('scimDeactivate'),
  };
  return Object.freeze({ ...reader, ...writes });
}
