// The drift report for a terminal: one section per kind of difference, accepted drift apart, and a
// closing summary line. Colour only when asked (the command decides from NO_COLOR, flags and TTY).
import { Chalk } from 'chalk';
import { DRIFT_KINDS, type DriftItem, type DriftKind, type DriftReport } from '../model/drift.js';
import { expiredNote, itemLine, KIND_HEADING, KIND_SHORT, locationLabel, plural } from './drift-labels.js';

export interface DriftTextOptions {
  color: boolean;
}

const SYMBOL: Record<DriftKind, string> = {
  'unexpected-access': '-',
  'unmanaged-account': '-',
  'missing-access': '+',
  'missing-account': '+',
  license: '~',
  manual: '!',
};

export function renderDriftText(report: DriftReport, options: DriftTextOptions): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const colorOf: Record<DriftKind, (s: string) => string> = {
    'unexpected-access': c.red,
    'unmanaged-account': c.red,
    'missing-access': c.green,
    'missing-account': c.green,
    license: c.yellow,
    manual: c.magenta,
  };
  const s = report.summary;
  const out: string[] = [];
  const scope = `${plural(report.scope.workspaces.length, 'workspace')}, ${plural(report.scope.teams.length, 'team')}, ${plural(report.scope.users.length, 'user')} managed`;
  out.push(c.bold(`Asana access drift, checked ${report.checkedAt} (${scope})`), '');

  const line = (item: DriftItem): string => {
    const note = expiredNote(item);
    const at = item.at ? c.dim(`  [${locationLabel(item.at)}]`) : '';
    return `  ${colorOf[item.kind](SYMBOL[item.kind])} ${itemLine(item)}${note ? c.yellow(` (${note})`) : ''}${at}`;
  };

  const counted = report.items.filter((i) => i.status !== 'accepted');
  for (const kind of DRIFT_KINDS) {
    const items = counted.filter((i) => i.kind === kind);
    if (items.length === 0) continue;
    out.push(c.bold(`${KIND_HEADING[kind]} (${items.length})`), ...items.map(line), '');
  }
  const accepted = report.items.filter((i) => i.status === 'accepted');
  if (accepted.length > 0) {
    out.push(c.bold(`Accepted, not counted (${accepted.length})`));
    for (const item of accepted) {
      out.push(
        `  ${c.dim('=')} ${itemLine(item)} ${c.dim(`(accepted until ${item.acceptance?.until}: ${item.acceptance?.reason})`)}`,
      );
    }
    out.push('');
  }
  if (report.unusedAcceptances.length > 0) {
    out.push(
      c.bold(`Acceptances that match no difference (${report.unusedAcceptances.length}); remove them`),
    );
    for (const u of report.unusedAcceptances) {
      out.push(`  ? ${u.email} ${u.target} until ${u.until}  ${c.dim(`[${locationLabel(u.at)}]`)}`);
    }
    out.push('');
  }
  if (s.drifted === 0) {
    out.push(c.green('No drift: Asana matches the configuration.'));
  }
  const parts = DRIFT_KINDS.filter((k) => s.byKind[k] > 0).map((k) => `${KIND_SHORT[k]} ${s.byKind[k]}`);
  out.push(
    `Drift: ${plural(s.drifted, 'difference')}${parts.length > 0 ? ` (${parts.join(', ')})` : ''}; ${s.accepted} accepted, ${s.expired} expired acceptances, ${plural(s.ignoredAccounts, 'ignored account')} not listed.`,
  );
  return `${out.join('\n')}\n`;
}
