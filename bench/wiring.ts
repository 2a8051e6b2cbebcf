// Where the bench meets the product: the sandbox, the client, the live-state reader, the config
// loader and the plan engine, each called the way the CLI calls them. Kept in one file so the rest of
// the bench depends on small local types only.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createAsanaClient } from '../src/asana/client.js';
import { formatDiagnostic, loadDesiredState } from '../src/config/index.js';
import type { DesiredState } from '../src/model/desired.js';
import type { LiveState } from '../src/model/live.js';
import type { Plan } from '../src/model/plan.js';
import { planChanges } from '../src/plan/index.js';
import {
  generateDomain,
  type Sandbox,
  type SandboxStats,
  type Seed,
  type SeedToken,
  startSandbox,
} from '../src/sandbox/index.js';
import { fullScope, liveDigest, readLiveState } from '../src/state/index.js';
import { digestOf } from '../src/util/digest.js';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The compiled CLI, as users run it (`npm run bench` builds it first). */
export const CLI_ENTRY = `${ROOT}bin/run.js`;

export interface DomainSize {
  users: number;
  teams: number;
  memberships: number;
  /** Share of domain users with a view-only license (0..1). */
  viewOnly: number;
  /** Share of accounts that are guests (0..1). */
  guests: number;
  /** Team t holds a share ∝ 1 / (t + 1)^teamSkew. */
  teamSkew: number;
  randomSeed: number;
  /** Names of extra service-account tokens to add (each its own identity, its own rate window). */
  tokens: string[];
}

/** First gid of the bench's own service accounts: a range the generator leaves free. */
const BENCH_TOKEN_GID = 1300000000000010n;

/** The sandbox's generated domain, with one service-account token per name in `size.tokens`. */
export function generateDomainSeed(size: DomainSize): Seed {
  const seed = generateDomain({
    users: size.users,
    teams: size.teams,
    teamMemberships: size.memberships,
    viewOnlyRatio: size.viewOnly,
    guestRatio: size.guests,
    teamSizeSkew: size.teamSkew,
    seed: size.randomSeed,
  });
  const extra: SeedToken[] = size.tokens.map((name, i) => ({
    name,
    value: `${name}-token`,
    kind: 'service-account',
    gid: (BENCH_TOKEN_GID + BigInt(i)).toString(),
    email: `${name}@${seed.workspaces[0]?.emailDomains?.[0] ?? 'bench.example'}`,
    displayName: name,
  }));
  return { ...seed, tokens: [...seed.tokens, ...extra] };
}

/** Loads the written config as the CLI does; any error is the bench's own bug and stops it. */
export async function loadConfig(dir: string): Promise<DesiredState> {
  const loaded = await loadDesiredState(dir);
  if (!loaded.ok) {
    const first = loaded.diagnostics.slice(0, 5).map((d) => formatDiagnostic(d));
    throw new Error(`the bench's config does not load:\n  ${first.join('\n  ')}`);
  }
  return loaded.state;
}

/** Reads the full live state in this process, with the client's limiter off (the sandbox has none). */
export async function readLiveInProcess(apiBaseUrl: string, token: string): Promise<LiveState> {
  const client = createAsanaClient({ baseUrl: apiBaseUrl, token, rateLimitPerMinute: 0 });
  return readLiveState(client, fullScope(true));
}

/**
 * planChanges as `asana-access plan` calls it. The digests are computed once, outside the returned
 * function, so timing it times the engine alone. A plan with problems is an error for the bench.
 */
export function plannerFor(desired: DesiredState, live: LiveState, baseUrl: string): () => Plan {
  const options = {
    toolVersion: 'bench',
    createdAt: '2026-01-01T00:00:00.000Z',
    configDigest: digestOf(desired),
    liveDigest: liveDigest(live),
    baseUrl,
  };
  return () => {
    const result = planChanges(desired, live, options);
    if (result.problems.length > 0) {
      throw new Error(
        `the bench's plan has problems:\n  ${result.problems
          .slice(0, 5)
          .map((p) => p.message)
          .join('\n  ')}`,
      );
    }
    return result.plan;
  };
}

/** The commit the bench ran on, and whether the tree had changes. */
export function gitState(root: string): { commit: string | null; dirty: boolean | null } {
  try {
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
    const status = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], {
      cwd: root,
      encoding: 'utf8',
    });
    return { commit, dirty: status.trim() !== '' };
  } catch {
    return { commit: null, dirty: null };
  }
}

/** What one phase cost, from the sandbox's own counters. */
export interface RequestCounts {
  /** HTTP requests received (429s included: Asana counts refused requests too). */
  total: number;
  reads: number;
  writes: number;
  /** Actions inside POST /batch requests. */
  batchActions: number;
  rateLimited: number;
  /** What the rate limit counted: every request, and every action inside a batch instead of the batch. */
  rateUnits: number;
  /** `METHOD /template` → requests (429s included), for seeing where requests went. */
  byRoute: Record<string, number>;
}

export function requestCountsOf(stats: SandboxStats): RequestCounts {
  let reads = 0;
  let batches = 0;
  const byRoute: Record<string, number> = {};
  for (const [route, outcomes] of Object.entries(stats.byRoute)) {
    const n = Object.values(outcomes).reduce((a, b) => a + b, 0);
    byRoute[route] = n;
    if (route.startsWith('GET ')) reads += n;
    if (route === 'POST /batch') batches += n;
  }
  let batchActions = 0;
  for (const outcomes of Object.values(stats.batchActions)) {
    batchActions += Object.values(outcomes).reduce((a, b) => a + b, 0);
  }
  return {
    total: stats.requests,
    reads,
    writes: stats.requests - reads,
    batchActions,
    rateLimited: stats.rateLimited,
    rateUnits: stats.requests - batches + batchActions,
    byRoute,
  };
}

export interface BenchSandboxOptions {
  seed: Seed;
  rateLimitPerMinute: number;
  /** Mean latency and the ± spread around it. */
  latency: { meanMs: number; spreadMs: number };
  randomSeed?: number;
}

/** The measured sandbox, in this process (the CLI under test is a separate process). */
export interface BenchSandbox {
  readonly apiBaseUrl: string;
  resetStats(): void;
  requestCounts(): RequestCounts;
  /** The current domain as a seed, with every gid (token values hidden). */
  stateDump(): Seed;
  /**
   * Starts a fresh sandbox on the same port from the current state: the per-token rate windows are
   * empty again, as they are when `apply` runs long after `plan` (the usual CI flow).
   */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startBenchSandbox(options: BenchSandboxOptions): Promise<BenchSandbox> {
  // The sandbox's latency is base + uniform(0..jitter): mean ± spread is base = mean - spread, jitter = 2 × spread.
  const latency = {
    baseMs: options.latency.meanMs - options.latency.spreadMs,
    jitterMs: 2 * options.latency.spreadMs,
  };
  const tokenValues = new Map(options.seed.tokens.map((t) => [t.name, t.value]));
  const start = (seed: Seed, port: number): Promise<Sandbox> =>
    startSandbox({
      seed,
      port,
      rateLimitPerMinute: options.rateLimitPerMinute,
      latency,
      randomSeed: options.randomSeed ?? 1,
    });
  let sandbox = await start(options.seed, 0);
  const port = Number(new URL(sandbox.url).port);
  return {
    apiBaseUrl: sandbox.apiBaseUrl,
    resetStats: () => sandbox.resetStats(),
    requestCounts: () => requestCountsOf(sandbox.stats()),
    stateDump: () => sandbox.state(),
    async restart() {
      const dump = sandbox.state();
      const seed: Seed = {
        ...dump,
        tokens: dump.tokens.map((t) => ({ ...t, value: tokenValues.get(t.name) ?? t.value })),
      };
      await sandbox.close();
      sandbox = await start(seed, port);
    },
    close: () => sandbox.close(),
  };
}
