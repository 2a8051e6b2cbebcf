// A plan reviewed against a baseline (`plan --baseline`): the split by what the pull request
// introduces and what was already there (renderers in baseline-*.ts), framed by the whole plan's
// problems and closing line, so a refused plan says why whichever way it is shown.
import type { BaselineSplit } from '../plan/baseline.js';
import { renderBaselineMarkdown } from './baseline-markdown.js';
import { renderBaselineText } from './baseline-text.js';
import { MARKDOWN_LIMIT } from './markdown.js';
import { problemsMarkdown } from './plan-markdown.js';
import { closingLines } from './plan-text.js';
import type { PlanView } from './plan-view.js';
import { createStyle } from './style.js';

export function renderPlanBaselineText(
  view: PlanView,
  split: BaselineSplit,
  options: { color: boolean },
): string {
  const closing = closingLines(view, createStyle(options.color));
  return `${renderBaselineText(split, options)}\n${closing.join('\n')}\n`;
}

export function renderPlanBaselineMarkdown(
  view: PlanView,
  split: BaselineSplit,
  options: { maxLength?: number } = {},
): string {
  const problems = view.problems ?? [];
  const head = problems.length > 0 ? `${problemsMarkdown(problems)}\n\n` : '';
  const limit = (options.maxLength ?? MARKDOWN_LIMIT) - head.length;
  return `${head}${renderBaselineMarkdown(split, { maxLength: limit })}`;
}
