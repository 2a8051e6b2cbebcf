// Reading the sandbox's state (its GET /__sandbox/state dump) independently of the tool: whether an
// action's goal holds there, and whether a journal agrees with it.
import type { JournalEntry } from '../../../src/apply/journal.js';
import type { Action } from '../../../src/model/index.js';
import type { Seed } from '../../../src/sandbox/index.js';
import { membersByTarget } from './domain.js';

/** GET /__sandbox/state over HTTP, as an outside observer sees it. */
export async function fetchState(sandboxUrl: string): Promise<Seed> {
  const res = await fetch(`${sandboxUrl}/__sandbox/state`);
  if (!res.ok) throw new Error(`GET /__sandbox/state: HTTP ${res.status}`);
  return (await res.json()) as Seed;
}

/** Whether what the action was meant to make true is true in this sandbox state. */
export function goalHoldsIn(state: Seed, action: Action): boolean {
  const email = action.user.email.toLowerCase();
  const user = state.users.find((u) => u.email.toLowerCase() === email);
  if (action.kind === 'create-account') return user !== undefined;
  const t = action.target;
  if (t.type === 'license') {
    if (!user) return false;
    if (t.to === 'deprovisioned') return user.active === false;
    return user.active !== false && user.license === t.to;
  }
  const member = (membersByTarget(state).get(t.gid) ?? []).includes(email);
  return action.kind === 'grant' ? member : !member;
}

/**
 * Checks a journal against the sandbox: an action recorded applied or already satisfied has its goal
 * in the sandbox; one recorded failed, skipped or not started (never confirmed) does not, unless
 * `unsure` lists it (a write whose answer was lost may or may not have happened). Returns the
 * disagreements, one line each.
 */
export function journalDisagreements(
  entries: readonly JournalEntry[],
  actions: readonly Action[],
  state: Seed,
  unsure: ReadonlySet<string> = new Set(),
): string[] {
  const byId = new Map(actions.map((a) => [a.id, a]));
  const out: string[] = [];
  const last = new Map<string, string>();
  for (const e of entries) if (e.type === 'outcome') last.set(e.id, e.status);
  for (const [id, status] of last) {
    const action = byId.get(id);
    if (!action) {
      out.push(`journal names ${id}, which is not in the plan`);
      continue;
    }
    const holds = goalHoldsIn(state, action);
    if ((status === 'applied' || status === 'already-satisfied') && !holds)
      out.push(`${id}: journal says ${status}, the sandbox does not show it`);
    if ((status === 'skipped' || status === 'not-started') && holds && !unsure.has(id))
      out.push(`${id}: journal says ${status}, but the sandbox shows it done`);
  }
  return out;
}
