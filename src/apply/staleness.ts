// Is a saved plan still true? Each action recorded the live fact it was computed from; against a
// fresh read, any such fact that no longer holds makes the plan stale (someone changed Asana since
// the plan was made, so applying it blindly could undo or duplicate their change). Changes that touch
// no precondition do not matter.

import type { Action, Fact, LiveState } from '../model/index.js';
import { createFactEvaluator, describeFact } from '../plan/index.js';

export interface StaleFact {
  /** The action whose precondition changed. */
  actionId: string;
  fact: Fact;
  /** What the plan saw, as a sentence. */
  planSaw: string;
  /** What is there now, as a sentence. */
  now: string;
}

export function findStaleFacts(actions: readonly Action[], live: LiveState): StaleFact[] {
  const evaluate = createFactEvaluator(live);
  const stale: StaleFact[] = [];
  for (const a of actions) {
    const check = evaluate(a.precondition);
    if (!check.holds) {
      stale.push({
        actionId: a.id,
        fact: a.precondition,
        planSaw: describeFact(a.precondition, live),
        now: check.actual,
      });
    }
  }
  return stale;
}

export function renderStaleFacts(stale: readonly StaleFact[]): string {
  const lines = [
    `The saved plan is stale: ${stale.length} fact${stale.length === 1 ? '' : 's'} it was computed from changed in Asana since it was made.`,
    'Nothing was changed. Make a new plan and review it again.',
    '',
  ];
  for (const s of stale) {
    lines.push(`  ${s.actionId}`, `    plan saw: ${s.planSaw}`, `    now:      ${s.now}`);
  }
  return `${lines.join('\n')}\n`;
}
