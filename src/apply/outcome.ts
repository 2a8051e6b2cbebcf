// What happened to each action of a plan when it was applied. Plain data: the journal, the end
// report and `--json` all render these same values.

/** What a performer reports for one action it ran. */
export type PerformOutcome =
  | { status: 'applied'; detail?: string }
  /** The goal already held when the action ran (someone did it by hand, or a retry raced). */
  | { status: 'already-satisfied'; detail: string }
  /** `message` is Asana's own message when Asana answered. */
  | { status: 'failed'; message: string; httpStatus?: number };

/**
 * Why an action was never started: a signal, `--fail-fast`, or Asana rejecting the token (every
 * later call would be refused the same way, so starting them would only fill the report with 401s).
 */
export type NotStartedReason = 'interrupted' | 'fail-fast' | 'token-rejected';

export type ActionOutcome =
  | PerformOutcome
  /** A dependency failed (directly or further up): `waitedOn` names the failed action(s). */
  | { status: 'skipped'; waitedOn: string[] }
  | { status: 'not-started'; reason: NotStartedReason };

export type OutcomeStatus = ActionOutcome['status'];

/** Order in which statuses are listed in reports and summaries. */
export const OUTCOME_STATUSES: readonly OutcomeStatus[] = [
  'applied',
  'already-satisfied',
  'failed',
  'skipped',
  'not-started',
];

export type OutcomeCounts = Record<OutcomeStatus, number>;

export function countOutcomes(outcomes: Iterable<ActionOutcome>): OutcomeCounts {
  const counts: OutcomeCounts = {
    applied: 0,
    'already-satisfied': 0,
    failed: 0,
    skipped: 0,
    'not-started': 0,
  };
  for (const o of outcomes) counts[o.status]++;
  return counts;
}

/** An action's effect should now be visible in Asana (it ran, or its goal already held). */
export function isDone(outcome: ActionOutcome): boolean {
  return outcome.status === 'applied' || outcome.status === 'already-satisfied';
}
