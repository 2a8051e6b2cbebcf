// What plan renderers take: the plan, plus what planChanges knew beside it (problems, counts, current
// members). A saved plan read back from a file has only the plan, and renders without the extras.
import type {
  Action,
  ManualItem,
  Plan,
  PlanProblem,
  SourceLocation,
  Target,
  UserRef,
} from '../model/index.js';
import { describeTarget, targetKey } from '../plan/index.js';

export interface PlanView {
  plan: Plan;
  problems?: readonly PlanProblem[];
  stats?: { ignoredAccounts: number };
  /** Current members of touched workspaces and teams, keyed by targetKey() (PlanResult.currentMembers). */
  currentMembers?: Readonly<Record<string, readonly string[]>>;
}

export type GroupBy = 'user' | 'target';

export type Entry = { type: 'action'; action: Action } | { type: 'manual'; item: ManualItem };

export interface Group {
  /** `user:<email>`, `accounts`, `workspace:<gid>`, `team:<gid>` or `license`. */
  key: string;
  title: string;
  /** The membership target of a target group, for member lists. */
  target?: Target;
  user?: UserRef;
  entries: Entry[];
}

export const ACCOUNTS_KEY = 'accounts';

/** `alice@acme.example (Alice Ng)`, or the email alone. */
export function userLabel(user: UserRef): string {
  return user.name && user.name !== user.email ? `${user.email} (${user.name})` : user.email;
}

export function locationLabel(at: SourceLocation): string {
  return `${at.file}:${at.line}:${at.col}`;
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/**
 * Groups the plan's actions and manual items by user (sorted by email) or by target: new accounts
 * first, then workspaces and teams by name, then licenses. Within a group, actions keep the plan's
 * order (grants before revokes) and manual items follow.
 */
export function groupPlan(plan: Plan, by: GroupBy): Group[] {
  const groups = new Map<string, Group>();
  const add = (key: string, make: () => Omit<Group, 'entries' | 'key'>, entry: Entry): void => {
    let group = groups.get(key);
    if (!group) {
      group = { key, ...make(), entries: [] };
      groups.set(key, group);
    }
    group.entries.push(entry);
  };
  const entries: Entry[] = [
    ...plan.actions.map((action): Entry => ({ type: 'action', action })),
    ...plan.manual.map((item): Entry => ({ type: 'manual', item })),
  ];
  for (const entry of entries) {
    const user = entry.type === 'action' ? entry.action.user : entry.item.user;
    if (by === 'user') {
      add(`user:${user.email}`, () => ({ title: userLabel(user), user }), entry);
      continue;
    }
    const target = entryTarget(entry);
    const aboutLicense =
      target?.type === 'license' || (entry.type === 'manual' && entry.item.reason === 'guest-license');
    if (aboutLicense) add('license', () => ({ title: 'licenses' }), entry);
    else if (!target) add(ACCOUNTS_KEY, () => ({ title: 'accounts' }), entry);
    else add(targetKey(target), () => ({ title: describeTarget(target), target }), entry);
  }
  return [...groups.values()].sort(by === 'user' ? byKey : byTarget);
}

function entryTarget(entry: Entry): Target | undefined {
  if (entry.type === 'manual') return entry.item.target;
  return entry.action.kind === 'create-account' ? undefined : entry.action.target;
}

function byKey(a: Group, b: Group): number {
  return compare(a.key, b.key);
}

function byTarget(a: Group, b: Group): number {
  const rank = (g: Group) =>
    g.key === ACCOUNTS_KEY ? 0 : g.target?.type === 'workspace' ? 1 : g.target ? 2 : 3;
  const sortName = (g: Group) =>
    g.target?.type === 'team'
      ? `${g.target.workspaceName}\u0000${g.target.name}`
      : g.target?.type === 'workspace'
        ? g.target.name
        : '';
  return rank(a) - rank(b) || compare(sortName(a), sortName(b)) || compare(a.key, b.key);
}

export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Who the plan adds to and removes from each workspace and team (invitations add to theirs). */
export function membershipChanges(plan: Plan): Map<string, { added: Set<string>; removed: Set<string> }> {
  const changes = new Map<string, { added: Set<string>; removed: Set<string> }>();
  const of = (key: string) => {
    let c = changes.get(key);
    if (!c) {
      c = { added: new Set(), removed: new Set() };
      changes.set(key, c);
    }
    return c;
  };
  for (const a of plan.actions) {
    if (a.kind === 'create-account') {
      if (a.via === 'invite') of(targetKey(a.workspace)).added.add(a.user.email);
    } else if (a.target.type !== 'license') {
      (a.kind === 'grant' ? of(targetKey(a.target)).added : of(targetKey(a.target)).removed).add(
        a.user.email,
      );
    }
  }
  return changes;
}

/** Members after the plan: the current ones, plus those added, minus those removed, sorted. */
export function membersAfter(
  current: readonly string[],
  change: { added: ReadonlySet<string>; removed: ReadonlySet<string> } | undefined,
): string[] {
  const after = new Set(current);
  for (const email of change?.added ?? []) after.add(email);
  for (const email of change?.removed ?? []) after.delete(email);
  return [...after].sort(compare);
}
