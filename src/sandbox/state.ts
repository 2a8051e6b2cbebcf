// The simulated domain in memory: users, workspaces, teams and memberships, indexed by gid and email,
// and the mutations Asana's API can make to them. Everything the HTTP layer changes goes through the
// functions here, so the rules about what a change drags along (a removed workspace member leaves its
// teams; a deprovisioned user leaves everything) live in one place.
import { emailDomain } from './seed.js';
import type { Seed, SeedLicense, SeedPlan, SeedToken, TeamRole, TeamVisibility } from './seed-types.js';
import { compareGid, SortedList } from './sorted-list.js';

export interface UserRec {
  gid: string;
  email: string;
  emailLower: string;
  name: string;
  /** Null for users outside the organizations' email domains (guests), and for service accounts. */
  license: SeedLicense | null;
  active: boolean;
  serviceAccount: boolean;
  /** Gids of the workspaces and teams the user is a member of. */
  workspaces: Set<string>;
  teams: Set<string>;
}

export interface WorkspaceMembershipRec {
  gid: string;
  workspaceGid: string;
  userGid: string;
  isAdmin: boolean;
  createdAt: string;
}

export interface TeamMembershipRec {
  gid: string;
  teamGid: string;
  userGid: string;
  role: TeamRole;
}

export interface TeamRec {
  gid: string;
  name: string;
  workspaceGid: string;
  visibility: TeamVisibility;
  members: SortedList<TeamMembershipRec>;
}

export interface WorkspaceRec {
  gid: string;
  name: string;
  isOrganization: boolean;
  emailDomains: string[];
  members: SortedList<WorkspaceMembershipRec>;
  teams: SortedList<TeamRec>;
}

export interface TokenRec {
  name: string;
  value: string;
  kind: 'pat' | 'service-account';
  /** The user the token acts as (a service account's own identity for service-account tokens). */
  userGid: string;
}

export interface DomainState {
  domain: string;
  plan: SeedPlan;
  nextGid: bigint;
  tokens: Map<string, TokenRec>;
  users: Map<string, UserRec>;
  usersByEmail: Map<string, UserRec>;
  /** Users of the domain (email in an organization's domains), sorted by gid: SCIM's list. */
  domainUsers: SortedList<UserRec>;
  workspaces: SortedList<WorkspaceRec>;
  teams: Map<string, TeamRec>;
  /** Email domains of all organizations, lower-cased. */
  orgDomains: Set<string>;
}

/** When seeded memberships were created (a fixed date keeps dumps reproducible). */
export const SEEDED_AT = '2024-01-15T09:00:00.000Z';

export function newGid(state: DomainState): string {
  const gid = state.nextGid.toString();
  state.nextGid += 1n;
  return gid;
}

export function isDomainEmail(state: DomainState, email: string): boolean {
  return state.orgDomains.has(emailDomain(email));
}

/** A guest: a member of an organization whose email is outside the organization's domains. */
export function isGuestIn(ws: WorkspaceRec, user: UserRec): boolean {
  return ws.isOrganization && !ws.emailDomains.includes(emailDomain(user.emailLower));
}

export function isViewOnly(user: UserRec): boolean {
  return user.license === 'view-only';
}

/** Builds the in-memory domain from a validated seed. Gids missing from the seed are assigned in seed order. */
export function buildState(seed: Seed): DomainState {
  // The highest gid in the seed, compared as digit strings (BigInt only once, at the end).
  let maxGid = '0';
  const noteGid = (gid: string | undefined) => {
    if (gid !== undefined && compareGid(gid, maxGid) > 0) maxGid = gid;
  };
  for (const t of seed.tokens) if (t.kind === 'service-account') noteGid(t.gid);
  for (const u of seed.users) noteGid(u.gid);
  for (const ws of seed.workspaces) {
    noteGid(ws.gid);
    for (const m of ws.members ?? []) if (typeof m === 'object') noteGid(m.gid);
    for (const t of ws.teams ?? []) {
      noteGid(t.gid);
      for (const m of t.members ?? []) if (typeof m === 'object') noteGid(m.gid);
    }
  }
  const floor = 1200000000000001n;
  let next = BigInt(maxGid) + 1n > floor ? BigInt(maxGid) + 1n : floor;
  if (seed.nextGid !== undefined && BigInt(seed.nextGid) > next) next = BigInt(seed.nextGid);

  const orgDomains = new Set<string>();
  for (const ws of seed.workspaces) {
    if (ws.organization) for (const d of ws.emailDomains ?? []) orgDomains.add(d.toLowerCase());
  }
  const state: DomainState = {
    domain: seed.domain ?? 'sandbox',
    plan: seed.plan,
    nextGid: next,
    tokens: new Map(),
    users: new Map(),
    usersByEmail: new Map(),
    domainUsers: new SortedList((u) => u.gid),
    workspaces: new SortedList((w) => w.gid),
    teams: new Map(),
    orgDomains,
  };
  const gidOr = (gid: string | undefined) => gid ?? newGid(state);

  const serviceAccounts: UserRec[] = [];
  for (const t of seed.tokens) {
    if (t.kind !== 'service-account') continue;
    const user = makeUser(
      gidOr(t.gid),
      t.email ?? `service-account-${t.name}@sandbox.invalid`,
      t.displayName ?? t.name,
    );
    user.serviceAccount = true;
    serviceAccounts.push(user);
    state.users.set(user.gid, user);
  }
  for (const u of seed.users) {
    const user = makeUser(gidOr(u.gid), u.email, u.name ?? u.email.slice(0, u.email.indexOf('@')));
    user.active = u.active !== false;
    user.license = isDomainEmail(state, user.emailLower) ? (u.license ?? 'enterprise') : null;
    indexUser(state, user);
  }
  let saIndex = 0;
  for (const t of seed.tokens) {
    const userGid =
      t.kind === 'service-account'
        ? serviceAccounts[saIndex++]!.gid
        : state.usersByEmail.get(t.user.toLowerCase())!.gid;
    state.tokens.set(t.value, { name: t.name, value: t.value, kind: t.kind, userGid });
  }
  const pendingTeams: { ws: WorkspaceRec; team: NonNullable<Seed['workspaces'][number]['teams']>[number] }[] =
    [];
  const seeded: { w: Seed['workspaces'][number]; ws: WorkspaceRec }[] = [];
  for (const w of seed.workspaces) {
    const ws: WorkspaceRec = {
      gid: gidOr(w.gid),
      name: w.name,
      isOrganization: w.organization === true,
      emailDomains: (w.emailDomains ?? []).map((d) => d.toLowerCase()),
      members: new SortedList((m) => m.userGid),
      teams: new SortedList((t) => t.gid),
    };
    state.workspaces.add(ws);
    seeded.push({ w, ws });
    for (const t of w.teams ?? []) pendingTeams.push({ ws, team: t });
  }
  // Teams get their gids before any membership, so a seed without gids numbers its objects by kind.
  const teams = pendingTeams.map(({ ws, team }) => {
    const rec: TeamRec = {
      gid: gidOr(team.gid),
      name: team.name,
      workspaceGid: ws.gid,
      visibility: team.visibility ?? 'public',
      members: new SortedList((m) => m.userGid),
    };
    ws.teams.add(rec);
    state.teams.set(rec.gid, rec);
    return { rec, seedTeam: team };
  });
  for (const { w, ws } of seeded) {
    for (const m of w.members ?? []) {
      const entry = typeof m === 'string' ? { user: m } : m;
      const user = state.usersByEmail.get(entry.user.toLowerCase())!;
      const rec: WorkspaceMembershipRec = {
        gid: gidOr(typeof m === 'object' ? m.gid : undefined),
        workspaceGid: ws.gid,
        userGid: user.gid,
        isAdmin: typeof m === 'object' && m.admin === true,
        createdAt: (typeof m === 'object' && m.createdAt) || SEEDED_AT,
      };
      ws.members.add(rec);
      user.workspaces.add(ws.gid);
    }
  }
  for (const { rec: team, seedTeam } of teams) {
    for (const m of seedTeam.members ?? []) {
      const entry = typeof m === 'string' ? { user: m } : m;
      const user = state.usersByEmail.get(entry.user.toLowerCase())!;
      team.members.add({
        gid: gidOr(typeof m === 'object' ? m.gid : undefined),
        teamGid: team.gid,
        userGid: user.gid,
        role: (typeof m === 'object' && m.role) || 'member',
      });
      user.teams.add(team.gid);
    }
  }
  return state;
}

function makeUser(gid: string, email: string, name: string): UserRec {
  return {
    gid,
    email,
    emailLower: email.toLowerCase(),
    name,
    license: null,
    active: true,
    serviceAccount: false,
    workspaces: new Set(),
    teams: new Set(),
  };
}

function indexUser(state: DomainState, user: UserRec): void {
  state.users.set(user.gid, user);
  state.usersByEmail.set(user.emailLower, user);
  if (!user.serviceAccount && isDomainEmail(state, user.emailLower)) state.domainUsers.add(user);
}

/** Creates an account (an invitation or a SCIM create). New domain accounts get `license`. */
export function createUser(state: DomainState, email: string, name: string, license: SeedLicense): UserRec {
  const user = makeUser(newGid(state), email, name);
  user.license = isDomainEmail(state, user.emailLower) ? license : null;
  indexUser(state, user);
  return user;
}

/** Adds a workspace member; returns whether anything changed. */
export function addWorkspaceMember(state: DomainState, ws: WorkspaceRec, user: UserRec, now: Date): boolean {
  if (ws.members.get(user.gid)) return false;
  ws.members.add({
    gid: newGid(state),
    workspaceGid: ws.gid,
    userGid: user.gid,
    isAdmin: false,
    createdAt: now.toISOString(),
  });
  user.workspaces.add(ws.gid);
  return true;
}

/** Removes a workspace member and, with it, the user's memberships of the workspace's teams. */
export function removeWorkspaceMember(state: DomainState, ws: WorkspaceRec, user: UserRec): boolean {
  let changed = ws.members.remove(user.gid) !== undefined;
  user.workspaces.delete(ws.gid);
  for (const teamGid of [...user.teams]) {
    const team = state.teams.get(teamGid);
    if (team && team.workspaceGid === ws.gid) changed = removeTeamMember(team, user) || changed;
  }
  return changed;
}

export function addTeamMember(state: DomainState, team: TeamRec, user: UserRec): TeamMembershipRec {
  const existing = team.members.get(user.gid);
  if (existing) return existing;
  const rec: TeamMembershipRec = { gid: newGid(state), teamGid: team.gid, userGid: user.gid, role: 'member' };
  team.members.add(rec);
  user.teams.add(team.gid);
  return rec;
}

export function removeTeamMember(team: TeamRec, user: UserRec): boolean {
  user.teams.delete(team.gid);
  return team.members.remove(user.gid) !== undefined;
}

/** Asana's deprovisioning ("zombify"): the account stays, inactive, with no membership left. */
export function deprovision(state: DomainState, user: UserRec): boolean {
  if (!user.active) return false;
  for (const wsGid of [...user.workspaces]) {
    const ws = state.workspaces.get(wsGid);
    if (ws) removeWorkspaceMember(state, ws, user);
  }
  for (const teamGid of [...user.teams]) {
    const team = state.teams.get(teamGid);
    if (team) removeTeamMember(team, user);
  }
  user.active = false;
  return true;
}

/** The seed that rebuilds this state exactly (every gid explicit). Token values are left out unless asked. */
export function toSeed(state: DomainState, options: { includeTokenValues: boolean }): Seed {
  const users = [...state.users.values()]
    .filter((u) => !u.serviceAccount)
    .sort((a, b) => compareGid(a.gid, b.gid));
  const tokens: SeedToken[] = [...state.tokens.values()].map((t) => {
    const user = state.users.get(t.userGid)!;
    const value = options.includeTokenValues ? t.value : '(hidden)';
    return t.kind === 'pat'
      ? { name: t.name, value, kind: 'pat', user: user.email }
      : {
          name: t.name,
          value,
          kind: 'service-account',
          gid: user.gid,
          email: user.email,
          displayName: user.name,
        };
  });
  return {
    version: 1,
    domain: state.domain,
    plan: state.plan,
    nextGid: state.nextGid.toString(),
    tokens,
    users: users.map((u) => ({
      gid: u.gid,
      email: u.email,
      name: u.name,
      ...(u.license ? { license: u.license } : {}),
      ...(u.active ? {} : { active: false }),
    })),
    workspaces: state.workspaces.items.map((ws) => ({
      gid: ws.gid,
      name: ws.name,
      organization: ws.isOrganization,
      ...(ws.isOrganization ? { emailDomains: [...ws.emailDomains] } : {}),
      members: ws.members.items.map((m) => ({
        user: state.users.get(m.userGid)!.email,
        ...(m.isAdmin ? { admin: true } : {}),
        gid: m.gid,
        createdAt: m.createdAt,
      })),
      ...(ws.isOrganization
        ? {
            teams: ws.teams.items.map((t) => ({
              gid: t.gid,
              name: t.name,
              visibility: t.visibility,
              members: t.members.items.map((m) => ({
                user: state.users.get(m.userGid)!.email,
                ...(m.role === 'member' ? {} : { role: m.role }),
                gid: m.gid,
              })),
            })),
          }
        : {}),
    })),
  };
}
