// Random domains (sandbox seeds) and random desired configurations (YAML) for the convergence
// property, plus the oracle: what the sandbox must hold once a configuration has been applied.
// The oracle is written from the configuration alone, never from the planner, so that it can catch
// the planner's mistakes.
import fc from 'fast-check';
import { stringify } from 'yaml';
import type {
  Seed,
  SeedTeamMember,
  SeedUser,
  SeedWorkspaceMember,
  TeamRole,
} from '../../../src/sandbox/index.js';

export const SA_TOKEN = 'reliability-service-account-token';
export const PAT_TOKEN = 'reliability-admin-pat';
/** PAT of u1, a plain member of the organization (no admin rights). */
export const MEMBER_PAT_TOKEN = 'reliability-member-pat';

const DOMAIN = 'acme.example';
export const ADMIN = `u0@${DOMAIN}`;
/** Accounts that may exist in the seed (u0 always does: the PAT's user, admin everywhere). */
const EXISTING = ['u1', 'u2', 'u3', 'u4', 'u5', 'u6'].map((n) => `${n}@${DOMAIN}`);
const GUESTS = ['g1@guest.example', 'g2@guest.example'];
/** Emails with no account in the seed: declaring them makes the plan create the account. */
const NEWCOMERS = ['n1', 'n2', 'n3'].map((n) => `${n}@${DOMAIN}`);
const NEW_GUEST = 'g9@guest.example';
/** An account no config mentions, matched by the configs' ignore pattern: never touched. */
export const BOT = `bot1@${DOMAIN}`;
export const IGNORE_PATTERN = 'bot*@acme.example';

export const WORKSPACES = {
  acme: { gid: '1400000000000001', name: 'Acme' },
  lab: { gid: '1400000000000002', name: 'Lab' },
} as const;
export const TEAMS = [
  { gid: '1400000000000011', name: 'Eng', visibility: 'public' as const },
  { gid: '1400000000000012', name: 'Ops', visibility: 'request_to_join' as const },
  { gid: '1400000000000013', name: 'Sales', visibility: 'secret' as const },
];

type Lic = 'enterprise' | 'view-only';
type DeclaredLic = Lic | 'none';
type Mode = 'authoritative' | 'additive';
type TeamSlot = 'none' | TeamRole;

/** One account of the seed pool. */
interface AccountGen {
  exists: boolean;
  license: Lic;
  deprovisioned: boolean;
  acme: 'none' | 'member' | 'admin';
  lab: boolean;
  teams: TeamSlot[];
}

/** One email as the configuration may declare it. */
interface DeclGen {
  declared: boolean;
  license: DeclaredLic;
  withLicense: boolean;
  acme: boolean;
  lab: boolean;
  teams: boolean[];
}

export interface CaseGen {
  plan: 'enterprise' | 'premium';
  usePat: boolean;
  /** With a PAT: the organization admin's, or a plain member's (u1), whose rights are narrower. */
  patUser: 'admin' | 'member';
  bot: boolean;
  accounts: AccountGen[];
  guests: Array<{ exists: boolean; acme: boolean; lab: boolean; teams: TeamSlot[] }>;
  config: {
    manageLicenses: boolean;
    newAccountLicense: Lic;
    defaultWorkspace: boolean;
    declareLab: boolean;
    declareTeams: boolean[];
    acmeMode: Mode;
    labMode: Mode;
    teamModes: Mode[];
    useGroups: boolean;
    protectAdmin: boolean;
    decls: DeclGen[];
    /** Declare the new guest (an email outside the organization's domain without an account). */
    newGuest: DeclGen;
  };
}

/** A case ready to run: the seed, the token to use, the configuration, and the oracle's inputs. */
export interface ConvergenceCase {
  seed: Seed;
  token: string;
  yaml: string;
  expect: Expectation;
}

/** What the configuration declares, resolved to gids: the oracle's view. */
export interface Expectation {
  manageLicenses: boolean;
  workspaces: Array<{ gid: string; mode: Mode; members: string[] }>;
  teams: Array<{ gid: string; workspaceGid: string; mode: Mode; members: string[] }>;
  /** Declared users and their declared license (undefined: not managed). */
  users: Array<{ email: string; license?: DeclaredLic }>;
  ignore: string;
  /** The token is a service account: removing a domain user from an organization deprovisions it. */
  serviceAccount: boolean;
}

const slot = fc.constantFrom<TeamSlot>('none', 'none', 'none', 'member', 'member', 'admin', 'limited-access');
const mode = fc.constantFrom<Mode>('authoritative', 'additive');
const lic = fc.constantFrom<Lic>('enterprise', 'view-only');

const accountArb: fc.Arbitrary<AccountGen> = fc.record({
  exists: fc.nat(9).map((n) => n < 8),
  license: lic,
  deprovisioned: fc.nat(9).map((n) => n === 0),
  acme: fc.constantFrom<'none' | 'member' | 'admin'>('none', 'member', 'member', 'member', 'admin'),
  lab: fc.boolean(),
  teams: fc.tuple(slot, slot, slot),
});

const declArb: fc.Arbitrary<DeclGen> = fc.record({
  declared: fc.nat(9).map((n) => n < 7),
  license: fc.constantFrom<DeclaredLic>('enterprise', 'enterprise', 'view-only', 'view-only', 'none'),
  withLicense: fc.boolean(),
  acme: fc.nat(9).map((n) => n < 7),
  lab: fc.boolean(),
  teams: fc.tuple(fc.boolean(), fc.boolean(), fc.boolean()),
});

export const caseGenArb: fc.Arbitrary<CaseGen> = fc.record({
  plan: fc.constantFrom<'enterprise' | 'premium'>('enterprise', 'enterprise', 'enterprise', 'premium'),
  usePat: fc.nat(3).map((n) => n === 0),
  patUser: fc.constantFrom<'admin' | 'member'>('admin', 'member'),
  bot: fc.boolean(),
  accounts: fc.tuple(...EXISTING.map(() => accountArb)),
  guests: fc.tuple(
    ...GUESTS.map(() =>
      fc.record({
        exists: fc.boolean(),
        acme: fc.boolean(),
        lab: fc.boolean(),
        teams: fc.tuple(slot, slot, slot),
      }),
    ),
  ),
  config: fc.record({
    manageLicenses: fc.nat(3).map((n) => n > 0),
    newAccountLicense: lic,
    defaultWorkspace: fc.boolean(),
    declareLab: fc.boolean(),
    declareTeams: fc.tuple(fc.boolean(), fc.boolean(), fc.boolean()),
    acmeMode: mode,
    labMode: mode,
    teamModes: fc.tuple(mode, mode, mode),
    useGroups: fc.boolean(),
    protectAdmin: fc.boolean(),
    decls: fc.tuple(...[...EXISTING, ...GUESTS, ...NEWCOMERS].map(() => declArb)),
    newGuest: declArb,
  }),
});

/** Builds the seed, the YAML and the expectation of one generated case. */
export function buildCase(g: CaseGen): ConvergenceCase {
  const seed = buildSeed(g);
  const scim = g.plan === 'enterprise' && !g.usePat;
  const token = !g.usePat ? SA_TOKEN : g.patUser === 'member' ? MEMBER_PAT_TOKEN : PAT_TOKEN;
  const { yaml, expect } = buildConfig(g, seed, scim);
  return { seed, token, yaml, expect };
}

const memberPat = (g: CaseGen) => g.usePat && g.patUser === 'member';

function buildSeed(g: CaseGen): Seed {
  if (memberPat(g)) {
    // The token's user: an active enterprise member of the organization, not an admin; a member of
    // Lab too, or Lab would be invisible to the token (the plan refuses unknown workspaces).
    g = structuredClone(g);
    Object.assign(g.accounts[0]!, {
      exists: true,
      deprovisioned: false,
      license: 'enterprise',
      acme: 'member',
      lab: true,
    });
  }
  let nextGid = 1400000000000100n;
  const gid = () => (nextGid++).toString();
  const users: SeedUser[] = [{ gid: gid(), email: ADMIN, name: 'Admin Zero', license: 'enterprise' }];
  const acme: SeedWorkspaceMember[] = [{ user: ADMIN, admin: true }];
  const lab: SeedWorkspaceMember[] = [{ user: ADMIN, admin: true }];
  const teams: SeedTeamMember[][] = TEAMS.map(() => [{ user: ADMIN, role: 'admin' as const }]);
  const place = (email: string, inAcme: boolean, adminInAcme: boolean, inLab: boolean, slots: TeamSlot[]) => {
    if (inAcme) {
      acme.push(adminInAcme ? { user: email, admin: true } : email);
      slots.forEach((s, t) => {
        if (s !== 'none') teams[t]!.push(s === 'member' ? email : { user: email, role: s });
      });
    }
    if (inLab) lab.push(email);
  };
  EXISTING.forEach((email, i) => {
    const a = g.accounts[i]!;
    if (!a.exists) return;
    users.push({
      gid: gid(),
      email,
      name: `User ${email.slice(0, email.indexOf('@'))}`,
      license: a.license,
      ...(a.deprovisioned ? { active: false } : {}),
    });
    if (!a.deprovisioned) place(email, a.acme !== 'none', a.acme === 'admin', a.lab, a.teams);
  });
  GUESTS.forEach((email, i) => {
    const guest = g.guests[i]!;
    if (!guest.exists) return;
    users.push({ gid: gid(), email, name: `Guest ${i + 1}` });
    place(email, guest.acme, false, guest.lab, guest.teams);
  });
  if (g.bot) {
    users.push({ gid: gid(), email: BOT, name: 'Bot', license: 'enterprise' });
    place(BOT, true, false, true, ['member', 'none', 'none']);
  }
  return {
    version: 1,
    domain: 'Reliability',
    plan: g.plan,
    tokens: [
      {
        name: 'service-account',
        value: SA_TOKEN,
        kind: 'service-account',
        gid: '1400000000000009',
        email: `asana-access-bot@svc.${DOMAIN}`,
        displayName: 'service account',
      },
      { name: 'admin-pat', value: PAT_TOKEN, kind: 'pat', user: ADMIN },
      ...(users.some((u) => u.email === EXISTING[0])
        ? [{ name: 'member-pat', value: MEMBER_PAT_TOKEN, kind: 'pat' as const, user: EXISTING[0]! }]
        : []),
    ],
    users,
    workspaces: [
      {
        gid: WORKSPACES.acme.gid,
        name: WORKSPACES.acme.name,
        organization: true,
        emailDomains: [DOMAIN],
        members: acme,
        teams: TEAMS.map((t, i) => ({ ...t, members: teams[i]! })),
      },
      { gid: WORKSPACES.lab.gid, name: WORKSPACES.lab.name, organization: false, members: lab },
    ],
  };
}

function buildConfig(g: CaseGen, seed: Seed, scim: boolean): { yaml: string; expect: Expectation } {
  const c = g.config;
  const manageLicenses = scim && c.manageLicenses;
  const emails = [...EXISTING, ...GUESTS, ...NEWCOMERS, NEW_GUEST];
  const decls = [...c.decls, c.newGuest];
  const declaredTeams = TEAMS.map((_, t) => c.declareTeams[t]!);

  interface Resolved {
    email: string;
    license?: DeclaredLic;
    acme: boolean;
    lab: boolean;
    teams: boolean[];
  }
  const resolved: Resolved[] = [
    { email: ADMIN, license: 'enterprise', acme: true, lab: c.declareLab, teams: declaredTeams },
  ];
  // A member's PAT must not plan its own removal (a problem, not an action): it is declared wherever
  // it holds a membership.
  const own = memberPat(g) ? EXISTING[0]! : undefined;
  const holds = (gid: string, email: string) => (membersByTarget(seed).get(gid) ?? []).includes(email);
  emails.forEach((email, i) => {
    let d = decls[i]!;
    if (email === own) {
      d = {
        ...d,
        declared: true,
        license: 'enterprise',
        acme: true,
        lab: d.lab || holds(WORKSPACES.lab.gid, email),
        teams: TEAMS.map((t, k) => d.teams[k]! || holds(t.gid, email)),
      };
    }
    if (!d.declared) return;
    const license: DeclaredLic | undefined = manageLicenses || d.withLicense ? d.license : undefined;
    // Licenses are ignored unless managed: only then does `none` mean "no access anywhere".
    const gone = manageLicenses && license === 'none';
    const account = seed.users.find((u) => u.email === email);
    // Without SCIM a deprovisioned account looks like no account at all, and its invitation fails
    // (a known limitation, tested on its own): the property leaves those out.
    if (!manageLicenses && account?.active === false && !gone) return;
    const teams = declaredTeams.map((declared, t) => declared && !gone && d.teams[t]!);
    let inLab = c.declareLab && !gone && d.lab;
    // A team member must be a member of the team's workspace (the loader insists).
    let inAcme = !gone && (d.acme || teams.some(Boolean));
    // Without SCIM (and for guests, whom SCIM does not list) an account is only seen through
    // memberships, and a new one is an invitation into a workspace it is declared in: every declared
    // user is a member somewhere, or the next plan would not see it (and would want to invite it again).
    if ((!manageLicenses || !email.endsWith(`@${DOMAIN}`)) && !gone && !inAcme && !inLab) {
      if (c.declareLab) inLab = true;
      else inAcme = true;
    }
    resolved.push({ email, ...(license ? { license } : {}), acme: inAcme, lab: inLab, teams });
  });

  const members = (pick: (r: Resolved) => boolean) => resolved.filter(pick).map((r) => r.email);
  const acmeMembers = members((r) => r.acme);
  const labMembers = members((r) => r.lab);
  const teamMembers = TEAMS.map((_, t) => members((r) => r.teams[t]!));

  const users: Record<string, unknown> = {};
  for (const r of resolved) users[r.email] = r.license ?? null;
  const groups: Record<string, string[]> = {};
  const list = (name: string, emailsOf: string[]): string[] => {
    if (!c.useGroups || emailsOf.length < 2) return emailsOf;
    // Half of the list through a group: the loader expands it; the planner must not care.
    const half = Math.ceil(emailsOf.length / 2);
    groups[name] = emailsOf.slice(0, half);
    return [`group:${name}`, ...emailsOf.slice(half)];
  };
  const teamsYaml: Record<string, unknown> = {};
  TEAMS.forEach((team, t) => {
    if (!declaredTeams[t]) return;
    teamsYaml[team.name] = {
      policy: c.teamModes[t],
      members: list(`team-${team.name.toLowerCase()}`, teamMembers[t]!),
    };
  });
  const workspaces: Record<string, unknown> = {
    Acme: {
      policy: c.acmeMode,
      members: list('acme', acmeMembers),
      ...(Object.keys(teamsYaml).length > 0 ? { teams: teamsYaml } : {}),
    },
  };
  if (c.declareLab) workspaces.Lab = { policy: c.labMode, members: list('lab', labMembers) };
  const doc: Record<string, unknown> = {
    version: 1,
    settings: {
      manageLicenses,
      newAccountLicense: c.newAccountLicense,
      ...(c.defaultWorkspace ? { defaultWorkspace: 'Acme' } : {}),
    },
    users,
    ...(Object.keys(groups).length > 0 ? { groups } : {}),
    workspaces,
    policy: {
      revocationLimit: { count: 1000 },
      ignore: [IGNORE_PATTERN],
      ...(c.protectAdmin ? { protected: [ADMIN] } : {}),
    },
  };
  return {
    yaml: `# generated by test/reliability/support/domain.ts\n${stringify(doc)}`,
    expect: {
      manageLicenses,
      workspaces: [
        { gid: WORKSPACES.acme.gid, mode: c.acmeMode, members: acmeMembers },
        ...(c.declareLab ? [{ gid: WORKSPACES.lab.gid, mode: c.labMode, members: labMembers }] : []),
      ],
      teams: TEAMS.flatMap((team, t) =>
        declaredTeams[t]
          ? [
              {
                gid: team.gid,
                workspaceGid: WORKSPACES.acme.gid,
                mode: c.teamModes[t]!,
                members: teamMembers[t]!,
              },
            ]
          : [],
      ),
      users: resolved.map((r) => ({ email: r.email, ...(r.license ? { license: r.license } : {}) })),
      ignore: IGNORE_PATTERN,
      serviceAccount: !g.usePat,
    },
  };
}

/** A manual item as the oracle needs it: why, who, and which workspace or team (if any). */
export interface ManualRef {
  reason: string;
  email: string;
  targetGid?: string;
}

/**
 * Where the sandbox's final state differs from what the configuration declares, apart from what the
 * plan's manual items explain; and what changed outside the managed scope. Empty means converged.
 */
export function differences(expect: Expectation, initial: Seed, state: Seed, manual: ManualRef[]): string[] {
  const out: string[] = [];
  const user = new Map(state.users.map((u) => [u.email.toLowerCase(), u]));
  const hasManual = (email: string, reason: string) =>
    manual.some((m) => m.email === email && m.reason === reason);
  // A change the token's user may not make is listed for a person (no-permission), not made.
  const byHand = (email: string, gid: string) =>
    manual.some((m) => m.email === email && m.reason === 'no-permission' && m.targetGid === gid);
  const ignore = new RegExp(`^${expect.ignore.replace(/[.]/g, '\\.').replace(/\*/g, '.*')}$`);
  const declaredLicense = new Map(expect.users.map((u) => [u.email, u.license]));
  const licenseNone = (email: string) => expect.manageLicenses && declaredLicense.get(email) === 'none';
  const finalTargets = membersByTarget(state);
  const initialTargets = membersByTarget(initial);
  const acme = expect.workspaces.find((w) => w.gid === WORKSPACES.acme.gid);
  // Deprovisioning is what the config asks for with license none; and what Asana does to a domain
  // user a service account removes from an organization (the config does not mention such users).
  const mayBeDeprovisioned = (email: string) =>
    licenseNone(email) ||
    (expect.serviceAccount &&
      acme?.mode === 'authoritative' &&
      !declaredLicense.has(email) &&
      !ignore.test(email) &&
      email.endsWith(`@${DOMAIN}`) &&
      (initialTargets.get(WORKSPACES.acme.gid) ?? []).includes(email));

  const checkMembers = (label: string, mode: Mode, declared: string[], held: string[]) => {
    const gid = label.slice(label.indexOf(' ') + 1);
    const heldSet = new Set(held);
    for (const email of declared) {
      if (heldSet.has(email) || byHand(email, gid)) continue;
      if (user.get(email)?.active === false && hasManual(email, 'reactivate')) continue;
      out.push(`${label}: declared member ${email} is not a member`);
    }
    if (mode !== 'authoritative') return;
    const declaredSet = new Set(declared);
    for (const email of held) {
      if (!declaredSet.has(email) && !ignore.test(email) && !byHand(email, gid))
        out.push(`${label} is authoritative, but ${email} (not declared) is a member`);
    }
  };
  const managed = new Set<string>();
  for (const w of expect.workspaces) {
    managed.add(w.gid);
    checkMembers(`workspace ${w.gid}`, w.mode, w.members, finalTargets.get(w.gid) ?? []);
  }
  for (const t of expect.teams) {
    managed.add(t.gid);
    checkMembers(`team ${t.gid}`, t.mode, t.members, finalTargets.get(t.gid) ?? []);
  }
  // Outside the managed scope nothing changes, except what a removal drags along (a user removed
  // from an organization leaves its teams; a deprovisioned one leaves everything); an ignored
  // account keeps every membership it had.
  const teamWorkspace = new Map<string, string>();
  for (const ws of initial.workspaces) for (const t of ws.teams ?? []) teamWorkspace.set(t.gid!, ws.gid!);
  for (const [gid, before] of initialTargets) {
    const after = new Set(finalTargets.get(gid) ?? []);
    for (const email of before) {
      if (after.has(email)) continue;
      if (ignore.test(email)) {
        out.push(`${gid}: ignored account ${email} lost its membership`);
        continue;
      }
      if (managed.has(gid) || (user.get(email)?.active === false && mayBeDeprovisioned(email))) continue;
      const ws = teamWorkspace.get(gid);
      if (ws && managed.has(ws) && !(finalTargets.get(ws) ?? []).includes(email)) continue;
      out.push(`${gid}: ${email} lost a membership outside what the config manages`);
    }
    if (managed.has(gid)) continue;
    const beforeSet = new Set(before);
    for (const email of after)
      if (!beforeSet.has(email)) out.push(`${gid}: ${email} was added outside the managed scope`);
  }
  for (const d of expect.users) {
    const u = user.get(d.email);
    if (licenseNone(d.email)) {
      // A guest cannot be deprovisioned through SCIM: it must at least hold nothing the config
      // manages, or be listed as a step by hand.
      const guestDone =
        u?.license === undefined &&
        (hasManual(d.email, 'guest-license') ||
          ![...managed].some((gid) => finalTargets.get(gid)?.includes(d.email)));
      if (u && u.active !== false && !guestDone)
        out.push(`${d.email} is declared license none but is active`);
      continue;
    }
    if (d.license === 'none') continue;
    if (!u) {
      out.push(`${d.email} is declared but has no account`);
      continue;
    }
    if (u.active === false) {
      if (!hasManual(d.email, 'reactivate'))
        out.push(`${d.email} is deprovisioned without a reactivate item`);
      continue;
    }
    if (expect.manageLicenses && d.license !== undefined && u.license !== d.license) {
      // A guest holds no license: view-only matches it; anything else must be a step by hand.
      const guestMatches = u.license === undefined && d.license === 'view-only';
      if (!guestMatches && !(u.license === undefined && hasManual(d.email, 'guest-license')))
        out.push(`${d.email} holds license ${u.license ?? '(guest)'}, declared ${d.license}`);
    }
  }
  const wasActive = new Set(
    initial.users.filter((u) => u.active !== false).map((u) => u.email.toLowerCase()),
  );
  for (const u of state.users) {
    const email = u.email.toLowerCase();
    if (u.active === false && wasActive.has(email) && !mayBeDeprovisioned(email))
      out.push(`${email} was deprovisioned, but the config does not declare license none`);
  }
  return out;
}

/** Workspace or team gid → member emails (lower-cased). */
export function membersByTarget(state: Seed): Map<string, string[]> {
  const emailOf = (m: string | { user: string }) => (typeof m === 'string' ? m : m.user).toLowerCase();
  const out = new Map<string, string[]>();
  for (const ws of state.workspaces) {
    out.set(ws.gid!, (ws.members ?? []).map(emailOf));
    for (const t of ws.teams ?? []) out.set(t.gid!, (t.members ?? []).map(emailOf));
  }
  return out;
}
