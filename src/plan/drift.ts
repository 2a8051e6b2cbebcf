// Drift: every difference between the desired and the live state, as a report (pure, no I/O).
// The differences come from the plan engine (one source of truth for "what differs"): each action
// the plan would take, and each manual item, is one drift item, classified by who it concerns and
// what it would change. The plan's gates exist to stop harmful changes, not to hide differences, so
// drift asks the engine with `gates: 'report-only'`.
import type { DesiredState } from '../model/desired.js';
import {
  DRIFT_FORMAT_VERSION,
  DRIFT_KINDS,
  type DriftItem,
  type DriftKind,
  type DriftReport,
  type DriftSummary,
} from '../model/drift.js';
import type { LiveState } from '../model/live.js';
import type {
  Action,
  LicenseState,
  ManualItem,
  Plan,
  PlanProblem,
  PlanProblemCode,
  Target,
} from '../model/plan.js';
import { judgeAcceptances } from './drift-accept.js';
import { managedScope, mentionedEmails } from './drift-scope.js';
import { compileIgnore } from './ignore.js';
import { indexLive, type LiveIndex } from './live-index.js';
import { planChanges } from './planner.js';

export interface DriftOptions {
  /** The instant acceptances are judged against. */
  now: Date;
  toolVersion: string;
}

export interface ComputeDriftOptions extends DriftOptions {
  configDigest: string;
  liveDigest: string;
  /** The Asana API base URL the live state was read from. */
  baseUrl: string;
}

export interface DriftResult {
  report: DriftReport;
  /** Declarations that match nothing in Asana: the report cannot be trusted, the command fails. */
  problems: PlanProblem[];
}

/** The parts of a plan drift is computed from, and the plan's count of ignored accounts. */
export type PlanDifferences = Pick<Plan, 'actions' | 'manual' | 'configDigest' | 'liveDigest'> & {
  ignoredAccounts: number;
};

/** Problems that make a drift report meaningless: the config names things Asana does not have. */
const FATAL: ReadonlySet<PlanProblemCode> = new Set<PlanProblemCode>([
  'unknown-workspace',
  'unknown-team',
  'ambiguous-name',
]);

/** Every difference between `desired` and `live`, judged against the config's acceptances at `now`. */
export function computeDrift(
  desired: DesiredState,
  live: LiveState,
  options: ComputeDriftOptions,
): DriftResult {
  // Asked what differs, not what may be changed: the gates stop harmful changes, they hide no difference.
  const result = planChanges(desired, live, {
    toolVersion: options.toolVersion,
    createdAt: options.now.toISOString(),
    configDigest: options.configDigest,
    liveDigest: options.liveDigest,
    baseUrl: options.baseUrl,
    gates: 'report-only',
  });
  const report = driftFromPlan(
    desired,
    live,
    {
      actions: result.plan.actions,
      manual: result.plan.manual,
      configDigest: options.configDigest,
      liveDigest: options.liveDigest,
      ignoredAccounts: result.stats.ignoredAccounts,
    },
    options,
  );
  return { report, problems: result.problems.filter((p) => FATAL.has(p.code)) };
}

type Unjudged = Omit<DriftItem, 'status' | 'acceptance'>;

export function targetKey(target: Target | undefined): string {
  if (!target) return 'none';
  switch (target.type) {
    case 'workspace':
      return `workspace:${target.gid}`;
    case 'team':
      return `team:${target.gid}`;
    case 'license':
      return 'license';
  }
}

export function describeTarget(target: Target): string {
  switch (target.type) {
    case 'workspace':
      return `workspace "${target.name}"`;
    case 'team':
      return `team "${target.name}" (${target.workspaceName})`;
    case 'license':
      return 'license';
  }
}

export function licenseLabel(license: LicenseState): string {
  return license === 'deprovisioned' ? 'no license (deprovisioned)' : license;
}

function fromAction(action: Action, mentioned: ReadonlySet<string>): Unjudged {
  const email = action.user.email;
  const base = { user: action.user, ...(action.at ? { at: action.at } : {}) };
  if (action.kind === 'create-account') {
    return {
      ...base,
      id: `missing-account:${email}`,
      kind: 'missing-account',
      target: action.workspace,
      message: `${email} has no Asana account, but the config declares the user`,
    };
  }
  const target = action.target;
  if (target.type === 'license') {
    return {
      ...base,
      id: `license:${email}`,
      kind: 'license',
      target,
      message: `${email} holds ${licenseLabel(target.from)}, but the config declares ${licenseLabel(target.to)}`,
    };
  }
  if (action.kind === 'grant') {
    return {
      ...base,
      id: `missing-access:${targetKey(target)}:${email}`,
      kind: 'missing-access',
      target,
      message: `${email} is not a member of ${describeTarget(target)}, but the config declares it`,
    };
  }
  if (mentioned.has(email)) {
    return {
      ...base,
      id: `unexpected-access:${targetKey(target)}:${email}`,
      kind: 'unexpected-access',
      target,
      message: `${email} is a member of ${describeTarget(target)}, but the config does not declare it`,
    };
  }
  return {
    ...base,
    id: `unmanaged-account:${targetKey(target)}:${email}`,
    kind: 'unmanaged-account',
    target,
    message: `${email} is a member of ${describeTarget(target)}, which the config manages authoritatively, but no config mentions this account`,
  };
}

/**
 * Manual items are differences too. A license that only a person can change (no SCIM, or a
 * deprovisioned account to reactivate) is a license difference; the rest (roles, guests, missing
 * permissions) are differences to fix by hand.
 */
function fromManual(item: ManualItem): Unjudged {
  const kind: DriftKind =
    item.target?.type === 'license' && (item.reason === 'scim-unavailable' || item.reason === 'reactivate')
      ? 'license'
      : 'manual';
  return {
    id: `${kind}:${item.reason}:${targetKey(item.target)}:${item.user.email}`,
    kind,
    user: item.user,
    ...(item.target ? { target: item.target } : {}),
    manualReason: item.reason,
    message: item.message,
    ...(item.at ? { at: item.at } : {}),
  };
}

const KIND_ORDER = new Map<DriftKind, number>(DRIFT_KINDS.map((k, i) => [k, i]));

function compareItems(a: Unjudged, b: Unjudged): number {
  return (
    KIND_ORDER.get(a.kind)! - KIND_ORDER.get(b.kind)! ||
    (a.user.email < b.user.email ? -1 : a.user.email > b.user.email ? 1 : 0) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

function summarize(items: readonly DriftItem[], ignoredAccounts: number, unused: number): DriftSummary {
  const byKind = Object.fromEntries(DRIFT_KINDS.map((k) => [k, 0])) as Record<DriftKind, number>;
  let drifted = 0;
  let accepted = 0;
  let expired = 0;
  for (const item of items) {
    if (item.status === 'accepted') {
      accepted++;
      continue;
    }
    if (item.status === 'expired') expired++;
    drifted++;
    byKind[item.kind]++;
  }
  return { drifted, accepted, expired, byKind, ignoredAccounts, unusedAcceptances: unused };
}

/** Builds the drift report from the differences the plan engine found between `desired` and `live`. */
export function driftFromPlan(
  desired: DesiredState,
  live: LiveState,
  plan: PlanDifferences,
  options: DriftOptions,
): DriftReport {
  const mentioned = mentionedEmails(desired);
  const byId = new Map<string, Unjudged>();
  for (const a of plan.actions) {
    const item = fromAction(a, mentioned);
    if (!byId.has(item.id)) byId.set(item.id, item);
  }
  for (const m of plan.manual) {
    const item = fromManual(m);
    if (!byId.has(item.id)) byId.set(item.id, item);
  }
  const index = indexLive(live);
  for (const item of unplannedMissingAccounts(desired, index, plan.actions, mentioned)) {
    if (!byId.has(item.id)) byId.set(item.id, item);
  }
  const unjudged = [...byId.values()].sort(compareItems);
  const { items, unused } = judgeAcceptances(unjudged, desired.accept, options.now);
  const scope = managedScope(desired, index);
  return {
    formatVersion: DRIFT_FORMAT_VERSION,
    toolVersion: options.toolVersion,
    checkedAt: options.now.toISOString(),
    configDigest: plan.configDigest,
    liveDigest: plan.liveDigest,
    scope,
    items,
    unusedAcceptances: unused,
    summary: summarize(items, plan.ignoredAccounts, unused.length),
  };
}

/**
 * Users the config names who have no Asana account and no planned creation: the plan cannot create
 * them when there is nowhere to invite them (it reports a problem instead), but they are still missing.
 */
function unplannedMissingAccounts(
  desired: DesiredState,
  index: LiveIndex,
  actions: readonly Action[],
  mentioned: ReadonlySet<string>,
): Unjudged[] {
  const planned = new Set(actions.filter((a) => a.kind === 'create-account').map((a) => a.user.email));
  const ignored = compileIgnore(desired.policy.ignore);
  const declared = new Map(desired.users.map((u) => [u.email.toLowerCase(), u]));
  const out: Unjudged[] = [];
  for (const email of mentioned) {
    const user = declared.get(email);
    if (planned.has(email) || user?.license === 'none' || ignored(email) !== undefined) continue;
    if (index.userByEmail.has(email) || index.scimByEmail?.has(email)) continue;
    out.push({
      id: `missing-account:${email}`,
      kind: 'missing-account',
      user: { email, ...(user?.name ? { name: user.name } : {}) },
      message: `${email} has no Asana account, but the config declares the user`,
      ...(user ? { at: user.at } : {}),
    });
  }
  return out;
}

/** Exit status of a drift report: drift (2) when anything counts as drift, otherwise none (0). */
export function hasDrift(report: DriftReport): boolean {
  return report.summary.drifted > 0;
}
