// The result of one apply run, and the exit code it maps to. Rendered as text (render-result.ts)
// and as versioned JSON (result-json.ts).
import type { Action } from '../model/index.js';
import type { StopSignal } from './interrupt.js';
import { type ActionOutcome, countOutcomes, type NotStartedReason, type OutcomeCounts } from './outcome.js';

export interface ActionResult {
  action: Action;
  outcome: ActionOutcome;
  /** For done actions once verified: whether the effect was visible in a fresh read. */
  visible?: boolean;
}

export interface Verification {
  /** Done actions whose goal was checked in the fresh read. */
  checked: number;
  /** Ids of done actions whose effect the fresh read did not show. */
  notVisible: string[];
  /** Set when the fresh read itself failed (nothing could be verified). */
  error?: string;
}

export interface ApplyResult {
  source: 'config' | 'saved-plan';
  planDigest: string;
  journalPath: string;
  /** In plan order. */
  results: ActionResult[];
  counts: OutcomeCounts;
  /** The signal that stopped the run, if one did. */
  interruptedBy: StopSignal | null;
  /** Why actions were left not started, if any were. */
  stoppedBy: NotStartedReason | null;
  /** Null when nothing was done (so there was nothing to verify). */
  verification: Verification | null;
  durationMs: number;
  /** Set when the journal could not be written (the run then stopped starting actions). */
  journalError?: string;
}

export function makeResult(
  base: Omit<ApplyResult, 'counts' | 'results'>,
  actions: readonly Action[],
  outcomes: ReadonlyMap<string, ActionOutcome>,
): ApplyResult {
  const notVisible = new Set(base.verification?.notVisible ?? []);
  const verified = base.verification !== null && base.verification.error === undefined;
  const results = actions.map((action): ActionResult => {
    const outcome = outcomes.get(action.id) ?? { status: 'not-started', reason: 'interrupted' };
    const done = outcome.status === 'applied' || outcome.status === 'already-satisfied';
    return done && verified ? { action, outcome, visible: !notVisible.has(action.id) } : { action, outcome };
  });
  return { ...base, results, counts: countOutcomes(results.map((r) => r.outcome)) };
}

/** 130/143 after a signal; 1 if anything failed or is not visible (or could not be verified); else 0. */
export function exitCodeOf(result: ApplyResult): number {
  if (result.interruptedBy === 'SIGINT') return 130;
  if (result.interruptedBy === 'SIGTERM') return 143;
  if (result.counts.failed > 0 || result.journalError !== undefined) return 1;
  if (result.counts['not-started'] > 0 || result.counts.skipped > 0) return 1;
  const v = result.verification;
  if (v !== null && (v.error !== undefined || v.notVisible.length > 0)) return 1;
  return 0;
}
