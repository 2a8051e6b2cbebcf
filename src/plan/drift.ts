// Drift: every difference between the desired and the live state, as a report (pure, no I/O).
// The differences themselves come from the plan engine (one source of truth for "what differs"):
// each action the plan would take, and each manual item, is one drift item, classified by who it
// concerns and what it would change. Safety gates do not apply: drift is only looked at, never fixed.
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
import type { Action, LicenseState, ManualItem, Plan, Target } from '../model/plan.js';
import { judgeAcceptances } from './drift-accept.js';
import { countIgnoredAccounts, managedScope, mentionedEmails } from './drift-scope.js';

export interface DriftOptions {
  /** The instant acceptances are judged against. */
  now: Date;
  toolVersion: string;
}

/** The parts of a plan drift is computed from. */
export type PlanDifferences = Pick<Plan, 'actions' | 'manual' | 'configDigest' | 'liveDigest'>;

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

function fromManual(item: ManualItem): Unjudged {
  return {
    id: `manual:${item.reason}:${targetKey(item.target)}:${item.user.email}`,
    kind: 'manual',
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
  const unjudged = [...byId.values()].sort(compareItems);
  const { items, unused } = judgeAcceptances(unjudged, desired.accept, options.now);
  const scope = managedScope(desired, live);
  const ignoredAccounts = countIgnoredAccounts(desired, live, scope);
  return {
    formatVersion: DRIFT_FORMAT_VERSION,
    toolVersion: options.toolVersion,
    checkedAt: options.now.toISOString(),
    configDigest: plan.configDigest,
    liveDigest: plan.liveDigest,
    scope,
    items,
    unusedAcceptances: unused,
    summary: summarize(items, ignoredAccounts, unused.length),
  };
}

/** Exit status of a drift report: drift (2) when anything counts as drift, otherwise none (0). */
export function hasDrift(report: DriftReport): boolean {
  return report.summary.drifted > 0;
}
