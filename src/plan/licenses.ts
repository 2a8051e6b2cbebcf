// Licenses. With SCIM read and `settings.manageLicenses` on, license differences become actions
// (grant: view-only → enterprise; revoke: enterprise → view-only, or → deprovisioned for `none`).
// With licenses managed but SCIM unavailable, they become manual steps, told from the REST hint.
import type { Action, LicenseState, LicenseTarget, ManualItem } from '../model/index.js';
import { type PlanContext, touchIgnored, type UserInfo } from './context.js';
import { licenseActionId, manualItemId } from './ids.js';
import { isLicenseDowngrade } from './license.js';

export function planLicenses(ctx: PlanContext): void {
  if (ctx.licensesPlanned) {
    for (const declared of ctx.desired.users) planLicense(ctx, ctx.user(declared.email));
  } else if (ctx.desired.settings.manageLicenses) {
    planLicensesByHand(ctx);
  }
}

function planLicense(ctx: PlanContext, user: UserInfo): void {
  const declared = user.declared?.license;
  // No account: create-account carries the license. Deprovisioned: a reactivation item exists.
  if (declared === undefined || !user.exists || user.license === 'deprovisioned') return;
  const to: LicenseState = declared === 'none' ? 'deprovisioned' : declared;
  const held = user.license;
  if (held === undefined) {
    // Not a SCIM user (a guest): it holds no license and none can be set. `view-only`, the least a
    // license says, matches it; anything else is a step for a person.
    if (to !== 'view-only' && user.ignoredBy === undefined) ctx.manual.push(guestLicenseItem(user, to));
    return;
  }
  if (held === to) return;
  const downgrade = isLicenseDowngrade(held, to);
  const change = `change the license ${held} → ${to}`;
  if (user.ignoredBy !== undefined) {
    touchIgnored(ctx, user, change);
    return;
  }
  if (downgrade && user.isMe) {
    ctx.problems.push({
      code: 'own-user',
      message: `The plan would ${to === 'deprovisioned' ? 'deprovision' : 'downgrade to view-only'} the token's own user ${user.email}, which would cut the tool off: declare license: enterprise for it.`,
      at: user.declared?.at,
    });
  } else if (downgrade && user.isProtected) {
    ctx.problems.push({
      code: 'protected-user',
      message: `The plan would ${to === 'deprovisioned' ? 'deprovision' : 'downgrade'} protected user ${user.email} (license ${held} → ${to}): declare their current license (${held}), or take them out of policy.protected.`,
      at: user.declared?.at,
    });
  }
  // A gated change stays in the plan (reviewers and drift see it); the problem blocks the plan.
  const kind: 'grant' | 'revoke' = downgrade ? 'revoke' : 'grant';
  const target: LicenseTarget = { type: 'license', from: held, to };
  const dependsOn = [
    ...(user.createId ? [user.createId] : []),
    // Deprovisioning comes last for its user: after every membership revoke.
    ...(to === 'deprovisioned' ? (ctx.revokesByUser.get(user.email) ?? []) : []),
  ];
  const action: Action = {
    id: licenseActionId(kind, user.email),
    kind,
    user: user.ref,
    target,
    dependsOn,
    precondition: { type: 'license' as const, email: user.email, license: held },
    ...(user.declared ? { at: user.declared.at } : {}),
  };
  ctx.actions.push(action);
  if (kind === 'revoke') {
    const revokes = ctx.revokesByUser.get(user.email);
    if (revokes) revokes.push(action.id);
    else ctx.revokesByUser.set(user.email, [action.id]);
  }
}

function guestLicenseItem(user: UserInfo, to: LicenseState): ManualItem {
  const what =
    to === 'deprovisioned'
      ? 'it cannot be deprovisioned through SCIM: remove its access in Asana by hand'
      : `it cannot hold the ${to} license: declare license: view-only for it (a guest holds no license; view-only matches), or make it a member of the domain in Asana`;
  return {
    id: manualItemId('guest-license', user.email),
    reason: 'guest-license',
    user: user.ref,
    message: `${user.email} is not a SCIM user of the domain (a guest or an account outside it), so ${what}.`,
    ...(user.declared ? { at: user.declared.at } : {}),
  };
}

/**
 * Licenses are managed but SCIM was not read (no service-account token, or not Enterprise): the
 * workspace memberships' `is_view_only` tells the license of users who are members somewhere read,
 * and each difference becomes a manual step. New accounts that should be enterprise get one too,
 * since an invitation gives whatever license Asana gives invited users.
 */
function planLicensesByHand(ctx: PlanContext): void {
  const hint = new Map<string, { viewOnly: boolean; guest: boolean }>();
  for (const m of ctx.index.live.workspaceMemberships) {
    if (!m.isActive || !ctx.index.scopedWorkspaces.has(m.workspaceGid)) continue;
    const seen = hint.get(m.userGid) ?? { viewOnly: false, guest: false };
    hint.set(m.userGid, { viewOnly: seen.viewOnly || m.isViewOnly, guest: seen.guest || m.isGuest });
  }
  for (const declared of ctx.desired.users) {
    const user = ctx.user(declared.email);
    if (declared.license === undefined || user.ignoredBy !== undefined) continue;
    const to: LicenseState = declared.license === 'none' ? 'deprovisioned' : declared.license;
    let held: LicenseState | undefined;
    if (user.createId) {
      held = to === 'enterprise' ? 'view-only' : undefined;
    } else {
      const h = user.live ? hint.get(user.live.gid) : undefined;
      if (!h) continue;
      if (h.guest) {
        if (to !== 'view-only') ctx.manual.push(guestLicenseItem(user, to));
        continue;
      }
      held = h.viewOnly ? 'view-only' : 'enterprise';
    }
    if (held === undefined || held === to) continue;
    const target: LicenseTarget = { type: 'license', from: held, to };
    const change =
      to === 'deprovisioned'
        ? `deprovision ${user.email}`
        : `change the license of ${user.email} from ${held} to ${to}`;
    ctx.manual.push({
      id: manualItemId('scim-unavailable', user.email, target),
      reason: 'scim-unavailable',
      user: user.ref,
      target,
      message: `${change[0]!.toUpperCase()}${change.slice(1)} in Asana's admin console: licenses change only through SCIM, which needs a service-account token on an Enterprise domain (SCIM was not read).`,
      at: declared.at,
    });
  }
}
