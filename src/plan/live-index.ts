// Lookups over a LiveState, built once in linear time so that planning and fact checks never scan a
// list per user (50,000 users and 200,000 team memberships must plan in well under a second).
import type {
  LiveScimUser,
  LiveState,
  LiveTeam,
  LiveTeamMembership,
  LiveUser,
  LiveWorkspace,
  LiveWorkspaceMembership,
} from '../model/index.js';

export interface LiveIndex {
  live: LiveState;
  workspaceByGid: Map<string, LiveWorkspace>;
  workspacesByName: Map<string, LiveWorkspace[]>;
  teamByGid: Map<string, LiveTeam>;
  /** workspace gid → team name → teams of that name (more than one = ambiguous). */
  teamsByName: Map<string, Map<string, LiveTeam[]>>;
  userByEmail: Map<string, LiveUser>;
  userByGid: Map<string, LiveUser>;
  /** Null when SCIM was not read. */
  scimByEmail: Map<string, LiveScimUser> | null;
  /** workspace gid → user gid → membership (inactive ones included: check `isActive`). */
  workspaceMembers: Map<string, Map<string, LiveWorkspaceMembership>>;
  /** team gid → user gid → membership. */
  teamMembers: Map<string, Map<string, LiveTeamMembership>>;
  scopedWorkspaces: Set<string>;
  scopedTeams: Set<string>;
}

export function indexLive(live: LiveState): LiveIndex {
  const workspaceByGid = new Map<string, LiveWorkspace>();
  const workspacesByName = new Map<string, LiveWorkspace[]>();
  for (const ws of live.workspaces) {
    workspaceByGid.set(ws.gid, ws);
    pushTo(workspacesByName, ws.name, ws);
  }
  const teamByGid = new Map<string, LiveTeam>();
  const teamsByName = new Map<string, Map<string, LiveTeam[]>>();
  for (const team of live.teams) {
    teamByGid.set(team.gid, team);
    let byName = teamsByName.get(team.workspaceGid);
    if (!byName) {
      byName = new Map();
      teamsByName.set(team.workspaceGid, byName);
    }
    pushTo(byName, team.name, team);
  }
  const userByEmail = new Map<string, LiveUser>();
  const userByGid = new Map<string, LiveUser>();
  for (const user of live.users) {
    const email = user.email.toLowerCase();
    // Users are sorted by gid: the oldest account wins if an address ever appears twice.
    if (!userByEmail.has(email)) userByEmail.set(email, user);
    userByGid.set(user.gid, user);
  }
  let scimByEmail: Map<string, LiveScimUser> | null = null;
  if (live.scimUsers) {
    scimByEmail = new Map();
    for (const s of live.scimUsers) {
      const email = s.userName.toLowerCase();
      // An active record wins over a deactivated one for the same address.
      const seen = scimByEmail.get(email);
      if (!seen || (!seen.active && s.active)) scimByEmail.set(email, s);
    }
  }
  const workspaceMembers = new Map<string, Map<string, LiveWorkspaceMembership>>();
  for (const m of live.workspaceMemberships) getOrCreate(workspaceMembers, m.workspaceGid).set(m.userGid, m);
  const teamMembers = new Map<string, Map<string, LiveTeamMembership>>();
  for (const m of live.teamMemberships) getOrCreate(teamMembers, m.teamGid).set(m.userGid, m);
  return {
    live,
    workspaceByGid,
    workspacesByName,
    teamByGid,
    teamsByName,
    userByEmail,
    userByGid,
    scimByEmail,
    workspaceMembers,
    teamMembers,
    scopedWorkspaces: new Set(live.scope.workspaceGids),
    scopedTeams: new Set(live.scope.teamGids),
  };
}

/** The active membership of a user in a workspace, if any. */
export function activeWorkspaceMembership(
  index: LiveIndex,
  workspaceGid: string,
  userGid: string | undefined,
): LiveWorkspaceMembership | undefined {
  if (userGid === undefined) return undefined;
  const m = index.workspaceMembers.get(workspaceGid)?.get(userGid);
  return m?.isActive ? m : undefined;
}

export function teamMembership(
  index: LiveIndex,
  teamGid: string,
  userGid: string | undefined,
): LiveTeamMembership | undefined {
  if (userGid === undefined) return undefined;
  return index.teamMembers.get(teamGid)?.get(userGid);
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function getOrCreate<V>(map: Map<string, Map<string, V>>, key: string): Map<string, V> {
  let inner = map.get(key);
  if (!inner) {
    inner = new Map();
    map.set(key, inner);
  }
  return inner;
}
