// Accounts: who needs one created (SCIM or invitation), and who was deprovisioned and can only be
// reactivated by a person.
import type { CreateAccountAction, LiveWorkspace, PlanProblem } from '../model/index.js';
import { type PlanContext, touchIgnored, type UserInfo } from './context.js';
import { createAccountId, manualItemId } from './ids.js';

export function planAccounts(ctx: PlanContext, emails: readonly string[]): void {
  const uninvitable: UserInfo[] = [];
  const undone: { user: UserInfo; into: Home; via: 'scim' | 'invite' }[] = [];
  const declaredIn = declaredMembers(ctx);
  const invitation = invitationWorkspace(ctx, declaredIn);
  const scimOrg = ctx.licensesPlanned ? scimOrganization(ctx) : () => undefined;
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
    // SCIM creates accounts of an organization's own email domains only (and makes them members of
    // it); anyone else, a guest, is invited, even when licenses are managed.
    const org = scimOrg(email);
    const via = org ? 'scim' : 'invite';
    const into = org ? marked(org, declaredIn, email) : invitation(email);
    if (!into) {
      uninvitable.push(user);
      continue;
    }
    // Invited (or, through SCIM, made a member of the organization) where an authoritative member
    // list does not name the user, the next plan would remove the account again: the config must say
    // where the user belongs.
    if (into.declaredFor !== email && authoritative.has(into.gid)) {
      undone.push({ user, into, via });
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
  const alreadyReported =
    ctx.desired.settings.defaultWorkspace !== undefined && !ctx.resolution.defaultWorkspace;
  if (uninvitable.length > 0 && !alreadyReported) ctx.problems.push(noHomeProblem(ctx, uninvitable));
  for (const via of ['invite', 'scim'] as const) {
    const these = undone.filter((u) => u.via === via);
    if (these.length > 0) ctx.problems.push(undoneCreationProblem(these, via));
  }
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

/** The emails each declared workspace lists, by workspace gid. */
function declaredMembers(ctx: PlanContext): Map<string, Set<string>> {
  const byWorkspace = new Map<string, Set<string>>();
  for (const rw of ctx.resolution.workspaces) {
    byWorkspace.set(rw.live.gid, new Set(rw.declared.members.map((m) => m.email.toLowerCase())));
  }
  return byWorkspace;
}

/**
 * Where an invitation goes: the default workspace when the user is declared there, else the first
 * declared workspace the user is a member of (so that the invitation is a membership the config
 * wants, not one the next plan revokes), else the default workspace.
 */
function invitationWorkspace(
  ctx: PlanContext,
  declaredIn: Map<string, Set<string>>,
): (email: string) => Home | undefined {
  const def = ctx.resolution.defaultWorkspace;
  const first = new Map<string, LiveWorkspace>();
  for (const rw of ctx.resolution.workspaces) {
    for (const email of declaredIn.get(rw.live.gid) ?? []) if (!first.has(email)) first.set(email, rw.live);
  }
  return (email) => {
    if (def && declaredIn.get(def.gid)?.has(email)) return { ...def, declaredFor: email };
    const declared = first.get(email);
    if (declared) return { ...declared, declaredFor: email };
    return def;
  };
}

/** A workspace a new account goes to; `declaredFor` is set when the config lists the user there. */
type Home = LiveWorkspace & { declaredFor?: string };

function marked(ws: LiveWorkspace, declaredIn: Map<string, Set<string>>, email: string): Home {
  return declaredIn.get(ws.gid)?.has(email) ? { ...ws, declaredFor: email } : ws;
}

/**
 * The organization a SCIM-created account joins: the one whose email domains hold the address (by
 * gid when several do), or none for an address outside every organization's domains (a guest).
 * When Asana shows no organization's domains, the default workspace if it is an organization, else
 * the first declared organization, else the domain's first organization.
 */
function scimOrganization(ctx: PlanContext): (email: string) => LiveWorkspace | undefined {
  const orgs = [...ctx.index.live.workspaces]
    .filter((w) => w.isOrganization)
    .sort((a, b) => cmp(a.gid, b.gid));
  const byDomain = new Map<string, LiveWorkspace>();
  for (const org of orgs) {
    for (const d of org.emailDomains) if (!byDomain.has(d.toLowerCase())) byDomain.set(d.toLowerCase(), org);
  }
  if (byDomain.size === 0) {
    const fallback = ctx.resolution.defaultWorkspace?.isOrganization
      ? ctx.resolution.defaultWorkspace
      : (ctx.resolution.workspaces.find((w) => w.live.isOrganization)?.live ?? orgs[0]);
    return () => fallback;
  }
  return (email) => byDomain.get(email.slice(email.lastIndexOf('@') + 1));
}

function undoneCreationProblem(
  undone: { user: UserInfo; into: Home }[],
  via: 'scim' | 'invite',
): PlanProblem {
  const users = undone.map((u) => u.user);
  const into = undone[0]!.into;
  const shown = users.slice(0, 5).map((u) => u.email);
  const more = users.length > shown.length ? ` and ${users.length - shown.length} more` : '';
  const problem: PlanProblem = {
    code: 'no-default-workspace',
    message:
      via === 'invite'
        ? `${users.length} declared user(s) have no Asana account and belong to no declared workspace (${shown.join(', ')}${more}): inviting them to settings.defaultWorkspace "${into.name}" would add a membership its authoritative member list removes again. Declare them as members of a workspace.`
        : `${users.length} declared user(s) have no Asana account (${shown.join(', ')}${more}): an account created through SCIM joins the organization "${into.name}", whose authoritative member list does not name them, so the next plan would remove it again. Declare them as members of "${into.name}".`,
  };
  const at = users[0]?.declaredAt;
  if (at) problem.at = at;
  return problem;
}

function noHomeProblem(ctx: PlanContext, users: UserInfo[]): PlanProblem {
  const shown = users.slice(0, 5).map((u) => u.email);
  const more = users.length > shown.length ? ` and ${users.length - shown.length} more` : '';
  // SCIM creates only addresses of an organization's domains: every other account is invited.
  const why = ctx.licensesPlanned
    ? 'no organization owns their email domain, so they must be invited, to a workspace they are declared in or else to settings.defaultWorkspace, which is not set'
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
