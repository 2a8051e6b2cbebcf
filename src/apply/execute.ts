// Runs a plan's actions and records every step: the scheduler decides order and stops, the performer
// talks to Asana, the journal gets a line before each action starts and after it ends, and once the
// run is over a fresh read verifies that what was done is visible.
import type { Action, Plan } from '../model/index.js';
import type { StopSignal } from './interrupt.js';
import { type Journal, JournalError, type JournalHeader } from './journal.js';
import { type ActionOutcome, countOutcomes, isDone, type PerformOutcome } from './outcome.js';
import type { ApplyProgress } from './progress.js';
import type { DescribeAction } from './render-result.js';
import { type ApplyResult, makeResult, type Verification } from './result.js';
import { runSchedule } from './scheduler.js';

/** Asana's cap on write requests in flight per token. */
export const MAX_WRITES_IN_FLIGHT = 15;

export interface ExecuteOptions {
  plan: Plan;
  source: ApplyResult['source'];
  perform: (action: Action) => Promise<PerformOutcome>;
  /** Re-reads Asana and tells which of these done actions' effects are not visible. */
  verify: (done: Action[]) => Promise<string[]>;
  journal: Journal;
  describe: DescribeAction;
  toolVersion: string;
  /** Host of the API base URL, for the journal header. */
  apiHost: string;
  concurrency?: number;
  failFast?: boolean;
  /** Aborted at the first Ctrl-C/SIGTERM. */
  stop?: AbortSignal;
  /** While true, no new action starts (see ScheduleOptions.paused). */
  paused?: () => boolean;
  /** Which signal stopped the run (read after it ends). */
  interruptedBy?: () => StopSignal | null;
  progress?: ApplyProgress;
  now?: () => Date;
}

export async function executePlan(options: ExecuteOptions): Promise<ApplyResult> {
  const { plan, journal } = options;
  const now = options.now ?? (() => new Date());
  const started = Date.now();
  writeHeader(journal, {
    type: 'header',
    journalVersion: 1,
    toolVersion: options.toolVersion,
    planDigest: plan.digest,
    apiHost: options.apiHost,
    source: options.source,
    actions: plan.actions.length,
    startedAt: now().toISOString(),
    pid: process.pid,
  });

  // If the journal cannot be written (disk full, file removed), nothing more may start: an action
  // whose start is not on record would be invisible to whoever picks up after a crash.
  const journalFailed = new AbortController();
  let journalError: string | undefined;
  const record = (entry: Parameters<Journal['write']>[0]): boolean => {
    try {
      journal.write(entry);
      return true;
    } catch (err) {
      journalError ??= `could not write the journal ${journal.path}: ${err instanceof Error ? err.message : String(err)}`;
      journalFailed.abort();
      return false;
    }
  };
  const startRecorded = new Set<string>();

  const schedule = await runSchedule(
    plan.actions,
    (a) =>
      startRecorded.has(a.id)
        ? options.perform(a)
        : Promise.resolve({ status: 'failed', message: `not run: ${journalError}` } as const),
    {
      concurrency: options.concurrency ?? MAX_WRITES_IN_FLIGHT,
      failFast: options.failFast,
      paused: options.paused,
      haltOn: (outcome) => (outcome.httpStatus === 401 ? 'token-rejected' : null),
      stop: options.stop ? AbortSignal.any([options.stop, journalFailed.signal]) : journalFailed.signal,
      onStart: (a) => {
        const ok = record({
          type: 'start',
          at: now().toISOString(),
          id: a.id,
          kind: a.kind,
          email: a.user.email,
          description: options.describe(a),
        });
        if (ok) startRecorded.add(a.id);
      },
      onOutcome: (a, outcome: ActionOutcome) => {
        record({ type: 'outcome', at: now().toISOString(), id: a.id, ...outcome });
        options.progress?.outcome(outcome.status);
      },
    },
  );
  options.progress?.finish();

  const done = plan.actions.filter((a) => isDone(schedule.outcomes.get(a.id)!));
  let verification: Verification | null = null;
  if (done.length > 0) {
    try {
      verification = { checked: done.length, notVisible: await options.verify(done) };
    } catch (err) {
      verification = { checked: 0, notVisible: [], error: err instanceof Error ? err.message : String(err) };
    }
    record({
      type: 'verification',
      at: now().toISOString(),
      notVisible: verification.notVisible,
      ...(verification.error !== undefined ? { error: verification.error } : {}),
    });
  }
  const interruptedBy = options.interruptedBy?.() ?? null;
  record({
    type: 'end',
    at: now().toISOString(),
    counts: countOutcomes(schedule.outcomes.values()),
    interruptedBy,
  });
  return makeResult(
    {
      source: options.source,
      planDigest: plan.digest,
      journalPath: journal.path,
      interruptedBy,
      stoppedBy: schedule.stoppedBy,
      verification,
      durationMs: Date.now() - started,
      ...(journalError !== undefined ? { journalError } : {}),
    },
    plan.actions,
    schedule.outcomes,
  );
}

/** Nothing has run yet: a journal that cannot take its first line stops the apply before any change. */
function writeHeader(journal: Journal, header: JournalHeader): void {
  try {
    journal.write(header);
  } catch (err) {
    throw new JournalError(`cannot write the journal ${journal.path} (${(err as Error).message})`);
  }
}
