// The sandbox's HTTP server (node:http): authentication, limits, latency and faults around the REST,
// SCIM and batch handlers, the /__sandbox control endpoints, and the state file.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { batchCost, runBatch } from './batch.js';
import {
  type ApiKind,
  type Caller,
  type HandlerResult,
  isWriteMethod,
  type RequestCtx,
  type RouteDef,
} from './context.js';
import { ApiError, errorPhrase, restErrorBody, scimErrorBody, VIEW_ONLY_MESSAGE } from './errors.js';
import { createFaultEngine, type FaultRule, FaultRuleError, type FaultRuleState } from './faults.js';
import { createLimiter } from './limits.js';
import { createOffsetCodec } from './pagination.js';
import { fileStamp, readStateFile, writeStateFile } from './persist.js';
import { createRandom } from './random.js';
import { REST_ROUTES } from './rest.js';
import { createRouter, type RouteMatch } from './router.js';
import { SCIM_ROUTES } from './scim.js';
import { loadSeed, validateSeed } from './seed.js';
import type { Seed } from './seed-types.js';
import { buildState, type DomainState, isViewOnly, toSeed } from './state.js';
import { createStats, type SandboxStats } from './stats.js';

export interface SandboxOptions {
  /** A seed file (YAML) or a seed object. */
  seed: string | Seed;
  /** Default 0: any free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Requests per minute per token (sliding window). Default 1,500 (150 on a free plan); 0 turns it off. */
  rateLimitPerMinute?: number;
  /** GET requests in flight per token. Default 50; 0 = no cap. */
  maxReadsInFlight?: number;
  /** Write requests in flight per token. Default 15; 0 = no cap. */
  maxWritesInFlight?: number;
  /** Added before every API answer: baseMs plus a uniform 0..jitterMs. Default none. */
  latency?: { baseMs: number; jitterMs?: number };
  faults?: FaultRule[];
  /** Seeds the PRNG behind jitter, fault probabilities and error phrases. Default 1. */
  randomSeed?: number;
  /** How long a pagination offset stays valid. Default 10 minutes. */
  offsetTtlMs?: number;
  /** Persist the state here (JSON, written atomically after each change). An existing file wins over the seed. */
  stateFile?: string;
}

export interface Sandbox {
  /** http://127.0.0.1:PORT */
  url: string;
  /** url + '/api/1.0'; SCIM is at apiBaseUrl + '/scim'. */
  apiBaseUrl: string;
  stats(): SandboxStats;
  resetStats(): void;
  /** Replaces the fault rules (their counters start again). Throws FaultRuleError on a bad rule. */
  setFaults(rules: FaultRule[]): void;
  /** The fault rules with their counters. */
  faults(): FaultRuleState[];
  /** The current domain as a seed; token values hidden. */
  state(): Seed;
  /** The seed's tokens (fake values) and who each acts as, for printing. */
  tokens(): SandboxToken[];
  close(): Promise<void>;
}

export interface SandboxToken {
  name: string;
  kind: 'pat' | 'service-account';
  value: string;
  /** e.g. `PAT of Ada Lindqvist <ada.lindqvist@acme.example>, admin of Acme Corp`. */
  actsAs: string;
}

const API_PREFIX = '/api/1.0';
const CONTROL_PREFIX = '/__sandbox';
const MAX_BODY_BYTES = 1_000_000;
const RATE_LIMIT_MESSAGE = 'You have made too many requests recently. Please, be chill.';
const STATUS_MESSAGES: Record<number, string> = {
  500: 'Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  const seed = typeof options.seed === 'string' ? loadSeed(options.seed) : validateSeed(options.seed);
  const stateFile = options.stateFile;
  let state: DomainState;
  let lastStamp: string | undefined;
  const stored = stateFile ? readStateFile(stateFile) : undefined;
  state = buildState(stored ?? seed);
  const persist = () => {
    if (!stateFile) return;
    writeStateFile(stateFile, toSeed(state, { includeTokenValues: true }));
    lastStamp = fileStamp(stateFile);
  };
  if (stateFile) {
    if (stored) lastStamp = fileStamp(stateFile);
    else persist();
  }
  // Another process may have changed the file: the newest version wins.
  const syncFromFile = () => {
    if (!stateFile) return;
    const stamp = fileStamp(stateFile);
    if (stamp === undefined || stamp === lastStamp) return;
    const next = readStateFile(stateFile);
    if (next) state = buildState(next);
    lastStamp = stamp;
  };

  const random = createRandom(options.randomSeed ?? 1);
  const faults = createFaultEngine(random);
  faults.set(options.faults ?? []);
  const limiter = createLimiter({
    perMinute: options.rateLimitPerMinute ?? (state.plan === 'free' ? 150 : 1500),
    maxReads: options.maxReadsInFlight ?? 50,
    maxWrites: options.maxWritesInFlight ?? 15,
  });
  const stats = createStats();
  const offsets = createOffsetCodec(options.offsetTtlMs ?? 10 * 60_000);
  const latency = options.latency;

  const errorBodyFor = (api: ApiKind, err: ApiError): unknown =>
    api === 'scim'
      ? scimErrorBody(err.status, err.message, err.scimType)
      : restErrorBody(err.status, err.message, err.status === 500 ? errorPhrase(random.int) : undefined);
  const errorResult = (api: ApiKind, err: ApiError): HandlerResult => ({
    status: err.status,
    body: errorBodyFor(api, err),
    headers: err.headers,
  });

  /** Runs a matched route with the checks every route shares: SCIM's gate and the view-only rule. */
  const runRoute = (match: RouteMatch, ctx: RequestCtx): HandlerResult => {
    const { route } = match;
    try {
      if (route.api === 'scim') {
        if (ctx.state.plan !== 'enterprise') {
          throw new ApiError(402, 'SCIM provisioning is available on Enterprise plans only.');
        }
        if (!ctx.caller.serviceAccount) {
          throw new ApiError(403, 'SCIM requires a service account token of this Enterprise domain.');
        }
      } else if (route.api === 'rest' && isWriteMethod(route.method)) {
        if (!ctx.caller.serviceAccount && isViewOnly(ctx.caller.user))
          throw new ApiError(403, VIEW_ONLY_MESSAGE);
      }
      return route.handler(ctx);
    } catch (err) {
      if (err instanceof ApiError) return errorResult(route.api, err);
      throw err;
    }
  };

  const batchRoute: RouteDef = {
    method: 'POST',
    template: '/batch',
    api: 'batch',
    handler: (ctx) =>
      runBatch(ctx, {
        router,
        run: runRoute,
        fault: (routeKey, pathKey) => {
          const rule = faults.pick(routeKey, pathKey, 'before', (r) => r.kind === 'status');
          if (!rule) return undefined;
          stats.fault(rule.kind);
          return rule.status ?? 503;
        },
        done: (routeKey, status, mutated) => {
          stats.batchAction(routeKey, status);
          if (mutated) stats.mutation();
        },
      }),
  };
  const router = createRouter([...REST_ROUTES, ...SCIM_ROUTES, batchRoute]);

  const authenticate = (header: string | undefined): Caller | undefined => {
    const m = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    const token = m ? state.tokens.get(m[1]!) : undefined;
    const user = token ? state.users.get(token.userGid) : undefined;
    if (!token || !user?.active) return undefined;
    return { token, user, serviceAccount: token.kind === 'service-account' };
  };

  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let apiBaseUrl = '';

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    if (res.writableEnded || res.destroyed) return;
    const text = body === undefined ? '' : JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/json; charset=UTF-8',
      'content-length': String(Buffer.byteLength(text)),
      ...headers,
    });
    res.end(text);
  };

  const handleApi = async (req: IncomingMessage, res: ServerResponse, url: URL, raw: string) => {
    const method = req.method ?? 'GET';
    const path = url.pathname.slice(API_PREFIX.length) || '/';
    const match = router.match(method, path);
    const api: ApiKind =
      match?.route.api ?? (path === '/scim' || path.startsWith('/scim/') ? 'scim' : 'rest');
    const routeKey = `${method} ${match ? match.route.template : '(unmatched)'}`;
    const pathKey = `${method} ${path}`;
    const respond = (status: number, body: unknown, headers?: Record<string, string>) => {
      stats.request(routeKey, status);
      send(res, status, body, headers);
    };
    const respondError = (err: ApiError) => {
      const r = errorResult(api, err);
      respond(r.status, r.body, r.headers);
    };

    syncFromFile();
    const caller = authenticate(req.headers.authorization);
    if (!caller) return respondError(new ApiError(401, 'Not Authorized'));

    let body: unknown;
    let bodyError: ApiError | undefined;
    try {
      // A GET's body means nothing to Asana: only writes are read.
      if (isWriteMethod(method)) body = parseBody(raw, req.headers['content-type']);
    } catch (err) {
      bodyError = err instanceof ApiError ? err : new ApiError(400, String(err));
    }

    const cost =
      api === 'batch'
        ? batchCost(body)
        : isWriteMethod(method)
          ? { reads: 0, writes: 1 }
          : { reads: 1, writes: 0 };
    const admission = limiter.admit(caller.token.value, cost.reads, cost.writes, Date.now());
    if (!admission.ok) {
      stats.rateLimited();
      return respondError(
        new ApiError(429, RATE_LIMIT_MESSAGE, undefined, {
          'retry-after': String(admission.retryAfterSeconds),
        }),
      );
    }
    res.once('close', admission.release);

    if (latency && (latency.baseMs > 0 || (latency.jitterMs ?? 0) > 0)) {
      const ms = latency.baseMs + (latency.jitterMs ? random.next() * latency.jitterMs : 0);
      await new Promise((resolve) => setTimeout(resolve, ms));
    }

    const injectFault = (rule: FaultRule, result?: HandlerResult): boolean => {
      stats.fault(rule.kind);
      switch (rule.kind) {
        case 'status': {
          const status = rule.status ?? 503;
          respondError(new ApiError(status, STATUS_MESSAGES[status] ?? 'Server Error'));
          return true;
        }
        case 'rate-limit':
          respondError(
            new ApiError(429, RATE_LIMIT_MESSAGE, undefined, {
              'retry-after': String(rule.retryAfterSeconds ?? 1),
            }),
          );
          return true;
        case 'revoke-token':
          // A token revoked by an admin while a client uses it (Asana answers 401 from then on).
          state.tokens.delete(caller.token.value);
          persist();
          respondError(new ApiError(401, 'Not Authorized'));
          return true;
        case 'reset':
          stats.request(routeKey, 'reset');
          req.socket.destroy();
          return true;
        case 'hang': {
          stats.request(routeKey, 'hang');
          if (rule.hangMs !== undefined) {
            const timer = setTimeout(() => {
              timers.delete(timer);
              req.socket.destroy();
            }, rule.hangMs);
            timers.add(timer);
          }
          return true;
        }
        case 'malformed-json': {
          const text = JSON.stringify(result?.body ?? { data: {} });
          stats.request(routeKey, result?.status ?? 200);
          const cut = text.slice(0, Math.max(1, Math.floor(text.length / 2)));
          res.writeHead(result?.status ?? 200, {
            'content-type': 'application/json; charset=UTF-8',
            'content-length': String(Buffer.byteLength(cut)),
          });
          res.end(cut);
          return true;
        }
        case 'drop-next-page':
          if (result?.body && typeof result.body === 'object')
            delete (result.body as { next_page?: unknown }).next_page;
          return false;
      }
    };

    const before = faults.pick(routeKey, pathKey, 'before');
    if (before && injectFault(before)) return;

    let result: HandlerResult;
    if (!match) result = errorResult(api, new ApiError(404, 'No matching route for request'));
    else if (bodyError) result = errorResult(api, bodyError);
    else {
      const ctx: RequestCtx = {
        state,
        caller,
        method,
        path,
        params: match.params,
        query: url.searchParams,
        body,
        now: new Date(),
        apiBaseUrl,
        offsets,
      };
      result = runRoute(match, ctx);
    }
    if (result.mutated) {
      persist();
      if (api !== 'batch') stats.mutation();
    }
    const after = faults.pick(
      routeKey,
      pathKey,
      'after',
      (r) =>
        r.kind !== 'drop-next-page' ||
        (typeof result.body === 'object' && result.body !== null && 'next_page' in result.body),
    );
    if (after && injectFault(after, result)) return;
    respond(result.status, result.body, result.headers);
  };

  const handleControl = (req: IncomingMessage, res: ServerResponse, url: URL, raw: string) => {
    const route = `${req.method} ${url.pathname.slice(CONTROL_PREFIX.length)}`;
    switch (route) {
      case 'GET /stats':
        return send(res, 200, stats.snapshot(limiter.peak()));
      case 'POST /stats/reset':
        stats.reset();
        limiter.resetPeak();
        return send(res, 204, undefined);
      case 'GET /faults':
        return send(res, 200, { faults: faults.list() });
      case 'PUT /faults': {
        try {
          const parsed = raw.trim() === '' ? [] : (JSON.parse(raw) as unknown);
          const rules = Array.isArray(parsed) ? parsed : (parsed as { faults?: unknown })?.faults;
          faults.set(validateFaultsInput(rules));
          return send(res, 200, { faults: faults.list() });
        } catch (err) {
          return send(res, 400, {
            error: err instanceof SyntaxError ? `invalid JSON: ${err.message}` : (err as Error).message,
          });
        }
      }
      case 'GET /state':
        syncFromFile();
        return send(res, 200, toSeed(state, { includeTokenValues: false }));
      default:
        return send(res, 404, {
          error: `unknown control endpoint ${route}; try GET /stats, POST /stats/reset, GET|PUT /faults, GET /state`,
        });
    }
  };

  const server = createServer((req, res) => {
    readBody(req)
      .then((raw) => {
        const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
        if (url.pathname === CONTROL_PREFIX || url.pathname.startsWith(`${CONTROL_PREFIX}/`)) {
          return handleControl(req, res, url, raw ?? '');
        }
        if (raw === undefined) {
          return send(res, 413, restErrorBody(413, `Request body larger than ${MAX_BODY_BYTES} bytes`));
        }
        if (url.pathname !== API_PREFIX && !url.pathname.startsWith(`${API_PREFIX}/`)) {
          stats.request(`${req.method} (unmatched)`, 404);
          return send(res, 404, restErrorBody(404, 'No matching route for request'));
        }
        return handleApi(req, res, url, raw);
      })
      .catch((err: unknown) => {
        // A bug in the sandbox, not a simulated failure: answer like Asana would and say what happened.
        process.stderr.write(`sandbox: internal error: ${(err as Error).stack ?? String(err)}\n`);
        send(res, 500, restErrorBody(500, 'Server Error', errorPhrase(random.int)));
      });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  apiBaseUrl = `${url}${API_PREFIX}`;

  return {
    url,
    apiBaseUrl,
    stats: () => stats.snapshot(limiter.peak()),
    resetStats: () => {
      stats.reset();
      limiter.resetPeak();
    },
    setFaults: (rules) => faults.set(rules),
    faults: () => faults.list(),
    tokens: () =>
      [...state.tokens.values()].map((t) => {
        const user = state.users.get(t.userGid)!;
        let actsAs: string;
        if (t.kind === 'service-account') actsAs = 'service account: organization admin, SCIM allowed';
        else {
          const admin = state.workspaces.items
            .filter((ws) => ws.members.get(user.gid)?.isAdmin)
            .map((ws) => ws.name);
          const role = [
            user.license === 'view-only' ? 'view-only license' : undefined,
            user.license === null ? 'guest' : undefined,
            admin.length > 0 ? `admin of ${admin.join(', ')}` : undefined,
            user.active ? undefined : 'deprovisioned',
          ].filter((r) => r !== undefined);
          actsAs = `PAT of ${user.name} <${user.email}>${role.length > 0 ? `, ${role.join(', ')}` : ''}`;
        }
        return { name: t.name, kind: t.kind, value: t.value, actsAs };
      }),
    state: () => {
      syncFromFile();
      return toSeed(state, { includeTokenValues: false });
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}

function validateFaultsInput(rules: unknown): FaultRule[] {
  if (rules === undefined) throw new FaultRuleError('send a list of fault rules, or {"faults": [...]}');
  return rules as FaultRule[];
}

/** The request body as text; undefined when it is larger than MAX_BODY_BYTES. */
function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** JSON bodies, and form bodies (`user=...`) as Asana also accepts them, read into `{data: {...}}`. */
function parseBody(raw: string, contentType: string | undefined): unknown {
  if (raw.trim() === '') return undefined;
  if (contentType?.includes('application/x-www-form-urlencoded')) {
    return { data: Object.fromEntries(new URLSearchParams(raw)) };
  }
  try {
    return JSON.parse(raw);
  } catch {
    throw new ApiError(400, 'Could not parse request data, invalid JSON');
  }
}
