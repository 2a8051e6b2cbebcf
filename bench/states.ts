// The two states the plan engine compares, built straight from the synthetic domain without HTTP or
// YAML: the LiveState Asana holds (what readLiveState would read) and the DesiredState the config
// declares (what loadDesiredState would load). The plan CPU figures use them, so the engine's time is
// measured alone; the smoke test checks the live one against a real read of the sandbox.
import type { DesiredState, DesiredUser, SourceLocation } from '../src/model/desired.js';
import type { LiveState, LiveUser, LiveWorkspaceMembership } from '../src/model/live.js';
import type { ChangeSet } from './changes.js';
import type { DomainView } from './domain.js';

const byGid = <T extends { gid: string }>(a: T, b: T): number => compareGid(a.gid, b.gid);

/** Gids are numeric strings: shorter sorts first, then lexicographic (numeric order without BigInt). */
export function compareGid(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * What readLiveState reads from the domain: users are those met in a membership (and the token's
 * own user), SCIM users are every non-guest account, all in canonical order.
 */
export function liveStateOf(d: DomainView): LiveState {
  const met = new Uint8Array(d.users.length);
  for (const i of d.orgMembers) met[i] = 1;
  for (const t of d.teams) for (const i of t.members) met[i] = 1;
  const users: LiveUser[] = d.users
    .filter((_, i) => met[i] === 1)
    .map((u) => ({ gid: u.gid, email: u.email, name: u.name }));
  if (!users.some((u) => u.gid === d.token.gid))
    users.push({ gid: d.token.gid, email: d.token.email, name: d.token.name });
  users.sort(byGid);
  const workspaceMemberships: LiveWorkspaceMembership[] = d.orgMembers
    .map((i) => {
      const u = d.users[i]!;
      return {
        workspaceGid: d.org.gid,
        userGid: u.gid,
        isActive: u.active,
        isAdmin: u.workspaceAdmin,
        isGuest: u.guest,
        isViewOnly: u.license === 'view-only',
      };
    })
    .sort((a, b) => compareGid(a.userGid, b.userGid));
  const teams = d.teams.map((t) => ({ gid: t.gid, name: t.name, workspaceGid: d.org.gid })).sort(byGid);
  const teamMemberships = d.teams
    .flatMap((t) =>
      t.members.map((i) => {
        const u = d.users[i]!;
        const role = t.roles.get(i);
        return {
          teamGid: t.gid,
          userGid: u.gid,
          isAdmin: role === 'admin',
          isGuest: u.guest,
          isLimitedAccess: role === 'limited-access',
        };
      }),
    )
    .sort((a, b) => compareGid(a.teamGid, b.teamGid) || compareGid(a.userGid, b.userGid));
  const scimUsers = d.users
    .filter((u) => !u.guest)
    .map((u) => ({
      id: u.gid,
      userName: u.email,
      active: u.active,
      userType: u.license === 'view-only' ? 'view only' : 'enterprise',
    }))
    .sort((a, b) => compareGid(a.id, b.id));
  return {
    me: { gid: d.token.gid, email: d.token.email, name: d.token.name },
    workspaces: [
      { gid: d.org.gid, name: d.org.name, isOrganization: true, emailDomains: d.org.emailDomains },
    ],
    users,
    workspaceMemberships,
    teams,
    teamMemberships,
    scimUsers,
    scope: { workspaceGids: [d.org.gid], teamGids: teams.map((t) => t.gid), scim: true },
  };
}

/** The config's member lists, as emails: the live memberships with the change set applied. */
export interface DesiredLists {
  /**
   * Every declared user, sorted by email. With manageLicenses on every user declares a license;
   * guests hold none in Asana and are declared view-only, which matches them (as `export` writes them).
   */
  users: Array<{ email: string; name: string; license: 'enterprise' | 'view-only'; guest: boolean }>;
  orgMembers: string[];
  /** Organization admins, declared with `role: admin` (as `export` writes them). */
  orgAdmins: Set<string>;
  /** Per team, in domain order, with the roles other than member that the team's members hold. */
  teams: Array<{ name: string; members: string[]; roles: Map<string, 'admin' | 'limited-access'> }>;
}

export function desiredLists(d: DomainView, c: ChangeSet): DesiredLists {
  const users: DesiredLists['users'] = [];
  for (let i = 0; i < d.users.length; i++) {
    const u = d.users[i]!;
    // Deprovisioned accounts and the token's own account stay out of the config (the config ignores
    // the service account; a deprovisioned user would have to be declared `none`).
    if (!u.active || u.email === d.token.email) continue;
    users.push({
      email: u.email,
      name: u.name,
      license: c.licenses.get(i) ?? u.license ?? 'view-only',
      guest: u.guest,
    });
  }
  for (const n of c.newAccounts)
    users.push({ email: n.email, name: n.name, license: n.license, guest: false });
  users.sort((a, b) => (a.email < b.email ? -1 : a.email > b.email ? 1 : 0));

  const orgMembers = d.orgMembers
    .filter((i) => d.users[i]!.active && d.users[i]!.email !== d.token.email)
    .map((i) => d.users[i]!.email);
  for (const n of c.newAccounts) orgMembers.push(n.email);
  const orgAdmins = new Set(
    d.orgMembers.filter((i) => d.users[i]!.workspaceAdmin).map((i) => d.users[i]!.email),
  );

  const newByTeam = new Map<number, string[]>();
  for (const n of c.newAccounts) newByTeam.set(n.team, [...(newByTeam.get(n.team) ?? []), n.email]);
  const teams = d.teams.map((t, ti) => {
    const revoked = c.revokes.get(ti);
    const members = t.members.filter((i) => !revoked?.has(i)).map((i) => d.users[i]!.email);
    for (const i of c.grants.get(ti) ?? []) members.push(d.users[i]!.email);
    members.push(...(newByTeam.get(ti) ?? []));
    // The config declares the roles Asana shows, so roles give no manual item (a revoked member's
    // role goes with the membership).
    const roles = new Map<string, 'admin' | 'limited-access'>();
    for (const [i, role] of t.roles) if (!revoked?.has(i)) roles.set(d.users[i]!.email, role);
    return { name: t.name, members, roles };
  });
  return { users, orgMembers, orgAdmins, teams };
}

/** Enough headroom that the revocation gate never stops the bench's own revocations. */
export function revocationLimitFor(c: ChangeSet): number {
  return c.counts.revokes + c.counts.licenses + 1000;
}

/** Member lists sorted by email, as the config loader gives them. */
const byEmail = (emails: string[]): string[] => [...emails].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

export function desiredStateOf(d: DomainView, c: ChangeSet): DesiredState {
  const lists = desiredLists(d, c);
  const file = 'bench/synthetic';
  let line = 0;
  const at = (): SourceLocation => ({ file, line: ++line, col: 1 });
  const users: DesiredUser[] = lists.users.map((u) => ({
    email: u.email,
    name: u.name,
    license: u.license,
    at: at(),
  }));
  return {
    settings: { defaultWorkspace: d.org.name, manageLicenses: true, newAccountLicense: 'view-only' },
    users,
    workspaces: [
      {
        ref: d.org.name,
        members: byEmail(lists.orgMembers).map((email) =>
          lists.orgAdmins.has(email) ? { email, role: 'admin', at: at() } : { email, at: at() },
        ),
        mode: 'authoritative',
        at: at(),
        teams: lists.teams.map((t) => ({
          name: t.name,
          mode: 'authoritative',
          at: at(),
          members: byEmail(t.members).map((email) => {
            const role = t.roles.get(email);
            return role ? { email, role, at: at() } : { email, at: at() };
          }),
        })),
      },
    ],
    policy: { revocationLimit: { count: revocationLimitFor(c) }, protected: [], ignore: [d.token.email] },
    accept: [],
    sources: [file],
  };
}
