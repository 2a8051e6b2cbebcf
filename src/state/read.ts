// Reads the live state a scope needs: /users/me and /workspaces first, then, all at once (the
// client's limiter paces them), the members and teams of each scoped workspace, the members of each
// scoped team, and the SCIM users. One request per page of each list; nothing per user.
import type { AsanaReader } from '../asana/reader.js';
import type { AsanaTeam, AsanaUser, AsanaWorkspace } from '../asana/types.js';
import type {
  LiveScimUser,
  LiveState,
  LiveTeamMembership,
  LiveUser,
  LiveWorkspaceMembership,
} from '../model/index.js';
import { canonicalLiveState } from './digest.js';
import { createListPacer } from './pace.js';
import { type ReadScope, refMatches } from './scope.js';

/** Told as the read advances (the CLI shows it on stderr). */
export interface ReadProgress {
  /** A list finished; `total` grows as teams are discovered. */
  listDone(done: number, total: number, label: string): void;
}

export async function readLiveState(
  client: AsanaReader,
  scope: ReadScope,
  progress?: ReadProgress,
): Promise<LiveState> {
  let done = 0;
  let total = 2 + (scope.scim ? 1 : 0);
  const track = <T>(label: string, work: Promise<T>): Promise<T> =>
    work.then((value) => {
      done++;
      progress?.listDone(done, total, label);
      return value;
    });

  // The member lists of workspaces and SCIM are read page after page; team lists give them room.
  const pacer = createListPacer();
  const scimWork = scope.scim ? track('SCIM users', pacer.long(client.scimUsers())) : Promise.resolve(null);
  // Started before /users/me and /workspaces resolve; its failure is still awaited below.
  scimWork.catch(() => undefined);
  const [me, workspaces] = await Promise.all([
    track('your user', client.me()),
    track('workspaces', client.workspaces()),
  ]);

  const scoped = workspaces.filter((w) => inWorkspaceScope(scope, w));
  total += scoped.length + scoped.filter((w) => w.isOrganization).length;

  const scopedTeams: AsanaTeam[] = [];
  const perWorkspace = scoped.map(async (ws) => {
    const membersWork = track(`members of ${ws.name}`, pacer.long(client.workspaceMemberships(ws.gid)));
    // Only organizations have teams; asking a plain workspace for them is an error in Asana.
    const teamsWork = ws.isOrganization
      ? track(`teams of ${ws.name}`, client.teams(ws.gid))
      : Promise.resolve([]);
    const teamMembersWork = teamsWork.then((teams) => {
      const chosen = teams.filter((t) => inTeamScope(scope, ws, t));
      scopedTeams.push(...chosen);
      total += chosen.length;
      return pacer.short(chosen, (t) => track(`members of team ${t.name}`, client.teamMemberships(t.gid)));
    });
    const [members, teams, teamMembers] = await Promise.all([membersWork, teamsWork, teamMembersWork]);
    return { members, teams, teamMembers: teamMembers.flat() };
  });
  const [results, scimUsers] = await Promise.all([Promise.all(perWorkspace), scimWork]);

  const users = new Map<string, LiveUser>();
  const meetUser = (u: AsanaUser): void => {
    const known = users.get(u.gid);
    const email = u.email.trim().toLowerCase();
    if (!known) users.set(u.gid, { gid: u.gid, email, name: u.name });
    else if (known.email === '' && email !== '') known.email = email;
  };
  meetUser(me);

  const workspaceMemberships = new Map<string, LiveWorkspaceMembership>();
  const teamMemberships = new Map<string, LiveTeamMembership>();
  for (const r of results) {
    for (const m of r.members) {
      meetUser(m.user);
      workspaceMemberships.set(`${m.workspaceGid}/${m.user.gid}`, {
        workspaceGid: m.workspaceGid,
        userGid: m.user.gid,
        isActive: m.isActive,
        isAdmin: m.isAdmin,
        isGuest: m.isGuest,
        isViewOnly: m.isViewOnly,
      });
    }
    for (const m of r.teamMembers) {
      meetUser(m.user);
      teamMemberships.set(`${m.teamGid}/${m.user.gid}`, {
        teamGid: m.teamGid,
        userGid: m.user.gid,
        isAdmin: m.isAdmin,
        isGuest: m.isGuest,
        isLimitedAccess: m.isLimitedAccess,
      });
    }
  }
  const teams = new Map<string, AsanaTeam>();
  for (const r of results) for (const t of r.teams) teams.set(t.gid, t);

  let scim: LiveScimUser[] | null = null;
  if (scimUsers !== null) {
    const byId = new Map<string, LiveScimUser>();
    for (const u of scimUsers) {
      byId.set(u.id, {
        id: u.id,
        userName: u.userName.trim().toLowerCase(),
        active: u.active,
        userType: u.userType,
      });
    }
    scim = [...byId.values()];
  }

  return canonicalLiveState({
    me: { gid: me.gid, email: me.email.trim().toLowerCase(), name: me.name },
    workspaces: workspaces.map((w) => ({
      gid: w.gid,
      name: w.name,
      isOrganization: w.isOrganization,
      emailDomains: w.emailDomains.map((d) => d.toLowerCase()),
    })),
    users: [...users.values()],
    workspaceMemberships: [...workspaceMemberships.values()],
    teams: [...teams.values()].map((t) => ({ gid: t.gid, name: t.name, workspaceGid: t.workspaceGid })),
    teamMemberships: [...teamMemberships.values()],
    scimUsers: scim,
    scope: {
      workspaceGids: scoped.map((w) => w.gid),
      teamGids: [...new Set(scopedTeams.map((t) => t.gid))],
      scim: scope.scim,
    },
  });
}

function inWorkspaceScope(scope: ReadScope, ws: AsanaWorkspace): boolean {
  return scope.workspaces === 'all' || scope.workspaces.some((ref) => refMatches(ref, ws.gid, ws.name));
}

function inTeamScope(scope: ReadScope, ws: AsanaWorkspace, team: AsanaTeam): boolean {
  if (scope.teams === 'all') return true;
  return scope.teams.some(
    (t) => refMatches(t.workspace, ws.gid, ws.name) && refMatches(t.team, team.gid, team.name),
  );
}
