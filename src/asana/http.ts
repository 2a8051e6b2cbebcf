// The transport: one axios instance per client, every request through the limiter, retries with
// backoff, and every failure turned into an AsanaApiError. Nothing from axios (whose errors carry
// the request config, Authorization header included) leaves this file.
import http from 'node:http';
import https from 'node:https';
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import { AsanaApiError, type AsanaErrorKind } from './errors.js';
import { Limiter } from './limiter.js';
import {
  backoffMs,
  isRetryableStatus,
  isTransientNetworkCode,
  neverSent,
  type RetryPolicy,
  retryAfterMs,
} from './retry.js';
import type { ClientCounters, ClientEvent } from './types.js';
import { MalformedAnswer } from './validate.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface SendRequest<T> {
  method: HttpMethod;
  /** Relative to the base URL, without query (this is what errors and events show). */
  path: string;
  params?: Record<string, string | number>;
  body?: unknown;
  /**
   * `idempotent`: repeating cannot harm, so 5xx, resets and timeouts are retried.
   * `not-idempotent`: only retried when the request surely did not run (429, connection refused),
   * or after `recover` found that it did not take effect.
   */
  repeat: 'idempotent' | 'not-idempotent';
  /**
   * For a not-idempotent request whose outcome is unknown (5xx, reset, timeout after sending): looks
   * whether it took effect. Returns the body to use as the answer, or undefined to send it again.
   */
  recover?: () => Promise<T | undefined>;
  /** Checks and maps a 2xx body (throw MalformedAnswer on a bad shape). */
  parse: (body: unknown) => T;
  /**
   * How many requests Asana counts this one as, in flight and against the per-minute limit: the
   * number of actions for POST /batch. Default 1.
   */
  cost?: number;
}

export interface TransportOptions {
  baseUrl: string;
  token: string;
  userAgent: string;
  timeoutMs: number;
  rateLimitPerMinute: number;
  maxReadsInFlight: number;
  maxWritesInFlight: number;
  retry: RetryPolicy;
  onEvent?: (e: ClientEvent) => void;
  /** Window length of the rate limit (tests shorten it). Default 60000. */
  rateWindowMs?: number;
}

/** Why one attempt failed, before deciding whether to retry. */
type Failure =
  | { type: 'http'; status: number; headers: Record<string, unknown>; body: unknown }
  | { type: 'network'; code: string | undefined; timeout: boolean };

export interface Transport {
  send<T>(req: SendRequest<T>): Promise<T>;
  /** The error a failed HTTP status maps to (for batch results, which carry their own status). */
  errorFor(method: string, path: string, status: number, body: unknown, attempts: number): AsanaApiError;
  counters(): ClientCounters;
  emit(e: ClientEvent): void;
  countPage(): void;
}

export function createTransport(options: TransportOptions): Transport {
  const agentOptions = {
    keepAlive: true,
    maxSockets: Math.max(options.maxReadsInFlight, options.maxWritesInFlight) * 2,
  };
  const instance: AxiosInstance = axios.create({
    baseURL: options.baseUrl,
    timeout: options.timeoutMs,
    // Never follow a redirect: it could carry the token to another host. A 3xx is an error below.
    maxRedirects: 0,
    // Every status comes back as a response; only failures without an answer throw.
    validateStatus: () => true,
    // Parse JSON here, so a broken body is a clear 'malformed' error rather than a silent string.
    responseType: 'text',
    transformResponse: [(data: unknown) => data],
    transitional: { clarifyTimeoutError: true, silentJSONParsing: false, forcedJSONParsing: false },
    httpAgent: new http.Agent(agentOptions),
    httpsAgent: new https.Agent(agentOptions),
    headers: {
      Authorization: `Bearer ${options.token}`,
      'User-Agent': options.userAgent,
      Accept: 'application/json',
    },
  });
  const limiter = new Limiter({
    rateLimitPerMinute: options.rateLimitPerMinute,
    maxReadsInFlight: options.maxReadsInFlight,
    maxWritesInFlight: options.maxWritesInFlight,
    windowMs: options.rateWindowMs,
  });
  const counters: ClientCounters = {
    requestsByMethod: {},
    requests: 0,
    retries: 0,
    rateLimited: 0,
    limiterWaitMs: 0,
    retryAfterWaitMs: 0,
    pages: 0,
  };
  const emit = (e: ClientEvent): void => {
    try {
      options.onEvent?.(e);
    } catch {
      // A broken progress display must not break a sync.
    }
  };
  const redact = (s: string): string =>
    options.token === '' ? s : s.split(options.token).join('[redacted]');

  async function attempt(
    req: SendRequest<unknown>,
  ): Promise<{ ok: true; body: unknown } | { ok: false; failure: Failure }> {
    const permit = await limiter.acquire(req.method === 'GET' ? 'read' : 'write', req.cost ?? 1);
    if (permit.windowWaitMs > 0) {
      counters.limiterWaitMs += permit.windowWaitMs;
      emit({ type: 'rate-wait', ms: permit.windowWaitMs, reason: 'limiter' });
    }
    if (permit.pausedMs > 0) {
      counters.retryAfterWaitMs += permit.pausedMs;
      emit({ type: 'rate-wait', ms: permit.pausedMs, reason: 'retry-after' });
    }
    counters.requests++;
    counters.requestsByMethod[req.method] = (counters.requestsByMethod[req.method] ?? 0) + 1;
    emit({ type: 'request', method: req.method, path: req.path });
    const started = Date.now();
    let response: AxiosResponse<unknown>;
    const signal = AbortSignal.timeout(options.timeoutMs);
    try {
      response = await instance.request({
        method: req.method,
        url: req.path.replace(/^\//, ''),
        params: req.params,
        data: req.body === undefined ? undefined : JSON.stringify(req.body),
        headers: req.body === undefined ? undefined : { 'Content-Type': 'application/json' },
        signal,
      });
    } catch (e) {
      const code = errorCode(e);
      const timeout = signal.aborted || code === 'ETIMEDOUT' || code === 'ECONNABORTED';
      return {
        ok: false,
        failure: { type: 'network', code: timeout && code === 'ERR_CANCELED' ? 'ETIMEDOUT' : code, timeout },
      };
    } finally {
      permit.release();
    }
    emit({
      type: 'response',
      method: req.method,
      path: req.path,
      status: response.status,
      ms: Date.now() - started,
    });
    const body = parseBody(response.data);
    if (response.status >= 200 && response.status < 300) {
      if (body.ok) return { ok: true, body: body.value };
      throw new AsanaApiError({
        kind: 'malformed',
        method: req.method,
        path: req.path,
        status: response.status,
        detail: 'the body is not JSON',
      });
    }
    return {
      ok: false,
      failure: {
        type: 'http',
        status: response.status,
        headers: response.headers as Record<string, unknown>,
        body: body.ok ? body.value : undefined,
      },
    };
  }

  async function send<T>(req: SendRequest<T>): Promise<T> {
    let retriesDone = 0;
    let waitedMs = 0;
    for (;;) {
      const result = await attempt(req as SendRequest<unknown>);
      if (result.ok) return req.parse(result.body);
      const { failure } = result;
      let retryable = false;
      let waitMs = backoffMs(options.retry, retriesDone + 1);
      let reason: string;
      if (failure.type === 'http') {
        reason = `HTTP ${failure.status}`;
        if (failure.status === 429) {
          counters.rateLimited++;
          // Refused by the rate limit: the request did not run, so even a non-idempotent one is safe.
          retryable = true;
          const after = retryAfterMs(headerValue(failure.headers, 'retry-after'));
          if (after !== undefined) {
            waitMs = after;
            limiter.pauseUntil(Date.now() + after);
          }
        } else if (isRetryableStatus(failure.status)) {
          retryable = true;
        }
      } else {
        reason = failure.timeout ? 'timeout' : (failure.code ?? 'network error');
        retryable = failure.timeout || isTransientNetworkCode(failure.code);
      }
      const surelyNotRun =
        (failure.type === 'http' && failure.status === 429) ||
        (failure.type === 'network' && neverSent(failure.code));
      if (retryable && req.repeat === 'not-idempotent' && !surelyNotRun) {
        if (!req.recover) retryable = false;
        else {
          const recovered = await req.recover();
          if (recovered !== undefined) return recovered;
        }
      }
      if (
        !retryable ||
        retriesDone >= options.retry.maxRetries ||
        waitedMs + waitMs > options.retry.maxRetryTimeMs
      ) {
        throw toError(req, failure, retriesDone + 1, redact);
      }
      retriesDone++;
      counters.retries++;
      emit({ type: 'retry', method: req.method, path: req.path, attempt: retriesDone, reason, waitMs });
      if (failure.type === 'http' && failure.status === 429) {
        counters.retryAfterWaitMs += waitMs;
        emit({ type: 'rate-wait', ms: waitMs, reason: 'retry-after' });
      }
      await sleep(waitMs);
      waitedMs += waitMs;
    }
  }

  return {
    async send(req) {
      try {
        return await send(req);
      } catch (e) {
        throw wrapUnexpected(req, e, redact);
      }
    },
    errorFor: (method, path, status, body, attempts) =>
      toError({ method, path }, { type: 'http', status, headers: {}, body }, attempts, redact),
    counters: () => ({ ...counters, requestsByMethod: { ...counters.requestsByMethod } }),
    emit,
    countPage: () => {
      counters.pages++;
    },
  };
}

/** Errors leave as AsanaApiError; an axios error (which carries the config and token) never escapes. */
function wrapUnexpected(
  req: { method: string; path: string },
  e: unknown,
  redact: (s: string) => string,
): unknown {
  if (e instanceof AsanaApiError) return e;
  if (e instanceof MalformedAnswer) {
    return new AsanaApiError({
      kind: 'malformed',
      method: req.method,
      path: req.path,
      detail: redact(e.message),
    });
  }
  if (axios.isAxiosError(e)) {
    return new AsanaApiError({
      kind: 'network',
      method: req.method,
      path: req.path,
      detail: e.code ?? 'request failed',
    });
  }
  return e;
}

function toError(
  req: { method: string; path: string },
  failure: Failure,
  attempts: number,
  redact: (s: string) => string,
): AsanaApiError {
  const base = { method: req.method, path: req.path, attempts };
  if (failure.type === 'network') {
    return new AsanaApiError({
      ...base,
      kind: failure.timeout ? 'timeout' : 'network',
      detail: failure.code ?? 'no answer',
    });
  }
  const { messages, phrase } = errorMessages(failure.body);
  const status = failure.status;
  let kind: AsanaErrorKind;
  let detail: string | undefined;
  if (status >= 300 && status < 400) {
    kind = 'network';
    const location = headerValue(failure.headers, 'location');
    detail = `${typeof location === 'string' ? `it points to ${redactUrl(location)}; ` : ''}redirects are never followed with the token; check ASANA_BASE_URL`;
  } else if (status === 401) kind = 'auth';
  else if (status === 402) kind = 'plan';
  else if (status === 403) kind = 'permission';
  else if (status === 404) kind = 'not-found';
  else if (status === 429) kind = 'rate-limited';
  else if (status >= 500) kind = 'server';
  else if (status >= 400) kind = 'bad-request';
  else {
    kind = 'malformed';
    detail = `unexpected HTTP status ${status}`;
  }
  return new AsanaApiError({
    ...base,
    kind,
    status,
    asanaMessages: messages.map(redact),
    phrase: phrase === undefined ? undefined : redact(phrase),
    detail,
  });
}

/** Asana's `{errors:[{message, phrase}]}`, or SCIM's `{detail}`; tolerant, since this is already an error. */
export function errorMessages(body: unknown): { messages: string[]; phrase: string | undefined } {
  const messages: string[] = [];
  let phrase: string | undefined;
  if (body !== null && typeof body === 'object') {
    const o = body as Record<string, unknown>;
    if (Array.isArray(o.errors)) {
      for (const err of o.errors) {
        if (err === null || typeof err !== 'object') continue;
        const e = err as Record<string, unknown>;
        if (typeof e.message === 'string') messages.push(e.message);
        if (typeof e.phrase === 'string' && phrase === undefined) phrase = e.phrase;
      }
    }
    if (typeof o.detail === 'string') messages.push(o.detail);
  }
  return { messages, phrase };
}

function parseBody(data: unknown): { ok: true; value: unknown } | { ok: false } {
  if (typeof data !== 'string') return { ok: true, value: data ?? null };
  if (data.trim() === '') return { ok: true, value: null };
  try {
    return { ok: true, value: JSON.parse(data) };
  } catch {
    return { ok: false };
  }
}

function headerValue(headers: Record<string, unknown>, name: string): unknown {
  const v = headers[name] ?? headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

function redactUrl(location: string): string {
  try {
    const u = new URL(location);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '(an unreadable location)';
  }
}

function errorCode(e: unknown): string | undefined {
  if (e !== null && typeof e === 'object') {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    const cause = (e as { cause?: unknown }).cause;
    if (cause !== null && typeof cause === 'object') {
      const c = (cause as { code?: unknown }).code;
      if (typeof c === 'string') return c;
    }
  }
  return undefined;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
