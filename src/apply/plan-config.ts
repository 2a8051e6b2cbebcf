// Planning for `apply PATH` with a configuration: the same steps as `asana-access plan` (load the
// YAML, read the scope it needs, plan), so what is confirmed is what `plan` would have shown.
import type { DesiredState, LiveState } from '../model/index.js';
import { type PlanResult, planChanges } from '../plan/index.js';
import { liveDigest, type ReadScope, scopeFromDesired } from '../state/index.js';
import type { PlannedChanges } from './run-apply.js';

export interface PlanConfigInput {
  desired: DesiredState;
  configDigest: string;
  /** Reads the live state of a scope (the command shows progress while it does). */
  readLive: (scope: ReadScope) => Promise<LiveState>;
  baseUrl: string;
  toolVersion: string;
  maxRevocations?: number;
  /** Renders the plan as `plan` shows it (the text renderer of report/). */
  render: (result: PlanResult) => string;
  now?: () => Date;
}

export async function planFromConfig(input: PlanConfigInput): Promise<PlannedChanges> {
  const live = await input.readLive(scopeFromDesired(input.desired));
  const result = planChanges(input.desired, live, {
    toolVersion: input.toolVersion,
    createdAt: (input.now?.() ?? new Date()).toISOString(),
    configDigest: input.configDigest,
    liveDigest: liveDigest(live),
    baseUrl: input.baseUrl,
    ...(input.maxRevocations !== undefined ? { maxRevocations: input.maxRevocations } : {}),
  });
  return { plan: result.plan, problems: result.problems, text: input.render(result) };
}
