// The differences between the synthetic domain (what Asana holds) and the desired config: team
// grants, team revokes, license changes and new accounts, chosen by a seeded PRNG so every run plans
// the same work. The desired side is kept as "the live side plus a diff", so it is cheap to build.
import type { DomainView } from './domain.js';
import { pick, type Random } from './prng.js';

export interface NewAccount {
  email: string;
  name: string;
  license: 'view-only';
  /** The team the new account joins (index), besides the organization. */
  team: number;
}

export interface ChangeSet {
  /** `team index → user indices` added to the team. */
  grants: Map<number, number[]>;
  /** `team index → user indices` removed from the team. */
  revokes: Map<number, Set<number>>;
  /** `user index → license` flipped (enterprise ↔ view-only). */
  licenses: Map<number, 'enterprise' | 'view-only'>;
  newAccounts: NewAccount[];
  counts: { grants: number; revokes: number; licenses: number; newAccounts: number };
}

/** How `total` changes split between the kinds: 40% grants, 30% revokes, 20% licenses, 10% new accounts. */
export function splitChanges(total: number): ChangeSet['counts'] {
  const newAccounts = Math.floor(total * 0.1);
  const licenses = Math.floor(total * 0.2);
  const revokes = Math.floor(total * 0.3);
  return { grants: total - newAccounts - licenses - revokes, revokes, licenses, newAccounts };
}

/**
 * Picks the changes. Only plain memberships of active, non-guest users change: the config declares
 * the roles and guests as Asana holds them, and changing those would give manual items, not actions,
 * making the action count depend on the draw.
 */
export function chooseChanges(d: DomainView, total: number, random: Random): ChangeSet {
  const want = splitChanges(total);
  const eligible = d.users.map((u) => u.active && !u.guest && u.email !== d.token.email);
  const candidates = d.orgMembers.filter((i) => eligible[i]);
  if (candidates.length === 0 && total > 0) throw new Error('the domain has no user a change could touch');
  const memberSets = d.teams.map((t) => new Set(t.members));
  const touched = new Set<string>();
  const key = (team: number, user: number): string => `${team}:${user}`;
  const guard = (n: number): number => n * 50 + 1000;

  const revokes = new Map<number, Set<number>>();
  let revokeCount = 0;
  for (let tries = 0; revokeCount < want.revokes && tries < guard(want.revokes); tries++) {
    const t = pick(random, d.teams.length);
    const team = d.teams[t]!;
    if (team.members.length === 0) continue;
    const u = team.members[pick(random, team.members.length)]!;
    if (!eligible[u] || team.roles.has(u) || touched.has(key(t, u))) continue;
    touched.add(key(t, u));
    const set = revokes.get(t) ?? new Set<number>();
    set.add(u);
    revokes.set(t, set);
    revokeCount++;
  }

  const grants = new Map<number, number[]>();
  let grantCount = 0;
  for (let tries = 0; grantCount < want.grants && tries < guard(want.grants); tries++) {
    const t = pick(random, d.teams.length);
    const u = candidates[pick(random, candidates.length)]!;
    if (memberSets[t]!.has(u) || touched.has(key(t, u))) continue;
    touched.add(key(t, u));
    const list = grants.get(t) ?? [];
    list.push(u);
    grants.set(t, list);
    grantCount++;
  }

  const licenses = new Map<number, 'enterprise' | 'view-only'>();
  for (let tries = 0; licenses.size < want.licenses && tries < guard(want.licenses); tries++) {
    const u = candidates[pick(random, candidates.length)]!;
    const user = d.users[u]!;
    if (licenses.has(u) || user.license === null || user.workspaceAdmin) continue;
    licenses.set(u, user.license === 'enterprise' ? 'view-only' : 'enterprise');
  }

  const domain = d.org.emailDomains[0];
  if (domain === undefined && want.newAccounts > 0) throw new Error('the organization has no email domain');
  const newAccounts: NewAccount[] = [];
  for (let k = 1; k <= want.newAccounts && d.teams.length > 0; k++) {
    newAccounts.push({
      email: `bench.new.${k}@${domain}`,
      name: `Bench New ${k}`,
      license: 'view-only',
      team: pick(random, d.teams.length),
    });
  }

  return {
    grants,
    revokes,
    licenses,
    newAccounts,
    counts: {
      grants: grantCount,
      revokes: revokeCount,
      licenses: licenses.size,
      newAccounts: newAccounts.length,
    },
  };
}
