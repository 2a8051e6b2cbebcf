// An in-memory AsanaClient for state/ tests: a small domain, with a log of the calls made.
import type { AsanaClient } from '../../src/asana/client.js';
import type {
  AsanaTeam,
  AsanaTeamMembership,
  AsanaUser,
  AsanaWorkspace,
  AsanaWorkspaceMembership,
  ScimUser,
} from '../../src/asana/types.js';

export interface FakeDomain {
  me: AsanaUser;
  workspaces: AsanaWorkspace[];
  members: Record<string, AsanaWorkspaceMembership[]>;
  teams: Record<string, AsanaTeam[]>;
  teamMembers: Record<string, AsanaTeamMembership[]>;
  scim: ScimUser[];
}

export function fakeClient(domain: FakeDomain): AsanaClient & { calls: string[] } {
  const calls: string[] = [];
  const unused = (name: string) => () => {
    throw new Error(`${name} must not be called while reading`);
  };
  const later = <T>(name: string, value: T): Promise<T> => {
    calls.push(name);
    return new Promise((resolve) => setTimeout(() => resolve(structuredClone(value)), 1));
  };
  return {
    calls,
    baseUrl: 'https://fake.example/api/1.0',
    me: () => later('me', domain.me),
    workspaces: () => later('workspaces', domain.workspaces),
    workspaceMemberships: (gid) => later(`members ${gid}`, domain.members[gid] ?? []),
    teams: (gid) => later(`teams ${gid}`, domain.teams[gid] ?? []),
    teamMemberships: (gid) => later(`team members ${gid}`, domain.teamMembers[gid] ?? []),
    scimUsers: () => later('scim', domain.scim),
    user: unused('user'),
    scimUserByEmail: unused('scimUserByEmail'),
    addUserToWorkspace: unused('addUserToWorkspace'),
    removeUserFromWorkspace: unused('removeUserFromWorkspace'),
    addUserToTeam: unused('addUserToTeam'),
    removeUserFromTeam: unused('removeUserFromTeam'),
    batch: unused('batch'),
    scimCreateUser: unused('scimCreateUser'),
    scimSetUserType: unused('scimSetUserType'),
    scimDeactivate: unused('scimDeactivate'),
    counters: () => ({
      requestsByMethod: {},
      requests: 0,
      retries: 0,
      rateLimited: 0,
      limiterWaitMs: 0,
      retryAfterWaitMs: 0,
      pages: 0,
    }),
  };
}

const u = (gid: string, email: string, name: string): AsanaUser => ({ gid, email, name });
export const ADA = u('101', 'Ada@Acme.example', 'Ada');
export const BEN = u('102', 'ben@acme.example', 'Ben');
export const CY = u('103', 'cy@partner.example', 'Cy');
export const DEE = u('104', 'dee@acme.example', 'Dee');

const wm = (
  ws: string,
  user: AsanaUser,
  flags: Partial<AsanaWorkspaceMembership> = {},
): AsanaWorkspaceMembership => ({
  gid: `9${ws}${user.gid}`,
  workspaceGid: ws,
  user,
  isActive: true,
  isAdmin: false,
  isGuest: false,
  isViewOnly: false,
  ...flags,
});
const tm = (
  team: string,
  user: AsanaUser,
  flags: Partial<AsanaTeamMembership> = {},
): AsanaTeamMembership => ({
  gid: `8${team}${user.gid}`,
  teamGid: team,
  user,
  isAdmin: false,
  isGuest: false,
  isLimitedAccess: false,
  ...flags,
});

/** Two workspaces: the organization Acme (teams Eng, Ops) and the plain workspace Side. */
export function acmeDomain(): FakeDomain {
  return {
    me: ADA,
    workspaces: [
      { gid: '2', name: 'Side', isOrganization: false, emailDomains: [] },
      { gid: '1', name: 'Acme', isOrganization: true, emailDomains: ['Acme.example'] },
    ],
    members: {
      '1': [
        wm('1', DEE, { isActive: false }),
        wm('1', BEN, { isViewOnly: true }),
        wm('1', ADA, { isAdmin: true }),
        wm('1', CY, { isGuest: true }),
      ],
      '2': [wm('2', ADA)],
    },
    teams: {
      '1': [
        { gid: '12', name: 'Ops', workspaceGid: '1' },
        { gid: '11', name: 'Eng', workspaceGid: '1' },
      ],
    },
    teamMembers: {
      '11': [tm('11', BEN), tm('11', ADA, { isAdmin: true })],
      '12': [tm('12', CY, { isGuest: true, isLimitedAccess: true })],
    },
    scim: [
      { id: '101', userName: 'Ada@Acme.example', name: 'Ada', active: true, userType: 'enterprise' },
      { id: '104', userName: 'dee@acme.example', name: 'Dee', active: false, userType: 'enterprise' },
      { id: '102', userName: 'ben@acme.example', name: 'Ben', active: true, userType: 'view only' },
    ],
  };
}
