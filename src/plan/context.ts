// The working state of one planning run: what is known about each user, and the actions, manual
// items and problems collected so far. Only planChanges creates one; the passes fill it in.
import type {
  Action,
  DesiredState,
  DesiredUser,
  LicenseState,
  LiveScimUser,
  LiveUser,
  ManualItem,
  PlanProblem,
  SourceLocation,
  UserRef,
} from '../model/index.js';
import { compileIgnore, type IgnoreMatcher } from './ignore.js';
import { licenseOfScimUser } from './license.js';
import type { LiveIndex } from './live-index.js';
import type { Permissions } from './permissions.js';
import type { Resolution } from './resolve.js';

export interface UserInfo {
  email: string;
  /** The entry in `users:`, if any. */
  declared?: DesiredUser;
  /** The first place the config names this user (user entry or member list), if it does. */
  declaredAt?: SourceLocation;
  live?: LiveUser;
  scim?: LiveScimUser;
  ref: UserRef;
  /** Whether an Asana account exists (seen through REST or SCIM). */
  exists: boolean;
  /** The license held, when SCIM was read and the account is a SCIM user. */
  license?: LicenseState;
  /** The create-account action planned for this user. */
  createId?: string;
  /** The workspace a create-by-invitation puts the user into (that grant needs no action of its own). */
  createdInto?: string;
  /** The `policy.ignore` pattern that matches, if any. */
  ignoredBy?: string;
  isMe: boolean;
  isProtected: boolean;
}

export interface PlanContext {
  desired: DesiredState;
  index: LiveIndex;
  resolution: Resolution;
  permissions: Permissions;
  licensesPlanned: boolean;
  actions: Action[];
  manual: ManualItem[];
  problems: PlanProblem[];
  /** Declared-but-ignored users the plan would change: email → the changes (one problem each). */
  ignoredTouches: Map<string, string[]>;
  /** Undeclared ignored accounts met in managed scope. */
  ignoredAccounts: Set<string>;
  /** email → ids of that user's membership revokes (deprovisioning waits for them). */
  revokesByUser: Map<string, string[]>;
  /** `workspace:<gid>` → email → id of the grant (team grants wait for it). */
  workspaceGrants: Map<string, Map<string, string>>;
  managedMemberships: number;
  currentMembers: Record<string, string[]>;
  user(email: string): UserInfo;
  /** A user by Asana gid, for live members; undefined when the live state lacks the user record. */
  userByGid(gid: string): UserInfo | undefined;
}

export function createContext(
  desired: DesiredState,
  index: LiveIndex,
  resolution: Resolution,
  permissions: Permissions,
): PlanContext {
  const declaredUsers = new Map<string, DesiredUser>();
  for (const u of desired.users) declaredUsers.set(u.email.toLowerCase(), u);
  // The first place each user is named: the users list, then member lists in declaration order.
  const declaredAt = new Map<string, SourceLocation>();
  const note = (email: string, at: SourceLocation): void => {
    const key = email.toLowerCase();
    if (!declaredAt.has(key)) declaredAt.set(key, at);
  };
  for (const u of desired.users) note(u.email, u.at);
  for (const ws of desired.workspaces) {
    for (const m of ws.members) note(m.email, m.at);
    for (const team of ws.teams) for (const m of team.members) note(m.email, m.at);
  }
  const ignored: IgnoreMatcher = compileIgnore(desired.policy.ignore);
  const protectedSet = new Set(desired.policy.protected.map((e) => e.toLowerCase()));
  const me = index.live.me;
  const meEmail = me.email.toLowerCase();
  const users = new Map<string, UserInfo>();
  const usersByGid = new Map<string, UserInfo>();

  const user = (rawEmail: string): UserInfo => {
    // Emails arrive lower-cased (config/ and state/ normalize them): look up as given first.
    const cached = users.get(rawEmail);
    if (cached) return cached;
    const email = rawEmail.toLowerCase();
    const known = users.get(email);
    if (known) return known;
    const live = index.userByEmail.get(email);
    const scim = index.scimByEmail?.get(email);
    const declared = declaredUsers.get(email);
    const ref: UserRef = { email };
    if (live) ref.gid = live.gid;
    if (scim) ref.scimId = scim.id;
    const name = live?.name || declared?.name;
    if (name) ref.name = name;
    const info: UserInfo = {
      email,
      live,
      scim,
      ref,
      exists: live !== undefined || scim !== undefined,
      isMe: email === meEmail || (live !== undefined && live.gid === me.gid),
      isProtected: protectedSet.has(email),
    };
    if (declared) info.declared = declared;
    const at = declaredAt.get(email);
    if (at) info.declaredAt = at;
    if (scim) info.license = licenseOfScimUser(scim);
    const pattern = ignored(email);
    if (pattern !== undefined) info.ignoredBy = pattern;
    users.set(email, info);
    return info;
  };

  return {
    desired,
    index,
    resolution,
    permissions,
    licensesPlanned:
      desired.settings.manageLicenses && index.live.scimUsers !== null && index.live.scope.scim,
    actions: [],
    manual: [],
    problems: [...resolution.problems],
    ignoredTouches: new Map(),
    ignoredAccounts: new Set(),
    revokesByUser: new Map(),
    workspaceGrants: new Map(),
    managedMemberships: 0,
    currentMembers: {},
    user,
    userByGid(gid) {
      const cached = usersByGid.get(gid);
      if (cached) return cached;
      const live = index.userByGid.get(gid);
      if (!live) return undefined;
      const info = user(live.email);
      usersByGid.set(gid, info);
      return info;
    },
  };
}

/** Records that the plan would change a declared user that `policy.ignore` matches (a problem). */
export function touchIgnored(ctx: PlanContext, user: UserInfo, change: string): void {
  const list = ctx.ignoredTouches.get(user.email);
  if (list) list.push(change);
  else ctx.ignoredTouches.set(user.email, [change]);
}

/** Whether the config names this user anywhere (users list or a member list). */
export function isDeclared(user: UserInfo): boolean {
  return user.declaredAt !== undefined;
}
