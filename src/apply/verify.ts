// After applying: a fresh read of what was touched, and for each done action whether its goal holds.
// An action Asana accepted whose effect does not show is reported, because a reviewer approved the
// effect, not the HTTP answer.
import type { Action, LiveState } from '../model/index.js';
import { createFactEvaluator } from '../plan/index.js';
import type { ReadScope } from '../state/scope.js';
import { goalFact } from './goal.js';
import { scopeOfActions } from './plan-scope.js';

export type ReadLive = (scope: ReadScope) => Promise<LiveState>;

/** Ids of the actions whose goal does not hold in `live`. */
export function actionsNotVisible(done: readonly Action[], live: LiveState): string[] {
  const evaluate = createFactEvaluator(live);
  return done.filter((a) => !evaluate(goalFact(a)).holds).map((a) => a.id);
}

/** Reads the scope the done actions touch and checks each goal. */
export async function verifyByReading(read: ReadLive, done: readonly Action[]): Promise<string[]> {
  return actionsNotVisible(done, await read(scopeOfActions(done)));
}

/** Whether one action's goal holds now (a narrow read of just what it touches). */
export async function goalHoldsByReading(read: ReadLive, action: Action): Promise<boolean> {
  return actionsNotVisible([action], await read(scopeOfActions([action]))).length === 0;
}
