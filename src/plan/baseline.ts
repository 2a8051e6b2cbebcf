// Reviewing a change, not the world: splits a plan into what a pull request introduces and drift that
// was already there. Both plans are made against the same live state, the current one from the
// branch's config and the baseline one from the target branch's config, so an action present in both
// would have happened without the change. Pure: no I/O.
import type { Action, ManualItem, Plan, Target } from '../model/plan.js';

export interface BaselineSplit {
  /** Actions only the changed config asks for: what reviewers approve. */
  introduced: Action[];
  /** Actions the target branch's config already asked for: drift that was there before the change. */
  existing: Action[];
  /** Manual items only the changed config causes. */
  introducedManual: ManualItem[];
  /** Manual items the target branch's config already had. */
  existingManual: ManualItem[];
  /**
   * Actions the baseline plan had that the change removes: drift the change adopts into the config
   * (e.g. a membership made by hand that is now declared) or a pending change it withdraws.
   */
  withdrawn: Action[];
}

function targetIdentity(target: Target): string {
  switch (target.type) {
    case 'workspace':
      return `workspace:${target.gid}`;
    case 'team':
      return `team:${target.gid}`;
    case 'license':
      return `license:${target.from}>${target.to}`;
  }
}

/**
 * What an action changes, independent of ids, dependencies, preconditions and config locations: two
 * actions with the same key make the same change in Asana.
 */
export function actionKey(action: Action): string {
  if (action.kind === 'create-account') {
    return `create-account|${action.user.email}|${action.via}|${action.license}|${action.workspace.gid}`;
  }
  return `${action.kind}|${action.user.email}|${targetIdentity(action.target)}`;
}

export function manualKey(item: ManualItem): string {
  return `manual|${item.reason}|${item.user.email}|${item.target ? targetIdentity(item.target) : '-'}`;
}

/** Splits `current` by what `baseline` already contained; each list keeps its plan's order. */
export function splitByBaseline(current: Plan, baseline: Plan): BaselineSplit {
  const before = new Set(baseline.actions.map(actionKey));
  const now = new Set(current.actions.map(actionKey));
  const manualBefore = new Set(baseline.manual.map(manualKey));
  const split: BaselineSplit = {
    introduced: [],
    existing: [],
    introducedManual: [],
    existingManual: [],
    withdrawn: baseline.actions.filter((a) => !now.has(actionKey(a))),
  };
  for (const a of current.actions) (before.has(actionKey(a)) ? split.existing : split.introduced).push(a);
  for (const m of current.manual) {
    (manualBefore.has(manualKey(m)) ? split.existingManual : split.introducedManual).push(m);
  }
  return split;
}
