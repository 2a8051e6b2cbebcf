// Plans a hand-built case and checks what every plan must satisfy whatever the case: it validates
// against the schema, its digest verifies, and its dependencies point to earlier actions.
import { expect } from 'vitest';
import type { Action, Plan } from '../../src/model/index.js';
import { type PlanOptions, type PlanResult, planChanges, verifyPlanDigest } from '../../src/plan/index.js';
import { type DesiredSpec, type LiveSpec, makeDesired, makeLive, OPTIONS } from './fixtures.js';
import { savedPlanErrors } from './schema.js';

export function run(desired: DesiredSpec, live: LiveSpec, options: Partial<PlanOptions> = {}): PlanResult {
  const result = planChanges(makeDesired(desired), makeLive(live), { ...OPTIONS, ...options });
  expectWellFormed(result.plan);
  return result;
}

export function expectWellFormed(plan: Plan): void {
  expect(savedPlanErrors(plan)).toBe('');
  expect(verifyPlanDigest(plan)).toBe(true);
  const seen = new Set<string>();
  for (const a of plan.actions) {
    expect(seen.has(a.id), `duplicate id ${a.id}`).toBe(false);
    for (const d of a.dependsOn) expect(seen.has(d), `${a.id} depends on later or unknown ${d}`).toBe(true);
    seen.add(a.id);
  }
}

/** Action ids in plan order. */
export function ids(result: PlanResult): string[] {
  return result.plan.actions.map((a) => a.id);
}

export function action(result: PlanResult, id: string): Action {
  const found = result.plan.actions.find((a) => a.id === id);
  if (!found) throw new Error(`no action ${id} in ${ids(result).join(', ')}`);
  return found;
}

export function manualIds(result: PlanResult): string[] {
  return result.plan.manual.map((m) => m.id);
}

export function problemCodes(result: PlanResult): string[] {
  return result.problems.map((p) => p.code);
}
