// The end report of an apply, as text for stdout. Pure: the command prints what this returns.
// Every action appears under its outcome, with Asana's message for failures and the failed action
// a skipped one waited on, so the report alone tells what to do next.
import type { Action } from '../model/index.js';
import type { ActionResult, ApplyResult } from './result.js';

export type DescribeAction = (action: Action) => string;

export function renderApplyResult(result: ApplyResult, describe: DescribeAction): string {
  const c = result.counts;
  const lines: string[] = [];
  const byId = new Map(result.results.map((r) => [r.action.id, r.action]));
  const group = (status: ActionResult['outcome']['status']) =>
    result.results.filter((r) => r.outcome.status === status);

  const head =
    result.interruptedBy !== null
      ? `Apply interrupted (${result.interruptedBy}).`
      : c.failed > 0
        ? 'Apply finished with failures.'
        : 'Apply complete.';
  lines.push(
    `${head} ${c.applied} applied, ${c['already-satisfied']} already satisfied, ${c.failed} failed, ${c.skipped} skipped, ${c['not-started']} not started.`,
  );

  if (result.journalError !== undefined) lines.push(`Stopped starting actions: ${result.journalError}.`);

  const section = (title: string, items: ActionResult[], line: (r: ActionResult) => string[]): void => {
    if (items.length === 0) return;
    lines.push('', `${title} (${items.length}):`);
    for (const r of items) lines.push(...line(r));
  };

  section('Applied', group('applied'), (r) => [`  ✓ ${describe(r.action)}`]);
  section('Already satisfied', group('already-satisfied'), (r) => [
    `  = ${describe(r.action)}`,
    ...(r.outcome.status === 'already-satisfied' ? [`      ${r.outcome.detail}`] : []),
  ]);
  section('Failed', group('failed'), (r) => [
    `  ✗ ${describe(r.action)}`,
    ...(r.outcome.status === 'failed' ? [`      ${r.outcome.message}`] : []),
  ]);
  section('Skipped because an action they depend on failed', group('skipped'), (r) => [
    `  - ${describe(r.action)}`,
    ...(r.outcome.status === 'skipped'
      ? r.outcome.waitedOn.map((id) => {
          const failed = byId.get(id);
          return `      waited on ${id}${failed ? ` (${describe(failed)})` : ''}`;
        })
      : []),
  ]);
  const notStarted = group('not-started');
  const why =
    result.stoppedBy === 'fail-fast'
      ? 'stopped by --fail-fast after the first failure'
      : result.stoppedBy === 'token-rejected'
        ? 'Asana rejected the token, so every later change would fail the same way'
        : result.journalError !== undefined
          ? 'the journal could not be written'
          : 'the run was interrupted';
  section(`Not started (${why})`, notStarted, (r) => [`  · ${describe(r.action)}`]);

  const v = result.verification;
  if (v !== null) {
    lines.push('');
    if (v.error !== undefined) {
      lines.push(
        `Verification failed: could not re-read Asana (${v.error}); the changes above are not confirmed.`,
      );
    } else if (v.notVisible.length === 0) {
      lines.push(`Verified: a fresh read of Asana shows all ${v.checked} changes.`);
    } else {
      lines.push(`Not visible in Asana after applying (${v.notVisible.length} of ${v.checked}):`);
      for (const id of v.notVisible) {
        const a = byId.get(id);
        lines.push(`  ? ${a ? describe(a) : id}`);
      }
    }
  }
  if (c['not-started'] > 0 || c.failed > 0 || c.skipped > 0) {
    lines.push('', 'Run `asana-access plan` to see what is still missing, then apply again.');
  }
  lines.push('', `Journal: ${result.journalPath}`);
  return `${lines.join('\n')}\n`;
}
