// The Asana client: the only code that speaks HTTP to Asana (REST and SCIM). One axios instance per
// client, a client-side limiter, retries, pagination and answer validation all live behind this.
import { checkBaseUrl } from './base-url.js';
import { AsanaApiError, ConfigError } from './errors.js';
import { createTransport, type Transport } from './http.js';
import { readRestList, readScimList } from './paginate.js';
import { backoffMs, DEFAULT_RETRY_POLICY } from './retry.js';
import type {
  AsanaTeam,
  AsanaTeamMembership,
  AsanaUser,
  AsanaWorkspace,
  AsanaWorkspaceMembership,
  BatchAction,
  BatchResult,
  ClientCounters,
  ClientOptions,
  ScimUser,
  ScimUserType,
} from './types.js';
import * as v from './validate.js';
import { USER_AGENT } from './version.js';

export type * from './types.js';

export interface AsanaClient {
  /** The base URL the client talks to (REST). */
  readonly baseUrl: string;
  /** GET /users/me: the token's own user. */
  me(): Promise<AsanaUser>;
  /** GET /workspaces, all pages. */
  workspaces(): Promise<AsanaWorkspace[]>;
  /** GET /workspaces/{gid}/workspace_memberships, all pages. */
  workspaceMemberships(workspaceGid: string): Promise<AsanaWorkspaceMembership[]>;
  /** GET /workspaces/{gid}/teams, all pages (only teams the caller can see). */
  teams(workspaceGid: string): Promise<AsanaTeam[]>;
  /** GET /teams/{gid}/team_memberships, all pages. */
  teamMemberships(teamGid: string): Promise<AsanaTeamMembership[]>;
  /** GET /users/{gid or email}; null when Asana answers 404. */
  user(gidOrEmail: string): Promise<AsanaUser | null>;
  /** SCIM GET /Users, all pages (startIndex/count). */
  scimUsers(): Promise<ScimUser[]>;
  /** SCIM GET /Users?filter=userName eq "email"; null when none. */
  scimUserByEmail(email: string): Promise<ScimUser | null>;
  /** POST /workspaces/{gid}/addUser (invites an email that has no account). */
  addUserToWorkspace(workspaceGid: string, user: string): Promise<AsanaUser>;
  /** POST /workspaces/{gid}/removeUser. */
  removeUserFromWorkspace(workspaceGid: string, user: string): Promise<void>;
  /** POST /teams/{gid}/addUser. */
  addUserToTeam(teamGid: string, user: string): Promise<void>;
  /** POST /teams/{gid}/removeUser. */
  removeUserFromTeam(teamGid: string, user: string): Promise<void>;
  /**
   * POST /batch with at most 10 membership actions (throws a RangeError on more). Results are in the
   * order of the actions; a failed action is a result, not a throw. Actions answered 429/5xx are sent
   * again in a smaller batch (all four ops are idempotent) within the retry budget.
   */
  batch(actions: BatchAction[]): Promise<BatchResult[]>;
  /** SCIM POST /Users. */
  scimCreateUser(input: { email: string; name: string; userType: ScimUserType }): Promise<ScimUser>;
  /** SCIM PATCH /Users/{id} userType. */
  scimSetUserType(id: string, userType: ScimUserType): Promise<ScimUser>;
  /** SCIM PATCH /Users/{id} active=false (Asana's deprovisioning). */
  scimDeactivate(id: string): Promise<ScimUser>;
  /** Requests by method, retries, 429s received, limiter wait. */
  counters(): ClientCounters;
}

const WORKSPACE_FIELDS = 'name,is_organization,email_domains';
const WORKSPACE_MEMBERSHIP_FIELDS = 'user.email,user.name,is_active,is_admin,is_guest,is_view_only';
const TEAM_FIELDS = 'name';
const TEAM_MEMBERSHIP_FIELDS = 'user.email,user.name,is_admin,is_guest,is_limited_access';
const USER_FIELDS = 'email,name';
export const MAX_BATCH_ACTIONS = 10;

/**
 * Creates a client. Throws a ConfigError for an unsafe base URL (plain HTTP to a non-loopback host)
 * or a missing token. Sends nothing until a method is called.
 */
export function createAsanaClient(options: ClientOptions): AsanaClient {
  const baseUrl = checkBaseUrl(options.baseUrl);
  if (options.token.trim() === '') throw new ConfigError('the Asana token is empty');
  if (/[\r\n]/.test(options.token)) throw new ConfigError('the Asana token contains a line break');
  const retry = {
    ...DEFAULT_RETRY_POLICY,
    ...(options.maxRetries === undefined ? {} : { maxRetries: options.maxRetries }),
    ...(options.maxRetryTimeMs === undefined ? {} : { maxRetryTimeMs: options.maxRetryTimeMs }),
    ...(options.retryBaseMs === undefined ? {} : { baseMs: options.retryBaseMs }),
  };
  const t: Transport = createTransport({
    baseUrl,
    token: options.token,
    userAgent: options.userAgent ?? USER_AGENT,
    timeoutMs: positive(options.timeoutMs, 30_000, 'timeoutMs'),
    rateLimitPerMinute: options.rateLimitPerMinute ?? 1500,
    maxReadsInFlight: positive(options.maxReadsInFlight, 50, 'maxReadsInFlight'),
    maxWritesInFlight: positive(options.maxWritesInFlight, 15, 'maxWritesInFlight'),
    retry,
    onEvent: options.onEvent,
    rateWindowMs: options.rateWindowMs,
  });

  const scimUserByEmail = (email: string): Promise<ScimUser | null> =>
    t.send({
      method: 'GET',
      path: '/scim/Users',
      params: { filter: `userName eq "${email.replace(/["\\]/g, (c) => `\\${c}`)}"` },
      repeat: 'idempotent',
      parse: (body) => {
        const page = v.scimPage(body);
        const users = page.items.map((item, i) => v.scimUser(item, `Resources[${i}]`));
        return users.find((u) => u.userName.toLowerCase() === email.toLowerCase()) ?? null;
      },
    });

  /** SCIM PATCH answers 200 with the user or 204 without a body; read the user in the second case. */
  const scimPatch = (id: string, operation: { path: string; value: unknown }): Promise<ScimUser> => {
    const path = `/scim/Users/${seg(id)}`;
    return t
      .send({
        method: 'PATCH',
        path,
        body: {
          schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
          Operations: [{ op: 'replace', path: operation.path, value: operation.value }],
        },
        // Idempotent: it sets a value; sending it twice leaves the same value.
        repeat: 'idempotent',
        parse: (body) => (body === null ? null : v.scimUser(body, 'the user')),
      })
      .then(
        (user) =>
          user ??
          t.send({
            method: 'GET',
            path,
            repeat: 'idempotent',
            parse: (body) => v.scimUser(body, 'the user'),
          }),
      );
  };

  /** The four membership writes share one shape: POST {data:{user}}. */
  const membershipWrite = <T>(path: string, user: string, parse: (data: unknown) => T): Promise<T> =>
    t.send({
      method: 'POST',
      path,
      body: { data: { user } },
      // Idempotent in Asana: adding a member again or removing a non-member leaves the same state.
      repeat: 'idempotent',
      parse: (body) => parse(v.dataOf(body)),
    });

  return {
    baseUrl,
    me: () =>
      t.send({
        method: 'GET',
        path: '/users/me',
        params: { opt_fields: USER_FIELDS },
        repeat: 'idempotent',
        parse: (body) => v.user(v.dataOf(body), 'data'),
      }),
    workspaces: () =>
      readRestList(t, {
        list: 'workspaces',
        path: '/workspaces',
        params: { opt_fields: WORKSPACE_FIELDS },
        map: (item, where) => v.workspace(item, where),
      }),
    workspaceMemberships: (workspaceGid) =>
      readRestList(t, {
        list: `members of workspace ${workspaceGid}`,
        path: `/workspaces/${seg(workspaceGid)}/workspace_memberships`,
        params: { opt_fields: WORKSPACE_MEMBERSHIP_FIELDS },
        map: (item, where) => v.workspaceMembership(item, where, workspaceGid),
      }),
    teams: (workspaceGid) =>
      readRestList(t, {
        list: `teams of workspace ${workspaceGid}`,
        path: `/workspaces/${seg(workspaceGid)}/teams`,
        params: { opt_fields: TEAM_FIELDS },
        map: (item, where) => v.team(item, where, workspaceGid),
      }),
    teamMemberships: (teamGid) =>
      readRestList(t, {
        list: `members of team ${teamGid}`,
        path: `/teams/${seg(teamGid)}/team_memberships`,
        params: { opt_fields: TEAM_MEMBERSHIP_FIELDS },
        map: (item, where) => v.teamMembership(item, where, teamGid),
      }),
    user: async (gidOrEmail) => {
      try {
        return await t.send({
          method: 'GET',
          path: `/users/${seg(gidOrEmail)}`,
          params: { opt_fields: USER_FIELDS },
          repeat: 'idempotent',
          parse: (body) => v.user(v.dataOf(body), 'data'),
        });
      } catch (e) {
        if (e instanceof AsanaApiError && e.kind === 'not-found') return null;
        throw e;
      }
    },
    scimUsers: () =>
      readScimList(t, {
        list: 'SCIM users',
        path: '/scim/Users',
        params: {},
        map: (item, where) => v.scimUser(item, where),
      }),
    scimUserByEmail,
    addUserToWorkspace: (workspaceGid, user) =>
      membershipWrite(`/workspaces/${seg(workspaceGid)}/addUser`, user, (data) => v.user(data, 'data')),
    removeUserFromWorkspace: (workspaceGid, user) =>
      membershipWrite(`/workspaces/${seg(workspaceGid)}/removeUser`, user, (data) => {
        v.object(data, 'data');
      }),
    addUserToTeam: (teamGid, user) =>
      membershipWrite(`/teams/${seg(teamGid)}/addUser`, user, (data) => {
        v.object(data, 'data');
      }),
    removeUserFromTeam: (teamGid, user) =>
      membershipWrite(`/teams/${seg(teamGid)}/removeUser`, user, (data) => {
        v.object(data, 'data');
      }),
    batch: (actions) => runBatch(t, actions, retry),
    scimCreateUser: ({ email, name, userType }) =>
      t.send({
        method: 'POST',
        path: '/scim/Users',
        body: {
          schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
          userName: email,
          name: { formatted: name },
          emails: [{ value: email, primary: true, type: 'work' }],
          active: true,
          userType,
        },
        // NOT idempotent: a second POST could create a second account or fail with a conflict. After
        // an answer that leaves the outcome unknown (5xx, reset, timeout), look the user up by
        // userName: if it is there, the first POST worked; only if not is it sent again.
        repeat: 'not-idempotent',
        recover: async () => (await scimUserByEmail(email)) ?? undefined,
        parse: (body) => v.scimUser(body, 'the created user'),
      }),
    scimSetUserType: (id, userType) => scimPatch(id, { path: 'userType', value: userType }),
    scimDeactivate: (id) => scimPatch(id, { path: 'active', value: false }),
    counters: () => t.counters(),
  };
}

const BATCH_PATHS: Record<BatchAction['op'], (gid: string) => string> = {
  addUserToWorkspace: (gid) => `/workspaces/${seg(gid)}/addUser`,
  removeUserFromWorkspace: (gid) => `/workspaces/${seg(gid)}/removeUser`,
  addUserToTeam: (gid) => `/teams/${seg(gid)}/addUser`,
  removeUserFromTeam: (gid) => `/teams/${seg(gid)}/removeUser`,
};

async function runBatch(
  t: Transport,
  actions: BatchAction[],
  retry: typeof DEFAULT_RETRY_POLICY,
): Promise<BatchResult[]> {
  if (actions.length > MAX_BATCH_ACTIONS) {
    throw new RangeError(`a batch holds at most ${MAX_BATCH_ACTIONS} actions, got ${actions.length}`);
  }
  const results: Array<BatchResult | undefined> = actions.map(() => undefined);
  let pending = actions.map((_, i) => i);
  let attempts = 0;
  let waited = 0;
  while (pending.length > 0) {
    attempts++;
    const sent = pending;
    const answers = await t.send({
      method: 'POST',
      path: '/batch',
      body: {
        data: {
          actions: sent.map((i) => {
            const a = actions[i]!;
            return { method: 'post', relative_path: BATCH_PATHS[a.op](a.targetGid), data: { user: a.user } };
          }),
        },
      },
      // The whole batch may be repeated: it holds only the four idempotent membership writes.
      repeat: 'idempotent',
      // Asana counts every action of a batch against the limits, in flight and per minute.
      cost: sent.length,
      parse: (body) => {
        const data = v.array(v.dataOf(body), 'data');
        if (data.length !== sent.length) {
          throw new v.MalformedAnswer(`data has ${data.length} results for ${sent.length} actions`);
        }
        return data.map((r, i) => {
          const o = v.object(r, `data[${i}]`);
          return { status: v.number(o.status_code, `data[${i}].status_code`), body: o.body };
        });
      },
    });
    const again: number[] = [];
    answers.forEach((answer, k) => {
      const index = sent[k]!;
      const action = actions[index]!;
      if (answer.status >= 200 && answer.status < 300) {
        results[index] = { ok: true, action, status: answer.status };
        return;
      }
      if (answer.status === 429 || answer.status >= 500) again.push(index);
      results[index] = {
        ok: false,
        action,
        status: answer.status,
        error: t.errorFor(
          'POST',
          BATCH_PATHS[action.op](action.targetGid),
          answer.status,
          answer.body,
          attempts,
        ),
      };
    });
    if (again.length === 0 || attempts > retry.maxRetries) break;
    const wait = backoffMs(retry, attempts);
    if (waited + wait > retry.maxRetryTimeMs) break;
    t.emit({
      type: 'retry',
      method: 'POST',
      path: '/batch',
      attempt: attempts,
      reason: `${again.length} action(s) failed with 429/5xx`,
      waitMs: wait,
    });
    await new Promise((resolve) => setTimeout(resolve, wait));
    waited += wait;
    pending = again;
  }
  return results.map((r) => r!);
}

/** A path segment: gids pass unchanged, emails keep their '@' (valid in a path), the rest is escaped. */
function seg(value: string): string {
  return encodeURIComponent(value).replace(/%40/g, '@');
}

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0)
    throw new ConfigError(`${name} must be a positive number, got ${value}`);
  return value;
}
