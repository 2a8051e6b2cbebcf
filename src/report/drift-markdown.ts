// The drift report as Markdown for a GitHub issue: a summary table first, then one collapsible
// section per kind of difference. GitHub refuses issue bodies over 65,536 characters, so a report that
// would exceed the limit is shortened (fewer rows per section) and says what it left out.
import { DRIFT_KINDS, type DriftItem, type DriftReport } from '../model/drift.js';
import {
  differenceLabel,
  expiredNote,
  itemWhere,
  KIND_HEADING,
  locationLabel,
  plural,
} from './drift-labels.js';

export interface DriftMarkdownOptions {
  /** Longest output in characters; default 65,000 (GitHub allows 65,536 in an issue or comment). */
  maxLength?: number;
}

export const DEFAULT_MARKDOWN_LIMIT = 65_000;

/** Text safe inside a Markdown table cell: no HTML, no formatting, no column breaks, one line. */
export function mdCell(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|~#])/g, '\\$1');
}

/** Text inside an HTML element (GitHub does not apply Markdown there). */
function htmlText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

interface Section {
  title: string;
  header: string[];
  rows: string[][];
  /** Shown under the table. */
  note?: string;
}

function itemRow(item: DriftItem): string[] {
  const note = expiredNote(item);
  return [
    mdCell(item.user.email),
    mdCell(itemWhere(item)),
    mdCell(differenceLabel(item) + (note ? ` (${note})` : '')),
    mdCell(locationLabel(item.at)),
  ];
}

function sections(report: DriftReport): Section[] {
  const out: Section[] = [];
  const counted = report.items.filter((i) => i.status !== 'accepted');
  for (const kind of DRIFT_KINDS) {
    const items = counted.filter((i) => i.kind === kind);
    if (items.length === 0) continue;
    out.push({
      title: `${KIND_HEADING[kind]} (${items.length})`,
      header: ['User', 'Where', 'Difference', 'Declared at'],
      rows: items.map(itemRow),
    });
  }
  const accepted = report.items.filter((i) => i.status === 'accepted');
  if (accepted.length > 0) {
    out.push({
      title: `Accepted drift, not counted (${accepted.length})`,
      header: ['User', 'Where', 'Difference', 'Reason', 'Until'],
      rows: accepted.map((i) => [
        mdCell(i.user.email),
        mdCell(itemWhere(i)),
        mdCell(differenceLabel(i)),
        mdCell(i.acceptance?.reason ?? ''),
        mdCell(i.acceptance?.until ?? ''),
      ]),
    });
  }
  if (report.unusedAcceptances.length > 0) {
    out.push({
      title: `Acceptances that match no difference (${report.unusedAcceptances.length})`,
      header: ['User', 'Accepted', 'Until', 'Declared at'],
      rows: report.unusedAcceptances.map((u) => [
        mdCell(u.email),
        mdCell(u.target),
        mdCell(u.until),
        mdCell(locationLabel(u.at)),
      ]),
      note: 'The drift these entries accepted is gone (or the entry names the wrong user or target): remove them from the config.',
    });
  }
  return out;
}

function table(header: string[], rows: string[][]): string[] {
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ];
}

function summary(report: DriftReport): string[] {
  const s = report.summary;
  const out: string[] = ['## Asana access drift', ''];
  const scope = `${plural(report.scope.workspaces.length, 'workspace')}, ${plural(report.scope.teams.length, 'team')} and ${plural(report.scope.users.length, 'user')} managed`;
  out.push(
    s.drifted === 0
      ? `**No drift**: Asana matches the configuration (${scope}; checked ${report.checkedAt}).`
      : `**${plural(s.drifted, 'difference')}** between the configuration and Asana (${scope}; checked ${report.checkedAt}).`,
    '',
  );
  const rows = DRIFT_KINDS.map((k) => [KIND_HEADING[k], String(s.byKind[k])]);
  rows.push(['**Total drift**', `**${s.drifted}**`]);
  rows.push(['Accepted drift (not counted)', String(s.accepted)]);
  rows.push(['Expired acceptances (counted above)', String(s.expired)]);
  rows.push(['Ignored accounts (not listed)', String(s.ignoredAccounts)]);
  out.push(...table(['Difference', 'Count'], rows).map((l, i) => (i === 1 ? '|---|---:|' : l)));
  return out;
}

function renderWith(report: DriftReport, all: Section[], cap: number): { text: string; omitted: number } {
  const out = summary(report);
  let omitted = 0;
  const body: string[] = [];
  for (const sec of all) {
    const shown = sec.rows.slice(0, cap);
    const left = sec.rows.length - shown.length;
    omitted += left;
    body.push('', '<details>', `<summary>${htmlText(sec.title)}</summary>`, '', ...table(sec.header, shown));
    if (left > 0) body.push('', `… and ${left} more not shown here.`);
    if (sec.note) body.push('', sec.note);
    body.push('', '</details>');
  }
  if (omitted > 0) {
    out.push(
      '',
      `> This report was shortened to fit in a GitHub issue: ${plural(omitted, 'row')} left out. Run \`asana-access drift --format json\` for the full report.`,
    );
  }
  out.push(...body);
  return { text: `${out.join('\n')}\n`, omitted };
}

export function renderDriftMarkdown(report: DriftReport, options: DriftMarkdownOptions = {}): string {
  const limit = options.maxLength ?? DEFAULT_MARKDOWN_LIMIT;
  const all = sections(report);
  const longest = Math.max(0, ...all.map((s) => s.rows.length));
  const full = renderWith(report, all, longest);
  if (full.text.length <= limit) return full.text;
  // The largest per-section row cap that fits; the summary table is always shown whole.
  let lo = 0;
  let hi = longest;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (renderWith(report, all, mid).text.length <= limit) lo = mid;
    else hi = mid - 1;
  }
  return renderWith(report, all, lo).text;
}
