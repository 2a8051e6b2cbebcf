// SCIM 2.0 Users as Asana implements it: the domain's users (guests are not listed), `userType` as the
// license, deprovisioning through `active: false` or DELETE, and no reactivation. Who may call SCIM at
// all (service accounts of Enterprise domains) is checked by the server before these run.
import type { HandlerResult, RequestCtx, RouteDef } from './context.js';
import { ApiError } from './errors.js';
import { EMAIL_RE, emailDomain } from './seed.js';
import type { SeedLicense } from './seed-types.js';
import {
  addWorkspaceMember,
  createUser,
  type DomainState,
  deprovision,
  isDomainEmail,
  type UserRec,
} from './state.js';

export const SCIM_USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
const LIST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const SPC_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig';

/** SCIM pages hold at most this many users. */
export const SCIM_MAX_COUNT = 100;

type UserType = 'enterprise' | 'view only';

const toUserType = (license: SeedLicense | null): UserType =>
  license === 'view-only' ? 'view only' : 'enterprise';

function parseUserType(v: unknown): SeedLicense {
  if (v === 'enterprise') return 'enterprise';
  if (v === 'view only') return 'view-only';
  throw new ApiError(
    400,
    `userType must be "enterprise" or "view only" (got ${JSON.stringify(v)})`,
    'invalidValue',
  );
}

function scimUser(ctx: RequestCtx, user: UserRec): Record<string, unknown> {
  const space = user.name.indexOf(' ');
  return {
    schemas: [SCIM_USER_SCHEMA],
    id: user.gid,
    userName: user.email,
    name: {
      formatted: user.name,
      givenName: space > 0 ? user.name.slice(0, space) : user.name,
      familyName: space > 0 ? user.name.slice(space + 1) : '',
    },
    displayName: user.name,
    emails: [{ value: user.email, primary: true, type: 'work' }],
    active: user.active,
    userType: toUserType(user.license),
    meta: { resourceType: 'User', location: `${ctx.apiBaseUrl}/scim/Users/${user.gid}` },
  };
}

function scimUserOr404(ctx: RequestCtx): UserRec {
  const id = ctx.params.id!;
  const user = ctx.state.users.get(id);
  if (!user || user.serviceAccount || !isDomainEmail(ctx.state, user.emailLower)) {
    throw new ApiError(404, `User ${id} not found`);
  }
  return user;
}

function intParam(ctx: RequestCtx, name: string, fallback: number): number {
  const raw = ctx.query.get(name);
  if (raw === null || raw === '') return fallback;
  if (!/^-?\d+$/.test(raw))
    throw new ApiError(400, `${name} must be an integer (got "${raw}")`, 'invalidValue');
  return Number(raw);
}

function listUsers(ctx: RequestCtx): HandlerResult {
  const startIndex = Math.max(1, intParam(ctx, 'startIndex', 1));
  const count = Math.min(SCIM_MAX_COUNT, Math.max(0, intParam(ctx, 'count', SCIM_MAX_COUNT)));
  const filter = ctx.query.get('filter');
  let all: readonly UserRec[] = ctx.state.domainUsers.items;
  if (filter !== null) {
    const m = /^\s*userName\s+eq\s+"([^"]*)"\s*$/i.exec(filter);
    if (!m)
      throw new ApiError(
        400,
        `Unsupported filter: ${filter}. Only userName eq "..." is supported.`,
        'invalidFilter',
      );
    const user = ctx.state.usersByEmail.get(m[1]!.toLowerCase());
    all = user && ctx.state.domainUsers.get(user.gid) ? [user] : [];
  }
  const page = all.slice(startIndex - 1, startIndex - 1 + count);
  return {
    status: 200,
    body: {
      schemas: [LIST_SCHEMA],
      totalResults: all.length,
      startIndex,
      itemsPerPage: page.length,
      Resources: page.map((u) => scimUser(ctx, u)),
    },
  };
}

function getUser(ctx: RequestCtx): HandlerResult {
  return { status: 200, body: scimUser(ctx, scimUserOr404(ctx)) };
}

function objectBody(ctx: RequestCtx): Record<string, unknown> {
  const body = ctx.body;
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw new ApiError(400, 'The request body must be a JSON object', 'invalidSyntax');
  }
  return body as Record<string, unknown>;
}

function hasSchema(body: Record<string, unknown>, schema: string): boolean {
  return Array.isArray(body.schemas) && body.schemas.includes(schema);
}

/** `true`/`false`, also as strings (some identity providers send "False"). */
function parseActive(v: unknown): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string' && /^(true|false)$/i.test(v)) return v.toLowerCase() === 'true';
  throw new ApiError(400, `active must be true or false (got ${JSON.stringify(v)})`, 'invalidValue');
}

function nameFrom(body: Record<string, unknown>, email: string): string {
  const name = body.name as { formatted?: unknown; givenName?: unknown; familyName?: unknown } | undefined;
  if (name && typeof name.formatted === 'string' && name.formatted.trim()) return name.formatted.trim();
  const parts = [name?.givenName, name?.familyName].filter(
    (p): p is string => typeof p === 'string' && p !== '',
  );
  if (parts.length > 0) return parts.join(' ');
  if (typeof body.displayName === 'string' && body.displayName.trim()) return body.displayName.trim();
  return email.slice(0, email.indexOf('@'));
}

function createScimUser(ctx: RequestCtx): HandlerResult {
  const body = objectBody(ctx);
  const { state } = ctx;
  if (!hasSchema(body, SCIM_USER_SCHEMA)) {
    throw new ApiError(400, `schemas must include ${SCIM_USER_SCHEMA}`, 'invalidSyntax');
  }
  const email = body.userName;
  if (typeof email !== 'string' || !EMAIL_RE.test(email)) {
    throw new ApiError(400, 'userName is required and must be an email address', 'invalidValue');
  }
  if (!isDomainEmail(state, email)) {
    throw new ApiError(400, `userName ${email} is not in one of the domain's email domains`, 'invalidValue');
  }
  if (state.usersByEmail.get(email.toLowerCase())) {
    throw new ApiError(409, `A user with userName ${email} already exists`, 'uniqueness');
  }
  const license = body.userType === undefined ? 'view-only' : parseUserType(body.userType);
  if (body.active !== undefined && !parseActive(body.active)) {
    throw new ApiError(400, 'A new user cannot be created inactive', 'invalidValue');
  }
  const user = createUser(state, email, nameFrom(body, email), license);
  // A SCIM-provisioned account joins the organization that owns its email domain.
  const org = state.workspaces.items.find(
    (ws) => ws.isOrganization && ws.emailDomains.includes(emailDomain(email)),
  );
  if (org) addWorkspaceMember(state, org, user, ctx.now);
  const resource = scimUser(ctx, user);
  return {
    status: 201,
    body: resource,
    headers: { location: (resource.meta as { location: string }).location },
    mutated: true,
  };
}

interface PatchChange {
  userType?: SeedLicense;
  active?: boolean;
  name?: string;
}

function readPatch(body: Record<string, unknown>): PatchChange {
  if (!hasSchema(body, PATCH_SCHEMA))
    throw new ApiError(400, `schemas must include ${PATCH_SCHEMA}`, 'invalidSyntax');
  const ops = body.Operations;
  if (!Array.isArray(ops) || ops.length === 0) {
    throw new ApiError(400, 'Operations must be a non-empty list', 'invalidSyntax');
  }
  const change: PatchChange = {};
  const apply = (path: string, value: unknown) => {
    if (path === 'userType') change.userType = parseUserType(value);
    else if (path === 'active') change.active = parseActive(value);
    else if (path === 'name.formatted' || path === 'displayName') {
      if (typeof value !== 'string' || value.trim() === '') {
        throw new ApiError(400, `${path} must be a non-empty string`, 'invalidValue');
      }
      change.name = value.trim();
    } else throw new ApiError(400, `Unsupported path: ${path}`, 'invalidPath');
  };
  for (const op of ops as unknown[]) {
    const o = op as { op?: unknown; path?: unknown; value?: unknown };
    if (
      !o ||
      typeof o !== 'object' ||
      typeof o.op !== 'string' ||
      !['replace', 'add'].includes(o.op.toLowerCase())
    ) {
      throw new ApiError(400, 'Each operation needs op "replace" (or "add")', 'invalidSyntax');
    }
    if (typeof o.path === 'string') apply(o.path, o.value);
    else if (o.path === undefined && o.value && typeof o.value === 'object' && !Array.isArray(o.value)) {
      for (const [k, v] of Object.entries(o.value)) {
        if (k === 'name' && v && typeof v === 'object')
          apply('name.formatted', (v as { formatted?: unknown }).formatted);
        else apply(k, v);
      }
    } else throw new ApiError(400, 'An operation needs a path, or a value object', 'invalidSyntax');
  }
  return change;
}

function patchUser(ctx: RequestCtx): HandlerResult {
  const user = scimUserOr404(ctx);
  const change = readPatch(objectBody(ctx));
  const { state } = ctx;
  if (!user.active) {
    if (change.active === true) {
      throw new ApiError(
        400,
        'Reactivating a deprovisioned user is not supported through the API',
        'mutability',
      );
    }
    if (change.userType !== undefined || change.name !== undefined) {
      throw new ApiError(400, `User ${user.gid} is deprovisioned and cannot be changed`, 'mutability');
    }
    return { status: 200, body: scimUser(ctx, user) };
  }
  let mutated = false;
  if (change.userType !== undefined && change.userType !== user.license) {
    user.license = change.userType;
    mutated = true;
  }
  if (change.name !== undefined && change.name !== user.name) {
    user.name = change.name;
    mutated = true;
  }
  if (change.active === false) mutated = deprovision(state, user) || mutated;
  return { status: 200, body: scimUser(ctx, user), mutated };
}

function deleteUser(ctx: RequestCtx): HandlerResult {
  const user = scimUserOr404(ctx);
  return { status: 204, mutated: deprovision(ctx.state as DomainState, user) };
}

function serviceProviderConfig(ctx: RequestCtx): HandlerResult {
  return {
    status: 200,
    body: {
      schemas: [SPC_SCHEMA],
      documentationUri: 'https://developers.asana.com/docs/scim',
      patch: { supported: true },
      bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
      filter: { supported: true, maxResults: SCIM_MAX_COUNT },
      changePassword: { supported: false },
      sort: { supported: false },
      etag: { supported: false },
      authenticationSchemes: [
        {
          type: 'oauthbearertoken',
          name: 'OAuth Bearer Token',
          description: 'A service account token of an Enterprise domain',
          primary: true,
        },
      ],
      meta: {
        resourceType: 'ServiceProviderConfig',
        location: `${ctx.apiBaseUrl}/scim/ServiceProviderConfig`,
      },
    },
  };
}

export const SCIM_ROUTES: RouteDef[] = [
  { method: 'GET', template: '/scim/ServiceProviderConfig', api: 'scim', handler: serviceProviderConfig },
  { method: 'GET', template: '/scim/Users', api: 'scim', handler: listUsers },
  { method: 'GET', template: '/scim/Users/{id}', api: 'scim', handler: getUser },
  { method: 'POST', template: '/scim/Users', api: 'scim', handler: createScimUser },
  { method: 'PATCH', template: '/scim/Users/{id}', api: 'scim', handler: patchUser },
  { method: 'DELETE', template: '/scim/Users/{id}', api: 'scim', handler: deleteUser },
];
