// Builds large seeds in code, for benchmarks and load tests: one Enterprise organization with N users
// (some view-only, some guests, some deprovisioned), T teams and M team memberships. Deterministic: the
// same options always give the same seed.
import { createRandom } from './random.js';
import type { Seed, SeedPlan, SeedTeamMember, SeedUser, SeedWorkspaceMember } from './seed-types.js';

export interface GenerateOptions {
  /** Accounts in total (domain users, guests and deprovisioned ones). */
  users: number;
  teams: number;
  /** Team memberships in total, spread over the teams (evenly unless `teamSizeSkew` is set). */
  teamMemberships: number;
  /**
   * Uneven team sizes, as in real organizations (a few large teams, many small ones): team t gets a
   * share proportional to 1 / (t + 1)^skew. Default 0: every team the same size.
   */
  teamSizeSkew?: number;
  /** Share of domain users holding a view-only license. Default 0.2. */
  viewOnlyRatio?: number;
  /** Share of accounts that are guests (emails outside the domain). Default 0.02. */
  guestRatio?: number;
  /** Share of accounts that are deprovisioned. Default 0.01. */
  deprovisionedRatio?: number;
  /** Share of team members (other than each team's admin) with limited access. Default 0.05. */
  limitedAccessRatio?: number;
  /** PRNG seed. Default 1. */
  seed?: number;
  plan?: SeedPlan;
  /** The organization's email domain. Default bench.example. */
  emailDomain?: string;
}

/** The tokens of a generated domain: fixed, obviously fake. */
export const GENERATED_TOKENS = {
  serviceAccount: 'generated-sandbox-service-account-token',
  /** PAT of the first user, an organization admin with an enterprise license. */
  adminPat: 'generated-sandbox-admin-pat',
} as const;

/** Gid ranges by kind, so a gid says what it is and never collides. */
const BASE = 1300000000000000n;
const gid = (offset: bigint, i: number) => (BASE + offset + BigInt(i)).toString();

export function generateDomain(options: GenerateOptions): Seed {
  const random = createRandom(options.seed ?? 1);
  const domain = options.emailDomain ?? 'bench.example';
  const n = Math.max(1, Math.floor(options.users));
  const pad = String(n).length;
  const users: SeedUser[] = [];
  const members: SeedWorkspaceMember[] = [];
  const active: string[] = [];
  for (let i = 0; i < n; i++) {
    const num = String(i + 1).padStart(pad, '0');
    // The first user is the admin behind the PAT: never a guest, never deprovisioned.
    const guest = i > 0 && random.next() < (options.guestRatio ?? 0.02);
    const gone = i > 0 && !guest && random.next() < (options.deprovisionedRatio ?? 0.01);
    const email = guest ? `guest${num}@partner.example` : `user${num}@${domain}`;
    const user: SeedUser = { gid: gid(10_000_000n, i), email, name: `${guest ? 'Guest' : 'User'} ${num}` };
    if (!guest)
      user.license = i > 0 && random.next() < (options.viewOnlyRatio ?? 0.2) ? 'view-only' : 'enterprise';
    if (gone) user.active = false;
    users.push(user);
    if (gone) continue;
    members.push({ user: email, ...(i === 0 ? { admin: true } : {}), gid: gid(100_000_000n, i) });
    active.push(email);
  }
  const teamCount = Math.max(0, Math.floor(options.teams));
  const total = Math.max(0, Math.floor(options.teamMemberships));
  let tm = 0;
  const sizes = teamSizes(teamCount, total, active.length, options.teamSizeSkew ?? 0);
  const teams = Array.from({ length: teamCount }, (_, t) => {
    const size = sizes[t]!;
    const start = random.int(active.length);
    const teamMembers: SeedTeamMember[] = [];
    for (let k = 0; k < size; k++) {
      // A run of consecutive members from a random start: distinct users without a shuffle.
      const email = active[(start + k) % active.length]!;
      const role =
        k === 0
          ? 'admin'
          : random.next() < (options.limitedAccessRatio ?? 0.05)
            ? 'limited-access'
            : undefined;
      teamMembers.push({ user: email, ...(role ? { role } : {}), gid: gid(200_000_000n, tm++) });
    }
    return {
      gid: gid(1_000n, t),
      name: `Team ${String(t + 1).padStart(String(teamCount).length, '0')}`,
      members: teamMembers,
    };
  });
  return {
    version: 1,
    domain: 'Generated',
    plan: options.plan ?? 'enterprise',
    tokens: [
      {
        name: 'service-account',
        value: GENERATED_TOKENS.serviceAccount,
        kind: 'service-account',
        gid: gid(9n, 0),
        email: `asana-access-bot@${domain}`,
        displayName: 'asana-access service account',
      },
      { name: 'admin-pat', value: GENERATED_TOKENS.adminPat, kind: 'pat', user: users[0]!.email },
    ],
    users,
    workspaces: [
      { gid: gid(1n, 0), name: 'Generated Corp', organization: true, emailDomains: [domain], members, teams },
    ],
  };
}

/**
 * Sizes of `count` teams holding `total` memberships, none above `cap` (a team cannot hold a user
 * twice): shares proportional to 1 / (t + 1)^skew, rounded down, the remainder one each to the
 * first teams, and what a capped team cannot hold passed on to the next ones.
 */
export function teamSizes(count: number, total: number, cap: number, skew: number): number[] {
  if (count === 0) return [];
  const weights = Array.from({ length: count }, (_, t) => 1 / (t + 1) ** skew);
  const sum = weights.reduce((a, b) => a + b, 0);
  const sizes = weights.map((w) => Math.floor((total * w) / sum));
  let left = total - sizes.reduce((a, b) => a + b, 0);
  for (let t = 0; left > 0 && t < count; t++, left--) sizes[t]!++;
  let carry = 0;
  for (let t = 0; t < count; t++) {
    const want = sizes[t]! + carry;
    sizes[t] = Math.min(cap, want);
    carry = want - sizes[t]!;
  }
  return sizes;
}
