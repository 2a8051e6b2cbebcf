// The plan's digest: sha256 over the canonical JSON of every field but `digest` itself, so a saved
// plan that was edited by hand (or truncated, or re-serialized with other values) is detected.
import type { Plan } from '../model/index.js';
import { digestOf } from '../util/digest.js';

export function computePlanDigest(plan: Omit<Plan, 'digest'>): string {
  const { digest: _ignored, ...rest } = plan as Omit<Plan, 'digest'> & { digest?: unknown };
  return digestOf(rest);
}

/** Whether `plan.digest` matches its content. Any value that is not a plan object fails. */
export function verifyPlanDigest(plan: Plan): boolean {
  if (plan === null || typeof plan !== 'object' || typeof plan.digest !== 'string') return false;
  return computePlanDigest(plan) === plan.digest;
}
