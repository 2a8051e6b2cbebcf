// planChanges: (DesiredState, LiveState, options) → Plan. Pure and deterministic: no I/O, no clock,
// no randomness; maps and sets throughout so the work grows linearly with the state.
import type { Action, DesiredState, LiveState, Plan, PlanProblem } from '../model/index.js';
import { PLAN_FORMAT_VERSION } from '../model/index.js';
import { planAccounts } from './accounts.js';
import { createContext, type PlanContext } from './context.js';
import { computePlanDigest } from './digest.js';
import { checkRevocationLimit, effectiveRevocationLimit, GATE_PROBLEMS } from './gates.js';
import { actionPhase } from './ids.js';
import { planLicenses } from './licenses.js';
import { indexLive } from './live-index.js';
import { planMemberships } from './memberships.js';
import type { PlanOptions, PlanResult } from './options.js';
import { permissionsOf } from './permissions.js';
import { resolveDesired } from './resolve.js';

export function planChanges(desired: DesiredState, live: LiveState, options: PlanOptions): PlanResult {
  const enforceGates = (options.gates ?? 'enforce') === 'enforce';
  const index = indexLive(live);
  const resolution = resolveDesired(desired, index);
  const ctx = createContext(desired, index, resolution, permissionsOf(index, enforceGates));

  planAccounts(ctx, declaredEmails(desired));
  planMemberships(ctx);
  linkWorkspaceRevokes(ctx);
  planLicenses(ctx);
  reportIgnoredTouches(ctx);

  const actions = orderActions(ctx.actions);
  const revocations = actions.filter((a) => a.kind === 'revoke').length;
  const limit = effectiveRevocationLimit(desired.policy, options.maxRevocations);
  const managedMemberships =
    ctx.managedMemberships + (ctx.licensesPlanned ? countManagedLicenses(desired) : 0);
  const overLimit = checkRevocationLimit(revocations, managedMemberships, limit);
  if (overLimit) ctx.problems.push(overLimit);

  const manual = [...ctx.manual].sort((a, b) => compare(a.user.email, b.user.email) || compare(a.id, b.id));
  const unsigned: Omit<Plan, 'digest'> = {
    formatVersion: PLAN_FORMAT_VERSION,
    toolVersion: options.toolVersion,
    createdAt: options.createdAt,
    configDigest: options.configDigest,
    liveDigest: options.liveDigest,
    domain: {
      baseUrl: options.baseUrl,
      meGid: live.me.gid,
      meEmail: live.me.email,
      workspaceGids: [...live.scope.workspaceGids].sort(compare),
    },
    actions,
    manual,
    summary: {
      create: actions.filter((a) => a.kind === 'create-account').length,
      grant: actions.filter((a) => a.kind === 'grant').length,
      revoke: revocations,
      manual: manual.length,
    },
  };
  const plan: Plan = { ...unsigned, digest: computePlanDigest(unsigned) };
  // The passes record gate problems either way; a report-only plan drops them here, in one place.
  const problems = enforceGates ? ctx.problems : ctx.problems.filter((p) => !GATE_PROBLEMS.has(p.code));
  return {
    plan,
    problems: sortProblems(problems),
    stats: {
      ignoredAccounts: ctx.ignoredAccounts.size,
      managedMemberships,
      revocations,
      revocationLimit: limit,
      licensesPlanned: ctx.licensesPlanned,
    },
    currentMembers: sortedRecord(ctx.currentMembers),
  };
}

/** Every email the config names (users list and member lists), sorted. */
function declaredEmails(desired: DesiredState): string[] {
  const emails = new Set<string>();
  for (const u of desired.users) emails.add(u.email.toLowerCase());
  for (const ws of desired.workspaces) {
    for (const m of ws.members) emails.add(m.email.toLowerCase());
    for (const team of ws.teams) for (const m of team.members) emails.add(m.email.toLowerCase());
  }
  return [...emails].sort(compare);
}

/**
 * Removing a user from a workspace waits for their team revokes in it (Asana drops those anyway); a
 * removal that deprovisions waits for all their other revokes.
 */
function linkWorkspaceRevokes(ctx: PlanContext): void {
  const teamRevokes = new Map<string, string[]>();
  for (const a of ctx.actions) {
    if (a.kind === 'revoke' && a.target.type === 'team') {
      const key = `${a.target.workspaceGid}:${a.user.email}`;
      const list = teamRevokes.get(key);
      if (list) list.push(a.id);
      else teamRevokes.set(key, [a.id]);
    }
  }
  for (const a of ctx.actions) {
    if (a.kind !== 'revoke' || a.target.type !== 'workspace') continue;
    if (a.deprovisions) {
      // It takes every access with it: it waits for the user's other revokes, as deprovisioning does.
      a.dependsOn.push(...(ctx.revokesByUser.get(a.user.email) ?? []).filter((id) => id !== a.id));
    } else {
      a.dependsOn.push(...(teamRevokes.get(`${a.target.gid}:${a.user.email}`) ?? []));
    }
  }
}

function reportIgnoredTouches(ctx: PlanContext): void {
  for (const [email, changes] of ctx.ignoredTouches) {
    const user = ctx.user(email);
    const problem: PlanProblem = {
      code: 'ignored-user',
      message: `${email} matches policy.ignore pattern "${user.ignoredBy}", which the tool never touches, but the config declares it and the plan would ${[...changes].sort(compare).join(', ')}: remove the declaration or narrow the pattern.`,
    };
    if (user.declaredAt) problem.at = user.declaredAt;
    ctx.problems.push(problem);
  }
}

/** Users whose license the plan manages: declared with a license. */
function countManagedLicenses(desired: DesiredState): number {
  return desired.users.filter((u) => u.license !== undefined).length;
}

/**
 * Phase order (see actionPhase), then target gid, then email: a valid topological order with
 * deterministic ties. Each action's dependsOn is sorted into the same order.
 */
function orderActions(actions: Action[]): Action[] {
  const keyed = actions.map((a) => ({ a, phase: actionPhase(a), gid: targetGid(a) }));
  keyed.sort((x, y) => x.phase - y.phase || compare(x.gid, y.gid) || compare(x.a.user.email, y.a.user.email));
  const position = new Map<string, number>();
  keyed.forEach((k, i) => {
    position.set(k.a.id, i);
  });
  return keyed.map(({ a }) => ({
    ...a,
    dependsOn: [...new Set(a.dependsOn)].sort((p, q) => position.get(p)! - position.get(q)!),
  }));
}

function targetGid(action: Action): string {
  if (action.kind === 'create-account') return '';
  return action.target.type === 'license' ? '' : action.target.gid;
}

function sortProblems(problems: PlanProblem[]): PlanProblem[] {
  const loc = (p: PlanProblem) =>
    p.at ? `${p.at.file}\u0000${String(p.at.line).padStart(9, '0')}` : '\uffff';
  return [...problems].sort(
    (a, b) => compare(loc(a), loc(b)) || compare(a.code, b.code) || compare(a.message, b.message),
  );
}

function sortedRecord(record: Record<string, string[]>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const key of Object.keys(record).sort(compare)) out[key] = record[key]!;
  return out;
}

export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
