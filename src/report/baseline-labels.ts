// Shared by the baseline renderers: the sign of an action and one-line counts of a part of a plan.
import type { Action, ManualItem } from '../model/plan.js';

/** `+` creates or grants access, `-` takes it away, `~` changes a license. */
export function actionSign(action: Action): '+' | '-' | '~' {
  if (action.kind === 'create-account') return '+';
  if (action.target.type === 'license') return '~';
  return action.kind === 'grant' ? '+' : '-';
}

/** `1 to create, 2 to grant, 0 to revoke, 1 manual`, the plan summary's words for a subset. */
export function countLine(actions: readonly Action[], manual: readonly ManualItem[]): string {
  const n = (k: Action['kind']) => actions.filter((a) => a.kind === k).length;
  return `${n('create-account')} to create, ${n('grant')} to grant, ${n('revoke')} to revoke, ${manual.length} manual`;
}
