// A plan split by --baseline, as Markdown for the pull-request comment: the changes the pull request
// introduces in the open (that is what reviewers approve), then, collapsed, the drift that was already
// there before it and what it withdraws from the target branch's plan. Shortened, saying so, when it
// would not fit in a GitHub comment.
import type { Action, ManualItem } from '../model/plan.js';
import type { BaselineSplit } from '../plan/baseline.js';
import { describeAction } from '../plan/describe.js';
import { actionSign, countLine } from './baseline-labels.js';
import { DEFAULT_MARKDOWN_LIMIT, mdCell } from './drift-markdown.js';

export interface BaselineMarkdownOptions {
  /** Longest output in characters; default 65,000 (GitHub allows 65,536 in a comment). */
  maxLength?: number;
}

function where(at: { file: string; line: number; col: number } | undefined): string {
  return at ? mdCell(`${at.file}:${at.line}:${at.col}`) : '-';
}

function rows(actions: readonly Action[], manual: readonly ManualItem[]): string[][] {
  return [
    ...actions.map((a) => [`\`${actionSign(a)}\``, mdCell(describeAction(a)), where(a.at)]),
    ...manual.map((m) => ['`!`', mdCell(m.message), where(m.at)]),
  ];
}

interface Part {
  title: string;
  intro: string;
  rows: string[][];
  collapsed: boolean;
}

function render(split: BaselineSplit, parts: Part[], cap: number): string {
  const out: string[] = [
    '### Access changes in this pull request',
    '',
    `**Introduced by this pull request:** ${countLine(split.introduced, split.introducedManual)}.`,
    `**Drift already there before it:** ${countLine(split.existing, split.existingManual)}.`,
  ];
  let omitted = 0;
  const body: string[] = [];
  for (const p of parts) {
    const shown = p.rows.slice(0, cap);
    const left = p.rows.length - shown.length;
    omitted += left;
    const table =
      p.rows.length === 0
        ? ['None.']
        : [
            '| | Change | Declared at |',
            '|---|---|---|',
            ...shown.map((r) => `| ${r.join(' | ')} |`),
            ...(left > 0 ? ['', `… and ${left} more not shown here.`] : []),
          ];
    if (p.collapsed) {
      body.push(
        '',
        '<details>',
        `<summary>${p.title}</summary>`,
        '',
        p.intro,
        '',
        ...table,
        '',
        '</details>',
      );
    } else {
      body.push('', `#### ${p.title}`, '', p.intro, '', ...table);
    }
  }
  if (omitted > 0) {
    out.push(
      '',
      `> Shortened to fit in a GitHub comment: ${omitted} row(s) left out. The JSON plan artifact holds every action.`,
    );
  }
  return `${[...out, ...body].join('\n')}\n`;
}

export function renderBaselineMarkdown(split: BaselineSplit, options: BaselineMarkdownOptions = {}): string {
  const limit = options.maxLength ?? DEFAULT_MARKDOWN_LIMIT;
  const introducedCount = split.introduced.length + split.introducedManual.length;
  const existingCount = split.existing.length + split.existingManual.length;
  const parts: Part[] = [
    {
      title: `Changes this pull request introduces (${introducedCount})`,
      intro: 'What the change to the configuration asks for: review these.',
      rows: rows(split.introduced, split.introducedManual),
      collapsed: false,
    },
    {
      title: `Drift already there before this pull request (${existingCount})`,
      intro:
        "The target branch's configuration already asks for these: Asana drifted from it before this change. Applying after the merge fixes them too.",
      rows: rows(split.existing, split.existingManual),
      collapsed: true,
    },
  ];
  if (split.withdrawn.length > 0) {
    parts.push({
      title: `Withdrawn by this pull request (${split.withdrawn.length})`,
      intro:
        "The target branch's plan has these and this one does not: the change adopts what Asana holds, or takes back a change that was still pending.",
      rows: rows(split.withdrawn, []),
      collapsed: true,
    });
  }
  const longest = Math.max(0, ...parts.map((p) => p.rows.length));
  const full = render(split, parts, longest);
  if (full.length <= limit) return full;
  let lo = 0;
  let hi = longest;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (render(split, parts, mid).length <= limit) lo = mid;
    else hi = mid - 1;
  }
  return render(split, parts, lo);
}
