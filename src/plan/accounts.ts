// Accounts: who needs one created (SCIM or invitation), and who was deprovisioned and can only be
// reactivated by a person.
import type { CreateAccountAction, LiveWorkspace, PlanProblem } from '../model/index.js';
import { type PlanContext, touchIgnored, type UserInfo } from './context.js';
import { createAccountId, manualItemId } from './ids.js';

export function planAccounts(ctx: PlanContext, emails: readonly string[]): void {
  const uninvitable: UserInfo[] = [];
  const undone: UserInfo[] = [];
  const home: (email: string) => Home | undefined = ctx.licensesPlanned
    ? constant(scimHome(ctx))
    : invitationWorkspace(ctx);
  const authoritative = new Set(
    ctx.resolution.workspaces.filter((w) => w.declared.mode === 'authoritative').map((w) => w.live.gid),
  );
  for (const email of emails) {
    const user = ctx.user(email);
    const declaredLicense = user.declared?.license;
    if (user.license === 'deprovisioned') {
      if (declaredLicense !== 'none' && user.ignoredBy === undefined) planReactivation(ctx, user);
      continue;
    }
    if (user.exists || declaredLicense === 'none') continue;
    if (user.ignoredBy !== undefined) {
      touchIgnored(ctx, user, 'create an account');
      continue;
    }
    const into = home(email);
    if (!into) {
      uninvitable.push(user);
      continue;
    }
    const via = ctx.licensesPlanned ? 'scim' : 'invite';
    // Invited into a workspace whose authoritative member list does not name the user, the next plan
    // would remove the account again: the config must say where the user belongs.
    if (via === 'invite' && into.declaredFor !== email && authoritative.has(into.gid)) {
      undone.push(user);
      continue;
    }
    if (via === 'invite') {
      const denied = ctx.permissions.addToWorkspace(into.gid);
      if (denied) {
        ctx.manual.push({
          id: manualItemId('no-permission', email, workspaceTarget(into)),
          reason: 'no-permission',
          user: user.ref,
          target: workspaceTarget(into),
          message: `Invite ${email} to workspace "${into.name}" by hand: ${denied}.`,
          ...(user.declaredAt ? { at: user.declaredAt } : {}),
        });
        continue;
      }
    }
    const action: CreateAccountAction = {
      id: createAccountId(email),
      kind: 'create-account',
      user: user.ref,
      dependsOn: [],
      precondition: { type: 'account', email, exists: false },
      via,
      workspace: workspaceTarget(into),
      license: declaredLicense ?? ctx.desired.settings.newAccountLicense,
    };
    if (user.declaredAt) action.at = user.declaredAt;
    ctx.actions.push(action);
    user.createId = action.id;
    // An invitation is Asana's addUser by email: the new account is then a member of that workspace.
    if (via === 'invite') user.createdInto = into.gid;
  }
  // A default workspace that is set but did not resolve is already a problem of its own.
  const alreadyReported = !ctx.licensesPlanned && ctx.desired.settings.defaultWorkspace !== undefined;
  if (uninvitable.length > 0 && !alreadyReported) ctx.problems.push(noHomeProblem(ctx, uninvitable));
  if (undone.length > 0) ctx.problems.push(undoneInvitationProblem(undone, ctx.resolution.defaultWorkspace!));
}

function planReactivation(ctx: PlanContext, user: UserInfo): void {
  const to = user.declared?.license;
  const target =
    to && to !== 'none' ? { type: 'license' as const, from: 'deprovisioned' as const, to } : undefined;
  ctx.manual.push({
    id: manualItemId('reactivate', user.email, target),
    reason: 'reactivate',
    user: user.ref,
    ...(target ? { target } : {}),
    message: `${user.email} is deprovisioned in Asana and no API can reactivate an account: reactivate it in the admin console (the next plan then adds its memberships), or declare license: none.`,
    ...(user.declaredAt ? { at: user.declaredAt } : {}),
  });
}

/**
 * Where an invitation goes: the default workspace when the user is declared there, else the first
 * declared workspace the user is a member of (so that the invitation is a membership the config
 * wants, not one the next plan revokes), else the default workspace.
 */
function invitationWorkspace(ctx: PlanContext): (email: string) => Home | undefined {
  const def = ctx.resolution.defaultWorkspace;
  const first = new Map<string, LiveWorkspace>();
  let inDefault = new Set<string>();
  for (const rw of ctx.resolution.workspaces) {
    const emails = new Set(rw.declared.members.map((m) => m.email.toLowerCase()));
    if (def && rw.live.gid === def.gid) inDefault = emails;
    for (const email of emails) if (!first.has(email)) first.set(email, rw.live);
  }
  return (email) => {
    if (def && inDefault.has(email)) return { ...def, declaredFor: email };
    const declared = first.get(email);
    if (declared) return { ...declared, declaredFor: email };
    return def;
  };
}

/** A workspace a new account goes to; `declaredFor` is set when the config lists the user there. */
type Home = LiveWorkspace & { declaredFor?: string };

function constant<T>(value: T): () => T {
  return () => value;
}

function undoneInvitationProblem(users: UserInfo[], def: LiveWorkspace): PlanProblem {
  const shown = users.slice(0, 5).map((u) => u.email);
  const more = users.length > shown.length ? ` and ${users.length - shown.length} more` : '';
  const problem: PlanProblem = {
    code: 'no-default-workspace',
    message: `${users.length} declared user(s) have no Asana account and belong to no declared workspace (${shown.join(', ')}${more}): inviting them to settings.defaultWorkspace "${def.name}" would add a membership its authoritative member list removes again. Declare them as members of a workspace.`,
  };
  const at = users[0]?.declaredAt;
  if (at) problem.at = at;
  return problem;
}

/**
 * Where SCIM puts a new account: SCIM accounts belong to the organization, so the default workspace
 * if it is one, else the first declared organization, else the domain's first organization by gid.
 */
function scimHome(ctx: PlanContext): LiveWorkspace | undefined {
  if (ctx.resolution.defaultWorkspace?.isOrganization) return ctx.resolution.defaultWorkspace;
  const declared = ctx.resolution.workspaces.find((w) => w.live.isOrganization);
  if (declared) return declared.live;
  return [...ctx.index.live.workspaces].sort((a, b) => cmp(a.gid, b.gid)).find((w) => w.isOrganization);
}

function noHomeProblem(ctx: PlanContext, users: UserInfo[]): PlanProblem {
  const shown = users.slice(0, 5).map((u) => u.email);
  const more = users.length > shown.length ? ` and ${users.length - shown.length} more` : '';
  const why = ctx.licensesPlanned
    ? 'the domain has no organization to create them in'
    : 'without SCIM, an account is created by inviting it to a workspace it is declared in, or else to settings.defaultWorkspace, which is not set';
  const problem: PlanProblem = {
    code: 'no-default-workspace',
    message: `${users.length} declared user(s) have no Asana account (${shown.join(', ')}${more}) and cannot be created: ${why}.`,
  };
  const at = users[0]?.declaredAt;
  if (at) problem.at = at;
  return problem;
}

export function workspaceTarget(ws: LiveWorkspace): { type: 'workspace'; gid: string; name: string } {
  return { type: 'workspace', gid: ws.gid, name: ws.name };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
