// Workspace and team memberships: grants for declared members who lack them, revokes of undeclared
// members under `authoritative` mode, and roles that differ from the declared ones, which only a
// person can change.
import type {
  DesiredMember,
  LiveTeamMembership,
  LiveWorkspaceMembership,
  MemberRole,
  MembershipMode,
  MembershipTarget,
  SourceLocation,
  TeamTarget,
  WorkspaceTarget,
} from '../model/index.js';
import { workspaceTarget } from './accounts.js';
import { isDeclared, type PlanContext, touchIgnored, type UserInfo } from './context.js';
import { describeTarget } from './describe.js';
import { manualItemId, membershipActionId, targetKey } from './ids.js';
import type { ResolvedTeam, ResolvedWorkspace } from './resolve.js';

export function planMemberships(ctx: PlanContext): void {
  for (const rw of ctx.resolution.workspaces) {
    planWorkspace(ctx, rw);
    for (const rt of rw.teams) planTeam(ctx, rw, rt);
  }
}

/** The live side of one membership target, so workspaces and teams share one algorithm. */
interface TargetSide<M> {
  target: MembershipTarget;
  mode: MembershipMode;
  /** Where the config declares the target. */
  at: SourceLocation;
  members: ReadonlyMap<string, M> | undefined;
  isMember(m: M): boolean;
  /** The role held (`member` for a plain member). */
  roleOf(m: M): MemberRole;
  /** Whether the member is a guest: not a role one declares; named in a role difference (workspaces). */
  isGuest(m: M): boolean;
  roleReason: 'workspace-role' | 'team-role';
  denyAdd(): string | undefined;
  /** Whether removing this member deprovisions the account (see Permissions.removalDeprovisions). */
  deprovisions(user: UserInfo): boolean;
  denyRemove(): string | undefined;
  /** Ids this user's grant must wait for (beyond the account's creation). */
  grantDependsOn(user: UserInfo): string[];
  /** Whether the member already gets this membership from another action (an invitation). */
  satisfiedBy(user: UserInfo): boolean;
}

function planWorkspace(ctx: PlanContext, rw: ResolvedWorkspace): void {
  const gid = rw.live.gid;
  const target: WorkspaceTarget = workspaceTarget(rw.live);
  planTarget(ctx, rw.declared.members, {
    target,
    mode: rw.declared.mode,
    at: rw.declared.at,
    members: ctx.index.workspaceMembers.get(gid),
    isMember: (m: LiveWorkspaceMembership) => m.isActive,
    roleOf: (m) => (m.isAdmin ? 'admin' : 'member'),
    isGuest: (m) => m.isGuest,
    roleReason: 'workspace-role',
    denyAdd: () => ctx.permissions.addToWorkspace(gid),
    deprovisions: (user) => ctx.permissions.removalDeprovisions(rw.live, user.email),
    denyRemove: () => ctx.permissions.removeFromWorkspace(gid),
    grantDependsOn: () => [],
    satisfiedBy: (user) => user.createdInto === gid,
  });
}

function planTeam(ctx: PlanContext, rw: ResolvedWorkspace, rt: ResolvedTeam): void {
  const wsGid = rw.live.gid;
  const target: TeamTarget = {
    type: 'team',
    gid: rt.live.gid,
    name: rt.live.name,
    workspaceGid: wsGid,
    workspaceName: rw.live.name,
  };
  const workspaceGrants = ctx.workspaceGrants.get(wsGid);
  planTarget(ctx, rt.declared.members, {
    target,
    mode: rt.declared.mode,
    at: rt.declared.at,
    members: ctx.index.teamMembers.get(rt.live.gid),
    isMember: () => true,
    roleOf: (m: LiveTeamMembership) =>
      m.isAdmin ? 'admin' : m.isLimitedAccess ? 'limited-access' : 'member',
    // A team's guest flag follows the workspace's, where it is reported.
    isGuest: () => false,
    roleReason: 'team-role',
    denyAdd: () => ctx.permissions.changeTeam(wsGid, rt.live.gid),
    deprovisions: () => false,
    denyRemove: () => ctx.permissions.changeTeam(wsGid, rt.live.gid),
    grantDependsOn: (user) => {
      const id = workspaceGrants?.get(user.email);
      return id ? [id] : [];
    },
    satisfiedBy: () => false,
  });
}

function planTarget<M>(
  ctx: PlanContext,
  declaredMembers: readonly DesiredMember[],
  side: TargetSide<M>,
): void {
  const { target } = side;
  const label = describeTarget(target);
  const declared = new Map<string, DesiredMember>();
  for (const m of declaredMembers) {
    const email = m.email.toLowerCase();
    if (!declared.has(email)) declared.set(email, m);
  }
  let touched = false;
  const manual = (
    reason: Parameters<typeof manualItemId>[0],
    user: UserInfo,
    message: string,
    at?: SourceLocation,
  ) => {
    ctx.manual.push({
      id: manualItemId(reason, user.email, target),
      reason,
      user: user.ref,
      target,
      message,
      ...(at ? { at } : {}),
    });
    touched = true;
  };

  for (const [email, member] of declared) {
    ctx.managedMemberships++;
    const user = ctx.user(email);
    const held = user.live ? side.members?.get(user.live.gid) : undefined;
    const isMember = held !== undefined && side.isMember(held);
    if (user.ignoredBy !== undefined) {
      if (!isMember && !side.satisfiedBy(user)) touchIgnored(ctx, user, `add to ${label}`);
      continue;
    }
    // A user to be deprovisioned gets no access; a deprovisioned one must be reactivated first.
    if (user.declared?.license === 'none' || user.license === 'deprovisioned') continue;
    if (isMember) {
      const message = roleDifference(email, label, target.type, member.role ?? 'member', {
        role: side.roleOf(held),
        guest: side.isGuest(held),
      });
      if (message) manual(side.roleReason, user, message, member.at);
      continue;
    }
    if (side.satisfiedBy(user)) continue;
    const denied = side.denyAdd();
    if (denied) {
      manual('no-permission', user, `Add ${email} to ${label} by hand: ${denied}.`, member.at);
      continue;
    }
    const id = membershipActionId('grant', target, email);
    ctx.actions.push({
      id,
      kind: 'grant',
      user: user.ref,
      target,
      dependsOn: [...(user.createId ? [user.createId] : []), ...side.grantDependsOn(user)],
      precondition: membershipFact(target, email, false),
      at: member.at,
    });
    touched = true;
    if (target.type === 'workspace') {
      let grants = ctx.workspaceGrants.get(target.gid);
      if (!grants) {
        grants = new Map();
        ctx.workspaceGrants.set(target.gid, grants);
      }
      grants.set(email, id);
    }
  }

  const current: string[] = [];
  for (const [userGid, held] of side.members ?? []) {
    if (!side.isMember(held)) continue;
    const user = ctx.userByGid(userGid);
    // A membership whose user record the live state lacks cannot be named, so it is left alone.
    if (!user) continue;
    current.push(user.email);
    if (declared.has(user.email)) continue;
    if (user.ignoredBy !== undefined) {
      if (!isDeclared(user)) ctx.ignoredAccounts.add(user.email);
      else if (side.mode === 'authoritative') touchIgnored(ctx, user, `remove from ${label}`);
      continue;
    }
    if (side.mode !== 'authoritative') continue;
    ctx.managedMemberships++;
    // A gated revoke stays in the plan (reviewers and drift see the difference) with a problem
    // that stops the plan from being saved or applied.
    if (user.isMe) {
      ctx.problems.push({
        code: 'own-user',
        message: `The plan would remove the token's own user ${user.email} from ${label}, which would cut the tool off: declare it as a member there.`,
        at: side.at,
      });
    } else if (side.deprovisions(user) && keepsAccess(user)) {
      ctx.problems.push({
        code: 'removal-deprovisions',
        message: `The plan would remove ${user.email} from ${label}, which deprovisions the account (with a service-account token Asana treats removing a domain user from its organization as SCIM's delete), but the config still gives ${user.email} access: declare them as a member there, or declare license: none.`,
        at: user.declaredAt ?? side.at,
      });
    } else if (user.isProtected) {
      ctx.problems.push({
        code: 'protected-user',
        message: `The plan would remove protected user ${user.email} from ${label}: declare them as a member there, or take them out of policy.protected.`,
        at: side.at,
      });
    } else {
      const denied = side.denyRemove();
      if (denied) {
        manual('no-permission', user, `Remove ${user.email} from ${label} by hand: ${denied}.`);
        continue;
      }
    }
    const id = membershipActionId('revoke', target, user.email);
    ctx.actions.push({
      id,
      kind: 'revoke',
      user: user.ref,
      target,
      dependsOn: [],
      precondition: membershipFact(target, user.email, true),
      ...(side.deprovisions(user) ? { deprovisions: true } : {}),
    });
    touched = true;
    const revokes = ctx.revokesByUser.get(user.email);
    if (revokes) revokes.push(id);
    else ctx.revokesByUser.set(user.email, [id]);
  }
  if (touched) ctx.currentMembers[targetKey(target)] = current.sort();
}

/** A role in words: `a team admin`, `a limited-access member`, `a plain member`. */
function roleWords(role: MemberRole, type: MembershipTarget['type']): string {
  if (role === 'admin') return `a ${type} admin`;
  return role === 'limited-access' ? 'a limited-access member' : 'a plain member';
}

/**
 * The step for a person when the role held differs from the declared one; undefined when there is
 * nothing to do. No API sets roles. Guest status is not a role: Asana derives it from the email
 * domain, so no config and no person can change it, and a guest whose role matches needs nothing
 * (an item here would stand in every plan and make drift never clean). It is named where the role
 * differs, as it may be why.
 */
function roleDifference(
  email: string,
  label: string,
  type: MembershipTarget['type'],
  declared: MemberRole,
  held: { role: MemberRole; guest: boolean },
): string | undefined {
  const guest = held.guest ? 'a guest' : undefined;
  if (held.role === declared) return undefined;
  if (declared === 'member') {
    const what = [roleWords(held.role, type), ...(guest ? [guest] : [])].join(' and ');
    return `${email} is ${what} of ${label}, where the config declares a plain member; no API changes this role: change it in Asana if it is wrong.`;
  }
  const what = [roleWords(held.role, type), ...(guest ? [guest] : [])].join(' and ');
  return `Make ${email} ${roleWords(declared, type)} of ${label} in Asana: the config declares role: ${declared}, but ${email} is ${what}; no API sets roles.`;
}

function membershipFact(target: MembershipTarget, email: string, member: boolean) {
  return target.type === 'workspace'
    ? { type: 'workspace-membership' as const, email, workspaceGid: target.gid, member }
    : { type: 'team-membership' as const, email, teamGid: target.gid, member };
}

/** Whether the config gives the user any access: named anywhere, with a license other than none. */
function keepsAccess(user: UserInfo): boolean {
  return isDeclared(user) && user.declared?.license !== 'none';
}
