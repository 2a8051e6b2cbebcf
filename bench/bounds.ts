// The bounds every measured figure is compared with: the fewest requests the Asana API allows for a
// given state, and the shortest wall time those requests can take under a rate limit, a latency and
// a concurrency cap. Pure functions of counts, so they can be checked by hand and by tests.

/** Asana's largest page (REST `limit`, SCIM `count`). */
export const PAGE_SIZE = 100;

/** Requests needed to read a list of `items`: one per page, and one even when the list is empty. */
export function pagesOf(items: number, pageSize: number = PAGE_SIZE): number {
  if (!Number.isInteger(items) || items < 0) throw new RangeError(`pagesOf: bad item count ${items}`);
  return Math.max(1, Math.ceil(items / pageSize));
}

/** The sizes of every list a full sync reads. */
export interface SyncShape {
  /** How many workspaces GET /workspaces lists. */
  workspaceCount: number;
  /** The workspaces whose members (and teams, for organizations) are read. */
  workspaces: Array<{
    members: number;
    isOrganization: boolean;
    /** Members of each team of the workspace (empty for a plain workspace). */
    teamMembers: number[];
  }>;
  /** SCIM users (non-guests), or null when SCIM is not read. */
  scimUsers: number | null;
}

export interface RequestBound {
  /** The fewest HTTP requests. */
  requests: number;
  /**
   * The longest chain of requests that must follow one another: pages of one list are sequential
   * (each page's offset comes from the previous one), and a workspace's lists need its gid first.
   */
  chain: number;
}

/**
 * The fewest requests a full sync of `shape` can make: GET /users/me, the pages of GET /workspaces,
 * and for each workspace the pages of its membership list, of its team list (organizations only)
 * and of every team's membership list, plus the pages of SCIM /Users. Nothing per user.
 */
export function minimumSyncRequests(shape: SyncShape): RequestBound {
  const workspacePages = pagesOf(shape.workspaceCount);
  let requests = 1 + workspacePages;
  let longestWorkspaceChain = 0;
  for (const ws of shape.workspaces) {
    const memberPages = pagesOf(ws.members);
    requests += memberPages;
    let teamChain = 0;
    if (ws.isOrganization) {
      const teamListPages = pagesOf(ws.teamMembers.length);
      let longestTeam = 0;
      for (const n of ws.teamMembers) {
        const p = pagesOf(n);
        requests += p;
        longestTeam = Math.max(longestTeam, p);
      }
      requests += teamListPages;
      teamChain = teamListPages + longestTeam;
    }
    longestWorkspaceChain = Math.max(longestWorkspaceChain, memberPages, teamChain);
  }
  let chain = Math.max(1, workspacePages + longestWorkspaceChain);
  if (shape.scimUsers !== null) {
    const scimPages = pagesOf(shape.scimUsers);
    requests += scimPages;
    chain = Math.max(chain, scimPages);
  }
  return { requests, chain };
}

/** The write actions of a plan, as apply must send them. */
export interface WriteShape {
  /** Membership grants/revokes and invitations: REST, batchable by 10 through POST /batch. */
  restActions: number;
  /** Account creations and license changes through SCIM: one request each, never batched. */
  scimActions: number;
  /** Levels of the plan's dependency graph (an account before its memberships, ...). */
  dependencyLevels: number;
}

export const BATCH_SIZE = 10;

/**
 * The fewest write requests: the REST actions in batches of at most 10, each SCIM action alone.
 * `rateUnits` is what the rate limit counts: every action inside a batch counts on its own.
 */
export function minimumWriteRequests(shape: WriteShape): RequestBound & { rateUnits: number } {
  const batches = Math.ceil(shape.restActions / BATCH_SIZE);
  return {
    requests: batches + shape.scimActions,
    rateUnits: shape.restActions + shape.scimActions,
    chain: shape.dependencyLevels,
  };
}

export interface PhaseTiming {
  /** Requests of this step. */
  requests: number;
  /** What the rate limit counts for this step (each action of a batch counts); default `requests`. */
  units?: number;
  /** Longest chain of requests that must follow one another. */
  chain: number;
  /** Requests allowed in flight at once for this step (50 reads, 15 writes). */
  concurrency: number;
}

export interface WallBoundInput {
  /** The steps of a run, which follow one another (e.g. re-read, then write, then verify). */
  steps: PhaseTiming[];
  /** Requests per minute; 0 = no limit. */
  rateLimitPerMinute: number;
  /** Mean latency of one request, in ms. */
  latencyMs: number;
}

export type BoundingTerm = 'rate-limit' | 'concurrency' | 'chain';

export interface WallBound {
  ms: number;
  /** Which term set the bound. */
  by: BoundingTerm;
  /** All three terms, for the report. */
  terms: Record<BoundingTerm, number>;
}

/** Asana's rate-limit window (and the sandbox's): a sliding minute. */
export const RATE_WINDOW_MS = 60_000;

/**
 * The shortest time from the first to the last of `units` requests under a sliding window of
 * `limit` requests per `windowMs`, when they may all go at once: request k (from 0) cannot go before
 * floor(k / limit) windows have passed. Below the limit it is 0: a sliding window lets a whole
 * minute's budget go at once (units ÷ rate is the pace of a steady drip, which the window does not
 * require, so it is no lower bound).
 */
export function rateWindowBoundMs(units: number, limit: number, windowMs: number = RATE_WINDOW_MS): number {
  if (limit <= 0 || units <= 0) return 0;
  return Math.floor((units - 1) / limit) * windowMs;
}

/**
 * The earliest time the k-th request (1-based) of a run can be sent, in ms from the start: steps
 * follow one another, each lasting at least its chain; within a step the requests off the chain can
 * all go at its start, and the chain's i-th request one latency after the (i-1)-th.
 */
export function earliestSendMs(steps: PhaseTiming[], k: number, latencyMs: number): number {
  let before = 0;
  let start = 0;
  for (const s of steps) {
    const units = s.units ?? s.requests;
    if (k <= before + units) {
      const offChain = Math.max(0, units - s.chain);
      return start + Math.max(0, k - before - offChain - 1) * latencyMs;
    }
    before += units;
    start += s.chain * latencyMs;
  }
  return start;
}

/**
 * The shortest wall time: the largest of
 * - the rate limit: with U requests counted and a limit of L a minute, request U goes at least m
 *   windows after request U - mL, for every m ≥ 1 (plus one latency for its answer), and request
 *   U - mL cannot go before `earliestSendMs`;
 * - concurrency: latency × requests ÷ requests in flight, summed over the steps that follow each other;
 * - the chain: latency × the longest sequence of dependent requests, summed over the steps.
 */
export function wallTimeLowerBound(input: WallBoundInput): WallBound {
  const limit = input.rateLimitPerMinute;
  const total = input.steps.reduce((n, s) => n + (s.units ?? s.requests), 0);
  let rate = 0;
  if (limit > 0 && total > limit) {
    for (let m = 1; m <= Math.floor((total - 1) / limit); m++) {
      const before = earliestSendMs(input.steps, total - m * limit, input.latencyMs);
      rate = Math.max(rate, before + m * RATE_WINDOW_MS + input.latencyMs);
    }
  }
  let concurrency = 0;
  let chain = 0;
  for (const s of input.steps) {
    concurrency += (input.latencyMs * s.requests) / Math.max(1, s.concurrency);
    chain += input.latencyMs * s.chain;
  }
  const terms: Record<BoundingTerm, number> = { 'rate-limit': rate, concurrency, chain };
  let by: BoundingTerm = 'rate-limit';
  for (const k of ['concurrency', 'chain'] as const) if (terms[k] > terms[by]) by = k;
  return { ms: terms[by], by, terms };
}

/** measured ÷ bound, rounded to 2 decimals; null when the bound is 0 (nothing to compare with). */
export function ratio(measured: number, bound: number): number | null {
  if (bound <= 0) return null;
  return Math.round((measured / bound) * 100) / 100;
}
