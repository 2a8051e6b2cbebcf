// Request counters for tests and benchmarks: what reached the sandbox, by route template and outcome.

export interface SandboxStats {
  /** HTTP requests to the API (REST and SCIM; the /__sandbox control endpoints are not counted). */
  requests: number;
  /** `METHOD /template` → outcome → count. Outcomes are HTTP statuses, or `reset` / `hang` for faults. */
  byRoute: Record<string, Record<string, number>>;
  /** Outcome → count, over all HTTP requests. */
  byStatus: Record<string, number>;
  /** Actions run inside POST /batch, `METHOD /template` → status → count (not in byRoute). */
  batchActions: Record<string, Record<string, number>>;
  /** 429s from the rate limiter and in-flight caps (injected rate-limit faults are under `faults`). */
  rateLimited: number;
  /** Faults injected, by kind. */
  faults: Record<string, number>;
  /** Requests (and batch actions) that changed the state. */
  mutations: number;
  /** Most reads and writes in flight at once for a single token. */
  peakInFlight: { reads: number; writes: number };
}

export interface StatsRecorder {
  request(routeKey: string, outcome: string | number): void;
  batchAction(routeKey: string, status: number): void;
  rateLimited(): void;
  fault(kind: string): void;
  mutation(): void;
  snapshot(peak: { reads: number; writes: number }): SandboxStats;
  reset(): void;
}

export function createStats(): StatsRecorder {
  let s = empty();
  const bump = (table: Record<string, Record<string, number>>, key: string, outcome: string) => {
    const row = table[key] ?? {};
    table[key] = row;
    row[outcome] = (row[outcome] ?? 0) + 1;
  };
  return {
    request(routeKey, outcome) {
      const o = String(outcome);
      s.requests++;
      bump(s.byRoute, routeKey, o);
      s.byStatus[o] = (s.byStatus[o] ?? 0) + 1;
    },
    batchAction(routeKey, status) {
      bump(s.batchActions, routeKey, String(status));
    },
    rateLimited() {
      s.rateLimited++;
    },
    fault(kind) {
      s.faults[kind] = (s.faults[kind] ?? 0) + 1;
    },
    mutation() {
      s.mutations++;
    },
    snapshot(peak) {
      return structuredClone({ ...s, peakInFlight: peak });
    },
    reset() {
      s = empty();
    },
  };
}

function empty(): SandboxStats {
  return {
    requests: 0,
    byRoute: {},
    byStatus: {},
    batchActions: {},
    rateLimited: 0,
    faults: {},
    mutations: 0,
    peakInFlight: { reads: 0, writes: 0 },
  };
}
