// POST /batch: up to 10 actions run through the same handlers as single requests, answered 200 with a
// status and body per action. SCIM and nested batches are refused per action, as Asana does.
import { type HandlerResult, isWriteMethod, type RequestCtx } from './context.js';
import { restErrorBody } from './errors.js';
import type { RouteMatch, Router } from './router.js';

export const BATCH_MAX_ACTIONS = 10;
const METHODS = ['get', 'post', 'put', 'delete', 'patch', 'head'];

export interface BatchDeps {
  router: Router;
  /** Runs one matched action with its own context (permission checks included). */
  run(match: RouteMatch, ctx: RequestCtx): HandlerResult;
  /** The status of an injected fault for this action, if one fires. */
  fault(routeKey: string, pathKey: string): number | undefined;
  /** Called once per action, for the counters. */
  done(routeKey: string, status: number, mutated: boolean): void;
}

interface RawAction {
  relative_path?: unknown;
  method?: unknown;
  data?: unknown;
  options?: unknown;
}

function actionsOf(body: unknown): unknown[] | undefined {
  const data = (body as { data?: { actions?: unknown } } | undefined)?.data;
  return data && typeof data === 'object' && Array.isArray(data.actions) ? data.actions : undefined;
}

/** What a batch costs against the limits: every action counts, the batch itself does not. */
export function batchCost(body: unknown): { reads: number; writes: number } {
  const actions = actionsOf(body);
  if (!actions || actions.length === 0 || actions.length > BATCH_MAX_ACTIONS) return { reads: 0, writes: 1 };
  let reads = 0;
  for (const a of actions) {
    const method = (a as RawAction | null)?.method;
    if (typeof method === 'string' && method.toLowerCase() === 'get') reads++;
  }
  return { reads, writes: actions.length - reads };
}

const fail = (status: number, message: string) => ({
  status_code: status,
  headers: {},
  body: restErrorBody(status, message),
});

function queryValue(v: unknown): string {
  return Array.isArray(v) ? v.map(String).join(',') : String(v);
}

export function runBatch(ctx: RequestCtx, deps: BatchDeps): HandlerResult {
  const actions = actionsOf(ctx.body);
  if (!actions) {
    return {
      status: 400,
      body: restErrorBody(400, 'actions: Missing input. Send {"data": {"actions": [...]}}.'),
    };
  }
  if (actions.length === 0)
    return { status: 400, body: restErrorBody(400, 'actions: At least one action is required.') };
  if (actions.length > BATCH_MAX_ACTIONS) {
    return {
      status: 400,
      body: restErrorBody(
        400,
        `actions: At most ${BATCH_MAX_ACTIONS} actions are allowed in one batch (got ${actions.length}).`,
      ),
    };
  }
  let mutated = false;
  const results = actions.map((raw, i) => {
    const a = (raw && typeof raw === 'object' ? raw : {}) as RawAction;
    const at = `actions[${i}]`;
    if (typeof a.relative_path !== 'string' || !a.relative_path.startsWith('/')) {
      return fail(400, `${at}.relative_path: Missing input (a path like /teams/123/addUser).`);
    }
    if (typeof a.method !== 'string' || !METHODS.includes(a.method.toLowerCase())) {
      return fail(400, `${at}.method: Must be one of ${METHODS.join(', ')}.`);
    }
    const path = a.relative_path;
    const method = a.method.toUpperCase();
    if (path.includes('?')) {
      return fail(
        400,
        `${at}.relative_path: Query parameters are not accepted here; put them in data or options.`,
      );
    }
    if (path === '/scim' || path.startsWith('/scim/')) {
      return fail(400, `${at}: SCIM operations are not allowed in a batch.`);
    }
    if (path === '/batch') return fail(400, `${at}: Nested calls to the batch API are not allowed.`);
    const match = deps.router.match(method, path);
    const routeKey = `${method} ${match ? match.route.template : '(unmatched)'}`;
    if (!match) {
      deps.done(routeKey, 404, false);
      return fail(404, 'No matching route for request');
    }
    const query = new URLSearchParams();
    const data = a.data && typeof a.data === 'object' ? (a.data as Record<string, unknown>) : undefined;
    if (!isWriteMethod(method) && data)
      for (const [k, v] of Object.entries(data)) query.set(k, queryValue(v));
    const options = (a.options && typeof a.options === 'object' ? a.options : {}) as Record<string, unknown>;
    if (options.limit !== undefined) query.set('limit', queryValue(options.limit));
    if (options.offset !== undefined) query.set('offset', queryValue(options.offset));
    if (options.fields !== undefined) query.set('opt_fields', queryValue(options.fields));
    const faultStatus = deps.fault(routeKey, `${method} ${path}`);
    if (faultStatus !== undefined) {
      deps.done(routeKey, faultStatus, false);
      return fail(faultStatus, 'Server Error');
    }
    const result = deps.run(match, {
      ...ctx,
      method,
      path,
      params: match.params,
      query,
      body: isWriteMethod(method) ? { data: data ?? {} } : undefined,
    });
    mutated = mutated || result.mutated === true;
    deps.done(routeKey, result.status, result.mutated === true);
    return { status_code: result.status, headers: result.headers ?? {}, body: result.body ?? {} };
  });
  return { status: 200, body: { data: results }, mutated };
}
