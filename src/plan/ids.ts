// Action and manual-item ids: derived only from what the action is about, so the same change gets
// the same id in every run (reviewers, journals and saved plans refer to them).
import type { Action, ManualReason, MembershipTarget, Target } from '../model/index.js';

export function createAccountId(email: string): string {
  return `create-account:${email}`;
}

export function membershipActionId(
  kind: 'grant' | 'revoke',
  target: MembershipTarget,
  email: string,
): string {
  return `${kind}-${target.type}:${target.gid}:${email}`;
}

export function licenseActionId(kind: 'grant' | 'revoke', email: string): string {
  return `${kind}-license:${email}`;
}

export function manualItemId(reason: ManualReason, email: string, target?: Target): string {
  if (!target) return `manual-${reason}:${email}`;
  if (target.type === 'license') return `manual-${reason}:license:${email}`;
  return `manual-${reason}:${target.type}:${target.gid}:${email}`;
}

/** `workspace:<gid>`, `team:<gid>` or `license`: the key renderers group and look members up by. */
export function targetKey(target: Target): string {
  return target.type === 'license' ? 'license' : `${target.type}:${target.gid}`;
}

/**
 * Execution phase of an action, following design.md: accounts, then workspace grants, team grants,
 * license grants; then team revokes, workspace revokes, license downgrades, deprovisioning last
 * (a workspace removal that deprovisions counts as deprovisioning).
 * Every dependency edge points from a lower phase to a higher one, so sorting by phase yields a
 * valid topological order.
 */
export function actionPhase(action: Action): number {
  if (action.kind === 'create-account') return 0;
  const t = action.target;
  if (action.kind === 'grant') return t.type === 'workspace' ? 1 : t.type === 'team' ? 2 : 3;
  if (t.type === 'team') return 4;
  if (t.type === 'workspace') return action.deprovisions ? 7 : 5;
  return t.to === 'deprovisioned' ? 8 : 6;
}
