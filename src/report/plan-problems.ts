// Plan problems in words: `file:line:col  message (code)`, the way config diagnostics read.
import type { PlanProblem } from '../model/index.js';
import { locationLabel } from './plan-view.js';

export function problemLine(problem: PlanProblem): string {
  const where = problem.at ? `${locationLabel(problem.at)}  ` : '';
  return `${where}${problem.message} (${problem.code})`;
}

export function problemsHeading(count: number): string {
  return count === 1
    ? 'Problem: the plan cannot be applied until it is fixed:'
    : `Problems: the plan cannot be applied until these ${count} are fixed:`;
}
