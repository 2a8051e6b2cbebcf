// Asana's REST endpoints that asana-access uses, with Asana's permission rules (see docs/sandbox.md):
// who may see a workspace or team, who may add and remove members, what an invitation creates and
// what a service account's removeUser does.
import type { Caller, HandlerResult, RequestCtx, RouteDef } from './context.js';
import { ApiError } from './errors.js';
import { type FieldTree, parseOptFields, type RenderEnv, type ResourceKind, render } from './fields.js';
import { readPageRequest, takePage } from './pagination.js';
import { EMAIL_RE } from './seed.js';
import { compareGid, upperBoundByGid } from './sorted-list.js';
import {
  addTeamMember,
  addWorkspaceMember,
  createUser,
  type DomainState,
  deprovision,
  isDomainEmail,
  isGuestIn,
  removeTeamMember,
  removeWorkspaceMember,
  type TeamRec,
  type UserRec,
  type WorkspaceRec,
} from './state.js';

const env = (ctx: RequestCtx): RenderEnv => ({ state: ctx.state, caller: ctx.caller.user });

function optFields(ctx: RequestCtx, kind: ResourceKind): FieldTree | undefined {
  return parseOptFields(kind, ctx.query.get('opt_fields'));
}

function one(
  ctx: RequestCtx,
  kind: ResourceKind,
  rec: unknown,
  defaults: 'compact' | 'full' | readonly string[],
): HandlerResult {
  return { status: 200, body: { data: render(kind, rec, optFields(ctx, kind), env(ctx), defaults) } };
}

/** A list answer: one page from a gid-sorted array, `next_page` only when `limit` was sent. */
function list<T extends { gid: string }>(
  ctx: RequestCtx,
  kind: ResourceKind,
  listKey: string,
  sorted: readonly T[],
  visible?: (item: T) => boolean,
): HandlerResult {
  const tree = optFields(ctx, kind);
  const now = ctx.now.getTime();
  const page = readPageRequest(ctx.query, listKey, ctx.offsets, now);
  const start = page.after === undefined ? 0 : upperBoundByGid(sorted, page.after);
  const { items, nextAfter } = takePage(sorted, start, page, visible);
  const e = env(ctx);
  const body: Record<string, unknown> = { data: items.map((item) => render(kind, item, tree, e)) };
  if (page.limit !== undefined) {
    if (nextAfter === undefined) body.next_page = null;
    else {
      const offset = ctx.offsets.encode(listKey, nextAfter, now);
      const query = new URLSearchParams();
      for (const [k, v] of ctx.query) if (k !== 'offset') query.append(k, v);
      query.append('offset', offset);
      const path = `${ctx.path}?${query.toString()}`;
      body.next_page = { offset, path, uri: `${ctx.apiBaseUrl}${path}` };
    }
  }
  return { status: 200, body };
}

// ---- lookups and permissions ----

function workspaceOr404(state: DomainState, gid: string): WorkspaceRec {
  const ws = /^\d+$/.test(gid) ? state.workspaces.get(gid) : undefined;
  if (!ws) throw new ApiError(404, `workspace: Unknown object: ${gid}`);
  return ws;
}

function teamOr404(state: DomainState, gid: string): TeamRec {
  const team = /^\d+$/.test(gid) ? state.teams.get(gid) : undefined;
  if (!team) throw new ApiError(404, `team: Unknown object: ${gid}`);
  return team;
}

/** Resolves a user reference: a gid, an email (any case) or `me`. Undefined when no account matches. */
export function findUser(ctx: RequestCtx, ref: string): UserRec | undefined {
  if (ref === 'me') return ctx.caller.user;
  if (/^\d+$/.test(ref)) return ctx.state.users.get(ref);
  if (ref.includes('@')) return ctx.state.usersByEmail.get(ref.toLowerCase());
  throw new ApiError(400, `user: "${ref}" is not a user gid, an email or "me".`);
}

function userOr404(ctx: RequestCtx, ref: string, what = 'user'): UserRec {
  const user = findUser(ctx, ref);
  if (!user) throw new ApiError(404, `${what}: Unknown object: ${ref}`);
  return user;
}

/** `data.user` from a write's body. */
function bodyUser(ctx: RequestCtx): string {
  const body = ctx.body as { data?: { user?: unknown } } | undefined;
  const data = body && typeof body === 'object' ? body.data : undefined;
  if (!data || typeof data !== 'object')
    throw new ApiError(400, 'data: Missing input. Send {"data": {"user": ...}}.');
  const user = data.user;
  if (typeof user !== 'string' || user.trim() === '') throw new ApiError(400, 'user: Missing input');
  return user.trim();
}

function isMember(caller: Caller, ws: WorkspaceRec): boolean {
  return caller.serviceAccount || ws.members.get(caller.user.gid) !== undefined;
}

function isAdmin(caller: Caller, ws: WorkspaceRec): boolean {
  return caller.serviceAccount || ws.members.get(caller.user.gid)?.isAdmin === true;
}

function canSeeWorkspace(caller: Caller, ws: WorkspaceRec): void {
  if (!isMember(caller, ws)) throw new ApiError(403, `You do not have access to workspace ${ws.gid}.`);
}

/** Teams a caller sees: all for admins; public ones for full members; guests only their own. */
function canSeeTeam(state: DomainState, caller: Caller, team: TeamRec): boolean {
  if (caller.serviceAccount) return true;
  if (team.members.get(caller.user.gid)) return true;
  const ws = state.workspaces.get(team.workspaceGid)!;
  const membership = ws.members.get(caller.user.gid);
  if (!membership) return false;
  if (membership.isAdmin) return true;
  return !isGuestIn(ws, caller.user) && team.visibility !== 'secret';
}

/** Team membership changes: organization admins, and full (not limited-access, not guest) team members. */
function canManageTeam(state: DomainState, caller: Caller, team: TeamRec): boolean {
  const ws = state.workspaces.get(team.workspaceGid)!;
  if (isAdmin(caller, ws)) return true;
  const membership = team.members.get(caller.user.gid);
  return membership !== undefined && membership.role !== 'limited-access' && !isGuestIn(ws, caller.user);
}

// ---- handlers ----

function getUser(ctx: RequestCtx): HandlerResult {
  const user = userOr404(ctx, ctx.params.user_gid!);
  return one(ctx, 'user', user, 'full');
}

function getWorkspaces(ctx: RequestCtx): HandlerResult {
  const { caller } = ctx;
  return list(ctx, 'workspace', 'workspaces', ctx.state.workspaces.items, (ws) => isMember(caller, ws));
}

function getWorkspace(ctx: RequestCtx): HandlerResult {
  const ws = workspaceOr404(ctx.state, ctx.params.workspace_gid!);
  canSeeWorkspace(ctx.caller, ws);
  return one(ctx, 'workspace', ws, 'full');
}

function getWorkspaceMemberships(ctx: RequestCtx): HandlerResult {
  const ws = workspaceOr404(ctx.state, ctx.params.workspace_gid!);
  canSeeWorkspace(ctx.caller, ws);
  if (!ctx.caller.serviceAccount && isGuestIn(ws, ctx.caller.user)) {
    throw new ApiError(403, 'Guests cannot list the members of an organization.');
  }
  const userRef = ctx.query.get('user');
  if (userRef !== null) {
    const user = userOr404(ctx, userRef);
    const m = ws.members.get(user.gid);
    return list(ctx, 'workspace_membership', `wm:${ws.gid}:${user.gid}`, m ? [m] : []);
  }
  return list(ctx, 'workspace_membership', `wm:${ws.gid}`, ws.members.items);
}

function getTeams(ctx: RequestCtx): HandlerResult {
  const ws = workspaceOr404(ctx.state, ctx.params.workspace_gid!);
  canSeeWorkspace(ctx.caller, ws);
  const { state, caller } = ctx;
  return list(ctx, 'team', `teams:${ws.gid}`, ws.teams.items, (team) => canSeeTeam(state, caller, team));
}

function teamMembershipsOf(ctx: RequestCtx, team: TeamRec): HandlerResult {
  if (!canSeeTeam(ctx.state, ctx.caller, team))
    throw new ApiError(403, `You do not have access to team ${team.gid}.`);
  return list(ctx, 'team_membership', `tm:${team.gid}`, team.members.items);
}

function getTeamMembershipsForTeam(ctx: RequestCtx): HandlerResult {
  return teamMembershipsOf(ctx, teamOr404(ctx.state, ctx.params.team_gid!));
}

function getTeamMemberships(ctx: RequestCtx): HandlerResult {
  const teamGid = ctx.query.get('team');
  if (teamGid !== null) return teamMembershipsOf(ctx, teamOr404(ctx.state, teamGid));
  const userRef = ctx.query.get('user');
  const wsGid = ctx.query.get('workspace');
  if (userRef === null || wsGid === null) {
    throw new ApiError(400, 'team: Missing input. Give team, or user together with workspace.');
  }
  const ws = workspaceOr404(ctx.state, wsGid);
  canSeeWorkspace(ctx.caller, ws);
  const user = userOr404(ctx, userRef);
  const { state, caller } = ctx;
  const rows = ws.teams.items
    .filter((team) => canSeeTeam(state, caller, team))
    .map((team) => team.members.get(user.gid))
    .filter((m) => m !== undefined)
    .sort((a, b) => compareGid(a.gid, b.gid));
  return list(ctx, 'team_membership', `tmu:${ws.gid}:${user.gid}`, rows);
}

function addUserToWorkspace(ctx: RequestCtx): HandlerResult {
  const ws = workspaceOr404(ctx.state, ctx.params.workspace_gid!);
  const { state, caller } = ctx;
  const ref = bodyUser(ctx);
  if (!caller.serviceAccount) {
    if (!ws.members.get(caller.user.gid))
      throw new ApiError(403, `You are not a member of workspace ${ws.gid}.`);
    if (isGuestIn(ws, caller.user)) throw new ApiError(403, 'Guests cannot add people to an organization.');
  }
  let user = findUser(ctx, ref);
  let mutated = false;
  if (!user) {
    if (!ref.includes('@')) throw new ApiError(404, `user: Unknown object: ${ref}`);
    if (!EMAIL_RE.test(ref)) throw new ApiError(400, `user: "${ref}" is not a valid email address.`);
    // An invitation creates the account; on Enterprise domains new accounts hold a view-only license.
    user = createUser(
      state,
      ref,
      ref.slice(0, ref.indexOf('@')),
      state.plan === 'enterprise' ? 'view-only' : 'enterprise',
    );
    mutated = true;
  }
  if (user.serviceAccount) throw new ApiError(400, 'user: A service account cannot be added to a workspace.');
  if (!user.active) {
    throw new ApiError(
      403,
      `user: ${user.email} is deprovisioned. Reactivating a deprovisioned user is not possible through the API; an admin can do it in the admin console.`,
    );
  }
  mutated = addWorkspaceMember(state, ws, user, ctx.now) || mutated;
  // addUser answers UserBaseResponse: the full user without the `workspaces` list.
  return { ...one(ctx, 'user', user, ['gid', 'resource_type', 'name', 'email', 'photo']), mutated };
}

function removeUserFromWorkspace(ctx: RequestCtx): HandlerResult {
  const ws = workspaceOr404(ctx.state, ctx.params.workspace_gid!);
  const { state, caller } = ctx;
  const ref = bodyUser(ctx);
  if (!isAdmin(caller, ws))
    throw new ApiError(403, `Only admins of workspace ${ws.gid} can remove users from it.`);
  const user = userOr404(ctx, ref);
  let mutated: boolean;
  // With a service-account token Asana treats this as SCIM's delete: the domain user is deprovisioned.
  if (
    caller.serviceAccount &&
    ws.isOrganization &&
    !user.serviceAccount &&
    isDomainEmail(state, user.emailLower)
  ) {
    mutated = deprovision(state, user);
  } else mutated = removeWorkspaceMember(state, ws, user);
  return { status: 200, body: { data: {} }, mutated };
}

function addUserToTeam(ctx: RequestCtx): HandlerResult {
  const team = teamOr404(ctx.state, ctx.params.team_gid!);
  const { state, caller } = ctx;
  const ref = bodyUser(ctx);
  if (!canManageTeam(state, caller, team)) {
    throw new ApiError(403, `Only members of team ${team.gid} and organization admins can add people to it.`);
  }
  const user = userOr404(ctx, ref);
  const ws = state.workspaces.get(team.workspaceGid)!;
  if (!ws.members.get(user.gid)) {
    throw new ApiError(
      400,
      `user: ${user.email} is not a member of the organization ${ws.name}; add them to the organization first.`,
    );
  }
  const existing = team.members.get(user.gid);
  const membership = existing ?? addTeamMember(state, team, user);
  return { ...one(ctx, 'team_membership', membership, 'full'), mutated: existing === undefined };
}

function removeUserFromTeam(ctx: RequestCtx): HandlerResult {
  const team = teamOr404(ctx.state, ctx.params.team_gid!);
  const { state, caller } = ctx;
  const ref = bodyUser(ctx);
  const user = userOr404(ctx, ref);
  const leavingThemselves = user === caller.user && team.members.get(user.gid) !== undefined;
  if (!leavingThemselves && !canManageTeam(state, caller, team)) {
    throw new ApiError(
      403,
      `Only members of team ${team.gid} and organization admins can remove people from it.`,
    );
  }
  return { status: 200, body: { data: {} }, mutated: removeTeamMember(team, user) };
}

export const REST_ROUTES: RouteDef[] = [
  { method: 'GET', template: '/users/{user_gid}', api: 'rest', handler: getUser },
  { method: 'GET', template: '/workspaces', api: 'rest', handler: getWorkspaces },
  { method: 'GET', template: '/workspaces/{workspace_gid}', api: 'rest', handler: getWorkspace },
  {
    method: 'GET',
    template: '/workspaces/{workspace_gid}/workspace_memberships',
    api: 'rest',
    handler: getWorkspaceMemberships,
  },
  { method: 'GET', template: '/workspaces/{workspace_gid}/teams', api: 'rest', handler: getTeams },
  {
    method: 'GET',
    template: '/teams/{team_gid}/team_memberships',
    api: 'rest',
    handler: getTeamMembershipsForTeam,
  },
  { method: 'GET', template: '/team_memberships', api: 'rest', handler: getTeamMemberships },
  {
    method: 'POST',
    template: '/workspaces/{workspace_gid}/addUser',
    api: 'rest',
    handler: addUserToWorkspace,
  },
  {
    method: 'POST',
    template: '/workspaces/{workspace_gid}/removeUser',
    api: 'rest',
    handler: removeUserFromWorkspace,
  },
  { method: 'POST', template: '/teams/{team_gid}/addUser', api: 'rest', handler: addUserToTeam },
  { method: 'POST', template: '/teams/{team_gid}/removeUser', api: 'rest', handler: removeUserFromTeam },
];
