// The plan as JSON: the Plan object itself (schemas/plan.schema.json), two-space indented, ending in a
// newline. Keys come in the order planChanges builds them, so equal plans give equal bytes.
import type { Plan } from '../model/index.js';

export function renderPlanJson(plan: Plan): string {
  return `${JSON.stringify(plan, null, 2)}\n`;
}
