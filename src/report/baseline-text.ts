// A plan split by --baseline, for a terminal: what the change introduces first, then the drift that
// was already there (applying fixes it too), then what the change withdraws from the baseline's plan.
import { Chalk } from 'chalk';
import type { Action, ManualItem } from '../model/plan.js';
import type { BaselineSplit } from '../plan/baseline.js';
import { describeAction } from '../plan/describe.js';
import { actionSign, countLine } from './baseline-labels.js';

export interface BaselineTextOptions {
  color: boolean;
}

export function renderBaselineText(split: BaselineSplit, options: BaselineTextOptions): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const paint = { '+': c.green, '-': c.red, '~': c.yellow } as const;
  const actionLine = (a: Action) => {
    const sign = actionSign(a);
    return `  ${paint[sign](sign)} ${describeAction(a)}`;
  };
  const manualLine = (m: ManualItem) => `  ${c.magenta('!')} ${m.message}`;
  const out: string[] = [];
  const part = (title: string, actions: readonly Action[], manual: readonly ManualItem[]) => {
    out.push(c.bold(`${title} (${actions.length + manual.length})`));
    if (actions.length + manual.length === 0) out.push('  (none)');
    out.push(...actions.map(actionLine), ...manual.map(manualLine), '');
  };
  part('Changes this change introduces', split.introduced, split.introducedManual);
  part(
    'Drift already there before this change, fixed too when applied',
    split.existing,
    split.existingManual,
  );
  if (split.withdrawn.length > 0) {
    part("Withdrawn by this change (in the target branch's plan, not in this one)", split.withdrawn, []);
  }
  out.push(
    `Introduced: ${countLine(split.introduced, split.introducedManual)}. Already there: ${countLine(split.existing, split.existingManual)}.`,
  );
  return `${out.join('\n')}\n`;
}
