// The typed, validated shapes the Asana client returns. Every field here was checked against the
// answer before it was returned (see validate.ts): callers never see raw JSON. Names are camelCase;
// the client maps Asana's snake_case fields.
import type { AsanaApiError } from './errors.js';

/** A user as Asana's REST API returns it. `email` is as Asana wrote it (state/ lower-cases it). */
export interface AsanaUser {
  gid: string;
  name: string;
  /** Empty when Asana does not show the email (e.g. to a caller without the right to see it). */
  email: string;
}

export interface AsanaWorkspace {
  gid: string;
  name: string;
  isOrganization: boolean;
  emailDomains: string[];
}

/** One row of `GET /workspaces/{gid}/workspace_memberships`. */
export interface AsanaWorkspaceMembership {
  gid: string;
  workspaceGid: string;
  user: AsanaUser;
  isActive: boolean;
  isAdmin: boolean;
  isGuest: boolean;
  isViewOnly: boolean;
}

export interface AsanaTeam {
  gid: string;
  name: string;
  workspaceGid: string;
}

/** One row of `GET /teams/{gid}/team_memberships`. */
export interface AsanaTeamMembership {
  gid: string;
  teamGid: string;
  user: AsanaUser;
  isAdmin: boolean;
  isGuest: boolean;
  isLimitedAccess: boolean;
}

/** Asana's license values in SCIM `userType`. */
export type ScimUserType = 'enterprise' | 'view only';

export interface ScimUser {
  id: string;
  /** The email, as Asana wrote it (state/ lower-cases it). */
  userName: string;
  /** `name.formatted`, or given + family name, or '' when absent. */
  name: string;
  active: boolean;
  /** Usually a ScimUserType; kept as a string so an unexpected value is shown, not hidden. */
  userType: string;
}

/**
 * One action in `POST /batch`. Only the four membership writes are allowed: SCIM cannot be batched,
 * and all four are idempotent in Asana, which is what lets the client retry a single failed action.
 */
export interface BatchAction {
  op: 'addUserToWorkspace' | 'removeUserFromWorkspace' | 'addUserToTeam' | 'removeUserFromTeam';
  /** The workspace gid (workspace ops) or team gid (team ops). */
  targetGid: string;
  /** User gid or email. */
  user: string;
}

/** The outcome of one batch action, in the same order as the actions sent. */
export type BatchResult =
  | { ok: true; action: BatchAction; status: number }
  | { ok: false; action: BatchAction; status: number; error: AsanaApiError };

/** What the client has done so far; for progress lines, reports and tests. */
export interface ClientCounters {
  /** HTTP requests sent, by upper-case method (retries included). */
  requestsByMethod: Record<string, number>;
  /** Sum of requestsByMethod. */
  requests: number;
  /** Requests repeated after a retryable failure (429, 5xx, reset, timeout). */
  retries: number;
  /** 429 answers received. */
  rateLimited: number;
  /** Time spent waiting for the client-side limiter (requests/minute window), in ms. */
  limiterWaitMs: number;
  /** Time spent waiting out Retry-After headers, in ms. */
  retryAfterWaitMs: number;
  /** List pages read (REST and SCIM). */
  pages: number;
}

export type ClientEvent =
  | { type: 'request'; method: string; path: string }
  | { type: 'response'; method: string; path: string; status: number; ms: number }
  | { type: 'rate-wait'; ms: number; reason: 'limiter' | 'retry-after' }
  | { type: 'retry'; method: string; path: string; attempt: number; reason: string; waitMs: number }
  | { type: 'page'; list: string; count: number };

export interface ClientOptions {
  /** REST base, e.g. `https://app.asana.com/api/1.0`; SCIM lives at `<baseUrl>/scim`. */
  baseUrl: string;
  token: string;
  /** Requests per minute, sliding window. Default 1500. 0 turns the window off. */
  rateLimitPerMinute?: number;
  /** GET requests in flight at once. Default 50. */
  maxReadsInFlight?: number;
  /** POST/PUT/PATCH/DELETE requests in flight at once. Default 15. */
  maxWritesInFlight?: number;
  /** Per-request timeout. Default 30000. */
  timeoutMs?: number;
  /** Retries after the first attempt for retryable failures. Default 5. */
  maxRetries?: number;
  /** Total time a single request may spend in retry waits (backoff + Retry-After). Default 120000. */
  maxRetryTimeMs?: number;
  /** First backoff step in ms (doubled each attempt, with full jitter). Default 500. */
  retryBaseMs?: number;
  onEvent?: (e: ClientEvent) => void;
  /** Length of the rate-limit window in ms. Default 60000 (Asana's per-minute limit); tests shorten it. */
  rateWindowMs?: number;
  /** Default `asana-access/<package version>`. */
  userAgent?: string;
}
