// When and how long to wait before repeating a failed request. Pure functions: the request loop in
// http.ts applies them, and decides per request whether repeating is safe at all.

export interface RetryPolicy {
  /** Retries after the first attempt. */
  maxRetries: number;
  /** Total wait a single request may spend across its retries. */
  maxRetryTimeMs: number;
  /** First backoff step; doubled on each attempt. */
  baseMs: number;
  /** Largest single backoff step. */
  capMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxRetries: 5,
  maxRetryTimeMs: 120_000,
  baseMs: 500,
  capMs: 30_000,
};

/**
 * Exponential backoff with "equal jitter": half the step is fixed, half random, so concurrent
 * clients spread out but every wait still grows. `attempt` is 1 for the first retry.
 */
export function backoffMs(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  const step = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(step / 2 + random() * (step / 2));
}

/**
 * Retry-After in ms: Asana sends whole seconds; HTTP also allows a date. Undefined when absent or
 * unreadable (the caller then falls back to backoff).
 */
export function retryAfterMs(header: unknown, now: number = Date.now()): number | undefined {
  if (typeof header !== 'string' || header.trim() === '') return undefined;
  const text = header.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  // An HTTP date names a weekday and month; anything else (like "-3", which Date.parse reads as a year) is unreadable.
  if (!/[a-z]{3}/i.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

/** Network error codes that mean the request may be repeated (the connection failed or was cut). */
const TRANSIENT_NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'ECONNABORTED',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'EAI_AGAIN',
  'ERR_SOCKET_CONNECTION_TIMEOUT',
  'UND_ERR_SOCKET',
]);

export function isTransientNetworkCode(code: string | undefined): boolean {
  return code !== undefined && TRANSIENT_NETWORK_CODES.has(code);
}

/** Codes meaning the request never left this machine, so even a non-idempotent write is safe to repeat. */
export function neverSent(code: string | undefined): boolean {
  return code === 'ECONNREFUSED' || code === 'ENETUNREACH' || code === 'EHOSTUNREACH' || code === 'EAI_AGAIN';
}

/** HTTP statuses worth repeating: 429 (after Retry-After) and server-side failures. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 500 || status === 502 || status === 503 || status === 504;
}
