// Hand-built DesiredState and LiveState for plan and report tests: small specs in, the exact model
// shapes out (sorted the way config/ and state/ sort them), so each test states only what matters.
import type {
  DeclaredLicense,
  DesiredMember,
  DesiredState,
  DesiredTeam,
  DesiredWorkspace,
  LiveState,
  LiveTeamMembership,
  LiveUser,
  LiveWorkspaceMembership,
  MemberRole,
  MembershipMode,
  RevocationLimit,
  SourceLocation,
} from '../../src/model/index.js';
import type { PlanOptions } from '../../src/plan/index.js';

export const FILE = 'access.yaml';

// ---------------------------------------------------------------------------------------------
// Live state

/** `enterprise`/`view-only` (active SCIM user), `deprovisioned` (inactive), `guest` (no SCIM record). */
export type LiveLicense = 'enterprise' | 'view-only' | 'deprovisioned' | 'guest';

export interface LiveUserSpec {
  email: string;
  name?: string;
  gid?: string;
  license?: LiveLicense;
  /** Only in SCIM (an account that is a member of no workspace read). */
  scimOnly?: boolean;
}

export type LiveWsMemberSpec =
  | string
  | { email: string; admin?: boolean; guest?: boolean; viewOnly?: boolean; active?: boolean };
export type LiveTeamMemberSpec =
  | string
  | { email: string; admin?: boolean; limited?: boolean; guest?: boolean };

export interface LiveTeamSpec {
  gid: string;
  name: string;
  members?: LiveTeamMemberSpec[];
  /** Defaults to true: the team's memberships were read. */
  inScope?: boolean;
}

export interface LiveWorkspaceSpec {
  gid: string;
  name: string;
  org?: boolean;
  members?: LiveWsMemberSpec[];
  teams?: LiveTeamSpec[];
  /** Defaults to true. */
  inScope?: boolean;
}

export interface LiveSpec {
  /** The token's user; a service account (no memberships) by default. */
  me?: string;
  /** Whether SCIM was read (default true). */
  scim?: boolean;
  users: LiveUserSpec[];
  workspaces: LiveWorkspaceSpec[];
}

export const SERVICE_ACCOUNT = { gid: '900', email: 'bot@acme.example', name: 'bot' };

export function makeLive(spec: LiveSpec): LiveState {
  const users: LiveUser[] = [];
  const byEmail = new Map<string, LiveUser>();
  let next = 1000;
  const scimUsers: LiveState['scimUsers'] = spec.scim === false ? null : [];
  for (const u of spec.users) {
    const user = {
      gid: u.gid ?? String(next++),
      email: u.email.toLowerCase(),
      name: u.name ?? nameOf(u.email),
    };
    byEmail.set(user.email, user);
    if (!u.scimOnly) users.push(user);
    const license = u.license ?? 'enterprise';
    if (scimUsers && license !== 'guest') {
      scimUsers.push({
        id: user.gid,
        userName: user.email,
        active: license !== 'deprovisioned',
        userType: license === 'view-only' ? 'view only' : 'enterprise',
      });
    }
  }
  const gidOf = (email: string): string => {
    const u = byEmail.get(email.toLowerCase());
    if (!u) throw new Error(`fixture: live member ${email} is not in users`);
    return u.gid;
  };
  const me = spec.me ? byEmail.get(spec.me)! : SERVICE_ACCOUNT;
  if (!spec.me) users.push(SERVICE_ACCOUNT);
  const workspaceMemberships: LiveWorkspaceMembership[] = [];
  const teamMemberships: LiveTeamMembership[] = [];
  const teams: LiveState['teams'] = [];
  const scope = { workspaceGids: [] as string[], teamGids: [] as string[], scim: spec.scim !== false };
  for (const ws of spec.workspaces) {
    if (ws.inScope !== false) scope.workspaceGids.push(ws.gid);
    for (const m of ws.members ?? []) {
      const o = typeof m === 'string' ? { email: m } : m;
      const license = spec.users.find((u) => u.email === o.email)?.license;
      workspaceMemberships.push({
        workspaceGid: ws.gid,
        userGid: gidOf(o.email),
        isActive: o.active ?? true,
        isAdmin: o.admin ?? false,
        isGuest: o.guest ?? license === 'guest',
        isViewOnly: o.viewOnly ?? license === 'view-only',
      });
    }
    for (const t of ws.teams ?? []) {
      teams.push({ gid: t.gid, name: t.name, workspaceGid: ws.gid });
      if (t.inScope !== false && ws.inScope !== false) scope.teamGids.push(t.gid);
      for (const m of t.members ?? []) {
        const o = typeof m === 'string' ? { email: m } : m;
        teamMemberships.push({
          teamGid: t.gid,
          userGid: gidOf(o.email),
          isAdmin: o.admin ?? false,
          isGuest: o.guest ?? false,
          isLimitedAccess: o.limited ?? false,
        });
      }
    }
  }
  return {
    me: { ...me },
    workspaces: spec.workspaces
      .map((w) => ({
        gid: w.gid,
        name: w.name,
        isOrganization: w.org ?? true,
        emailDomains: ['acme.example'],
      }))
      .sort(byGid),
    users: users.sort(byGid),
    workspaceMemberships,
    teams: teams.sort(byGid),
    teamMemberships,
    scimUsers: scimUsers?.sort((a, b) => cmp(a.id, b.id)) ?? null,
    scope,
  };
}

// ---------------------------------------------------------------------------------------------
// Desired state

export interface DesiredUserSpec {
  email: string;
  license?: DeclaredLicense;
  name?: string;
}

/** A member: an email (role member), or an email with a declared role. */
export type DesiredMemberSpec = string | { email: string; role: MemberRole };

export interface DesiredTeamSpec {
  name: string;
  mode?: MembershipMode;
  members?: DesiredMemberSpec[];
}

export interface DesiredWorkspaceSpec {
  ref: string;
  mode?: MembershipMode;
  members?: DesiredMemberSpec[];
  teams?: DesiredTeamSpec[];
}

export interface DesiredSpec {
  manageLicenses?: boolean;
  defaultWorkspace?: string;
  newAccountLicense?: 'view-only' | 'enterprise';
  /** Plain strings are users without a declared license. */
  users?: Array<string | DesiredUserSpec>;
  workspaces?: DesiredWorkspaceSpec[];
  protected?: string[];
  ignore?: string[];
  revocationLimit?: RevocationLimit;
}

/** Builds a DesiredState; every declaration gets its own line in FILE, in spec order. */
export function makeDesired(spec: DesiredSpec): DesiredState {
  let line = 1;
  const at = (): SourceLocation => ({ file: FILE, line: line++, col: 5 });
  const users = (spec.users ?? []).map((u) => {
    const o = typeof u === 'string' ? { email: u } : u;
    return {
      email: o.email.toLowerCase(),
      ...(o.name ? { name: o.name } : {}),
      ...(o.license ? { license: o.license } : {}),
      at: at(),
    };
  });
  const members = (specs: DesiredMemberSpec[] | undefined): DesiredMember[] =>
    (specs ?? []).map((m) => {
      const o = typeof m === 'string' ? { email: m } : m;
      const role = 'role' in o && o.role !== 'member' ? { role: o.role } : {};
      return { email: o.email.toLowerCase(), ...role, at: at() };
    });
  const workspaces: DesiredWorkspace[] = (spec.workspaces ?? []).map((w) => {
    const wsAt = at();
    return {
      ref: w.ref,
      mode: w.mode ?? 'authoritative',
      members: members(w.members),
      teams: (w.teams ?? []).map(
        (t): DesiredTeam => ({
          name: t.name,
          mode: t.mode ?? 'authoritative',
          at: at(),
          members: members(t.members),
        }),
      ),
      at: wsAt,
    };
  });
  return {
    settings: {
      ...(spec.defaultWorkspace ? { defaultWorkspace: spec.defaultWorkspace } : {}),
      manageLicenses: spec.manageLicenses ?? true,
      newAccountLicense: spec.newAccountLicense ?? 'view-only',
    },
    users: users.sort((a, b) => cmp(a.email, b.email)),
    workspaces,
    policy: {
      revocationLimit: spec.revocationLimit ?? { count: 1000 },
      protected: spec.protected ?? [],
      ignore: spec.ignore ?? [],
    },
    accept: [],
    sources: [FILE],
  };
}

export const OPTIONS: PlanOptions = {
  toolVersion: '0.1.0',
  createdAt: '2026-01-02T03:04:05.000Z',
  configDigest: `sha256:${'c'.repeat(64)}`,
  liveDigest: `sha256:${'d'.repeat(64)}`,
  baseUrl: 'https://app.asana.com/api/1.0',
};

// ---------------------------------------------------------------------------------------------
// A small, complete scenario shared by renderer tests: every action kind and several manual items.

export function scenario(): { desired: DesiredState; live: LiveState } {
  const live = makeLive({
    users: [
      { email: 'ada@acme.example', name: 'Ada Admin' },
      { email: 'bob@acme.example', name: 'Bob Builder', license: 'view-only' },
      { email: 'cat@acme.example', name: 'Cat Stevens' },
      { email: 'dan@acme.example', name: 'Dan Drop' },
      { email: 'eve@acme.example', name: 'Eve Gone', license: 'deprovisioned' },
      { email: 'gus@partner.example', name: 'Gus Guest', license: 'guest' },
      { email: 'ivy@acme.example', name: 'Ivy Ignored' },
    ],
    workspaces: [
      {
        gid: '1',
        name: 'Acme Corp',
        members: [
          { email: 'ada@acme.example', admin: true },
          'bob@acme.example',
          'cat@acme.example',
          'dan@acme.example',
          'gus@partner.example',
          'ivy@acme.example',
        ],
        teams: [
          {
            gid: '11',
            name: 'Engineering',
            members: [{ email: 'ada@acme.example', admin: true }, 'dan@acme.example'],
          },
          {
            gid: '12',
            name: 'Design',
            members: ['cat@acme.example', { email: 'bob@acme.example', limited: true }],
          },
        ],
      },
      { gid: '2', name: 'Partners Lab', org: false, members: ['ada@acme.example'] },
    ],
  });
  const desired = makeDesired({
    defaultWorkspace: 'Acme Corp',
    users: [
      { email: 'ada@acme.example', license: 'enterprise' },
      { email: 'bob@acme.example', license: 'enterprise' },
      { email: 'cat@acme.example', license: 'view-only' },
      { email: 'dan@acme.example', license: 'none' },
      { email: 'eve@acme.example', license: 'enterprise' },
      { email: 'fay@acme.example', license: 'enterprise', name: 'Fay New' },
      { email: 'gus@partner.example', license: 'enterprise' },
    ],
    ignore: ['ivy@*'],
    workspaces: [
      {
        ref: 'Acme Corp',
        members: [
          'ada@acme.example',
          'bob@acme.example',
          'cat@acme.example',
          'fay@acme.example',
          'gus@partner.example',
        ],
        teams: [
          { name: 'Engineering', members: ['ada@acme.example', 'bob@acme.example', 'fay@acme.example'] },
          { name: 'Design', members: ['bob@acme.example'] },
        ],
      },
      { ref: 'Partners Lab', mode: 'additive', members: ['ada@acme.example', 'cat@acme.example'] },
    ],
  });
  return { desired, live };
}

function nameOf(email: string): string {
  const local = email.split('@')[0] ?? email;
  return local.charAt(0).toUpperCase() + local.slice(1);
}

function byGid<T extends { gid: string }>(a: T, b: T): number {
  return cmp(a.gid, b.gid);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
