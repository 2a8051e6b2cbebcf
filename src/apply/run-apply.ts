// The two ways `asana-access apply` runs, from start to exit code:
// - from a config: plan, show the plan, ask for "yes" (or take --auto-approve), execute;
// - from a saved plan: check it is the same domain and that every fact it was computed from still
//   holds, then execute exactly it, without asking.
// The command wires the real connection and planner in; tests can wire fakes. Human output goes to
// stdout, progress and questions to stderr.
import { relative } from 'node:path';
import type { Plan, PlanProblem } from '../model/index.js';
import { describeAction } from '../plan/index.js';
import { askConfirmation } from './confirm.js';
import { executePlan } from './execute.js';
import { SIGNAL_EXIT_CODE, watchInterrupts } from './interrupt.js';
import { defaultJournalPath, type Journal, JournalError, openJournal } from './journal.js';
import { type ApplyClient, createPerformer } from './performer.js';
import { scopeOfActions } from './plan-scope.js';
import { createApplyProgress } from './progress.js';
import { renderApplyResult } from './render-result.js';
import { exitCodeOf } from './result.js';
import { APPLY_RESULT_FORMAT_VERSION, applyResultJson } from './result-json.js';
import { domainMismatch, PlanFileError, readSavedPlan } from './saved-plan.js';
import { findStaleFacts, renderStaleFacts, type StaleFact } from './staleness.js';
import { createUserDirectory } from './user-directory.js';
import { goalHoldsByReading, type ReadLive, verifyByReading } from './verify.js';

export interface ApplyIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** The confirmation is asked only when this is a TTY. */
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stderrIsTTY: boolean;
  cwd: string;
  /** Called just before the first action starts (e.g. to drop "exit at once" signal handlers). */
  onExecuteStart?: () => void;
}

export interface ApplySettings {
  autoApprove: boolean;
  failFast: boolean;
  /** `--journal FILE`; default: `.asana-access/journal/<timestamp>.jsonl` under cwd. */
  journal?: string;
  json: boolean;
  quiet: boolean;
  toolVersion: string;
}

export interface ApplyConnection {
  client: ApplyClient & { scimUserByEmail(email: string): Promise<{ id: string } | null> };
  /** The normalized REST base URL. */
  baseUrl: string;
  /** Reads the live state of a scope (with progress on stderr when `visible`). */
  readLive: (scope: Parameters<ReadLive>[0], visible?: boolean) => ReturnType<ReadLive>;
  /** Subscribes to waits for the rate limit (for the progress line). */
  onRateWait?: (listener: (ms: number, reason: 'limiter' | 'retry-after') => void) => void;
}

/** What planning a config produced: the plan, why it must not be applied, and its text rendering. */
export interface PlannedChanges {
  plan: Plan;
  problems: PlanProblem[];
  /** The plan as the text renderer shows it. */
  text: string;
}

/** A refusal or error before anything changed, as `--json` prints it. */
export interface ApplyRefusalJson {
  formatVersion: typeof APPLY_RESULT_FORMAT_VERSION;
  toolVersion: string;
  result: 'refused' | 'cancelled' | 'no-changes';
  exitCode: number;
  message: string;
  staleFacts?: StaleFact[];
  problems?: PlanProblem[];
}

export async function applyFromConfig(
  io: ApplyIo,
  settings: ApplySettings,
  connection: ApplyConnection,
  makePlan: () => Promise<PlannedChanges>,
): Promise<number> {
  if (settings.json && !settings.autoApprove) {
    return refuse(
      io,
      settings,
      'refused',
      '--json cannot show the plan for confirmation: add --auto-approve, or apply a reviewed saved plan (`plan --out plan.json`, then `apply plan.json`). Nothing was changed.',
    );
  }
  const planned = await makePlan();
  if (!settings.json) io.stdout.write(planned.text.endsWith('\n') ? planned.text : `${planned.text}\n`);
  if (planned.problems.length > 0) {
    const n = planned.problems.length;
    const head = `The plan has ${n === 1 ? 'a problem' : `${n} problems`} and cannot be applied (see the plan). Nothing was changed.`;
    return refuse(io, settings, 'refused', head, { problems: planned.problems });
  }
  if (planned.plan.actions.length === 0) {
    const message = settings.json
      ? 'No changes to apply: Asana already matches the configuration.'
      : 'Nothing to apply.';
    return refuse(io, settings, 'no-changes', message, {}, 0);
  }
  if (!settings.autoApprove) {
    if (io.stdin.isTTY !== true) {
      return refuse(
        io,
        settings,
        'refused',
        'Refusing to apply without confirmation: stdin is not a terminal. Use --auto-approve (e.g. in CI), or apply a reviewed saved plan (`asana-access apply plan.json`). Nothing was changed.',
      );
    }
    const answer = await askConfirmation(io.stdin, io.stderr);
    if (answer === 'interrupted') {
      io.stderr.write('Apply cancelled (interrupted). Nothing was changed.\n');
      return SIGNAL_EXIT_CODE.SIGINT;
    }
    if (answer !== 'yes') return refuse(io, settings, 'cancelled', 'Apply cancelled. Nothing was changed.');
  }
  return execute(io, settings, connection, planned.plan, 'config');
}

export async function applySavedPlan(
  io: ApplyIo,
  settings: ApplySettings,
  connection: ApplyConnection,
  path: string,
): Promise<number> {
  let plan: Plan;
  try {
    plan = readSavedPlan(path);
  } catch (err) {
    if (err instanceof PlanFileError)
      return refuse(io, settings, 'refused', `${err.message}. Nothing was changed.`);
    throw err;
  }
  if (plan.actions.length === 0) {
    return refuse(io, settings, 'no-changes', `The saved plan ${path} has no changes to apply.`, {}, 0);
  }
  const live = await connection.readLive(scopeOfActions(plan.actions), true);
  const mismatch = domainMismatch(plan, connection.baseUrl, live.me);
  if (mismatch !== null) {
    return refuse(io, settings, 'refused', `Refusing to apply ${path}: ${mismatch}. Nothing was changed.`);
  }
  const stale = findStaleFacts(plan.actions, live);
  if (stale.length > 0) {
    return refuse(io, settings, 'refused', renderStaleFacts(stale).trimEnd(), { staleFacts: stale });
  }
  if (!settings.json) {
    io.stdout.write(
      `Applying the saved plan ${path} (${plan.actions.length} action${plan.actions.length === 1 ? '' : 's'}, made ${plan.createdAt}); its preconditions still hold.\n`,
    );
  }
  return execute(io, settings, connection, plan, 'saved-plan');
}

async function execute(
  io: ApplyIo,
  settings: ApplySettings,
  connection: ApplyConnection,
  plan: Plan,
  source: 'config' | 'saved-plan',
): Promise<number> {
  io.onExecuteStart?.();
  const journalPath = settings.journal ?? defaultJournalPath(io.cwd);
  let journal: Journal;
  try {
    journal = openJournal(journalPath);
  } catch (err) {
    if (err instanceof JournalError)
      return refuse(io, settings, 'refused', `${err.message}. Nothing was changed.`);
    throw err;
  }
  const shown = relative(io.cwd, journalPath).startsWith('..') ? journalPath : relative(io.cwd, journalPath);
  io.stderr.write(`Journal: ${shown}\n`);

  const progress = createApplyProgress({
    stream: io.stderr,
    isTTY: io.stderrIsTTY,
    total: plan.actions.length,
    quiet: settings.quiet,
  });
  connection.onRateWait?.((ms, reason) => progress.rateWait(ms, reason));
  const interrupts = watchInterrupts({
    onFirst: (signal) =>
      io.stderr.write(
        `\n${signal} received: starting no new actions, letting the ones in flight finish. Press Ctrl-C again to stop at once (the journal stays consistent).\n`,
      ),
  });
  const read = dedupeReads((scope) => connection.readLive(scope, false));
  // With --fail-fast, a refused action being re-checked may turn out failed: start nothing meanwhile.
  let rechecking = 0;
  try {
    let result: Awaited<ReturnType<typeof executePlan>>;
    try {
      result = await executePlan({
        plan,
        source,
        perform: createPerformer({
          client: connection.client,
          directory: createUserDirectory(plan.actions, async (email) => {
            const user = await connection.client.scimUserByEmail(email);
            return user === null ? null : user.id;
          }),
          goalHolds: (action) => goalHoldsByReading(read, action),
          onRecheck: (phase) => {
            rechecking += phase === 'start' ? 1 : -1;
          },
        }),
        verify: (done) => verifyByReading(read, done),
        journal,
        describe: describeAction,
        toolVersion: settings.toolVersion,
        apiHost: new URL(connection.baseUrl).host,
        failFast: settings.failFast,
        paused: settings.failFast ? () => rechecking > 0 : undefined,
        stop: interrupts.signal,
        interruptedBy: interrupts.received,
        progress,
      });
    } catch (err) {
      if (err instanceof JournalError)
        return refuse(io, settings, 'refused', `${err.message}. Nothing was changed.`);
      throw err;
    }
    if (settings.json) {
      io.stdout.write(
        `${JSON.stringify(applyResultJson(result, describeAction, settings.toolVersion), null, 2)}\n`,
      );
    } else {
      io.stdout.write(`\n${renderApplyResult(result, describeAction)}`);
    }
    return exitCodeOf(result);
  } finally {
    interrupts.dispose();
    journal.close();
  }
}

/** Concurrent reads of the same scope (re-checks of several refused actions) share one read. */
function dedupeReads(read: ReadLive): ReadLive {
  const inFlight = new Map<string, ReturnType<ReadLive>>();
  return (scope) => {
    const key = JSON.stringify(scope);
    let pending = inFlight.get(key);
    if (pending === undefined) {
      pending = read(scope).finally(() => inFlight.delete(key));
      inFlight.set(key, pending);
    }
    return pending;
  };
}

function refuse(
  io: ApplyIo,
  settings: ApplySettings,
  result: ApplyRefusalJson['result'],
  message: string,
  extra: Pick<ApplyRefusalJson, 'staleFacts' | 'problems'> = {},
  exitCode = 1,
): number {
  if (settings.json) {
    const doc: ApplyRefusalJson = {
      formatVersion: APPLY_RESULT_FORMAT_VERSION,
      toolVersion: settings.toolVersion,
      result,
      exitCode,
      message,
      ...extra,
    };
    io.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
  } else if (exitCode === 0) {
    io.stdout.write(`${message}\n`);
  } else {
    io.stderr.write(`${message}\n`);
  }
  return exitCode;
}
