// The bench's flags. Defaults are the enterprise scale of issue 8; every size can be changed so the
// smoke test can run the same harness in seconds.
import { parseArgs } from 'node:util';

export interface BenchOptions {
  users: number;
  teams: number;
  memberships: number;
  /** Share of users with a view-only license (0..1). */
  viewOnly: number;
  /** Share of users who are guests (0..1). */
  guests: number;
  /** Uneven team sizes: team t holds a share ∝ 1 / (t + 1)^skew (0 = all equal). */
  teamSkew: number;
  /** Differences between the sandbox seed and the desired config. */
  changes: number;
  /** The sandbox's limit and the CLI's --rate-limit, requests per minute per token. */
  rateLimit: number;
  latencyMs: number;
  jitterMs: number;
  randomSeed: number;
  /** Also run the naive sequential sync. */
  compare: boolean;
  /** The large in-process plan CPU case. */
  largeUsers: number;
  largeTeams: number;
  largeMemberships: number;
  /** Where results/<date>.json goes; null = do not write. */
  resultsDir: string | null;
  /** Keep the temporary folder (seed, config, plan, journal) for inspection. */
  keep: boolean;
  quiet: boolean;
}

export const DEFAULTS: BenchOptions = {
  users: 20_000,
  teams: 1_000,
  memberships: 100_000,
  viewOnly: 0.1,
  guests: 0.02,
  teamSkew: 0.5,
  changes: 500,
  rateLimit: 1_500,
  latencyMs: 40,
  jitterMs: 20,
  randomSeed: 1,
  compare: false,
  largeUsers: 50_000,
  largeTeams: 2_000,
  largeMemberships: 200_000,
  resultsDir: 'bench/results',
  keep: false,
  quiet: false,
};

export const USAGE = `npm run bench -- [flags]

  --users N              users in the synthetic domain (default ${DEFAULTS.users})
  --teams N              teams (default ${DEFAULTS.teams})
  --memberships N        team memberships (default ${DEFAULTS.memberships})
  --view-only PCT        percent of users with a view-only license (default ${DEFAULTS.viewOnly * 100})
  --guests PCT           percent of users who are guests (default ${DEFAULTS.guests * 100})
  --team-skew X          uneven team sizes, team t ∝ 1/(t+1)^X; 0 = equal (default ${DEFAULTS.teamSkew})
  --changes N            differences between Asana and the config (default ${DEFAULTS.changes})
  --rate-limit N         requests/minute: the sandbox's limit AND the CLI's --rate-limit (default ${DEFAULTS.rateLimit})
  --latency MS           sandbox latency (default ${DEFAULTS.latencyMs})
  --jitter MS            sandbox latency jitter, ± (default ${DEFAULTS.jitterMs})
  --seed N               random seed of the domain, the changes and the latency (default ${DEFAULTS.randomSeed})
  --compare              also run a naive sequential sync (plain fetch, no limiter) for comparison
  --large-users N        plan CPU case, users (default ${DEFAULTS.largeUsers})
  --large-teams N        plan CPU case, teams (default ${DEFAULTS.largeTeams})
  --large-memberships N  plan CPU case, team memberships (default ${DEFAULTS.largeMemberships})
  --results DIR          where <date>.json is written (default ${DEFAULTS.resultsDir}); --no-results to skip
  --keep                 keep the temporary folder (seed, config, plan, journal)
  --quiet                print only the table
  --help`;

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Parses argv (without node and the script). Throws UsageError with one clear line on bad input. */
export function parseBenchArgs(argv: string[]): BenchOptions | 'help' {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const v = parsed.values;
  if (v.help) return 'help';
  const int = (name: string, raw: string | undefined, def: number, min: number): number => {
    if (raw === undefined) return def;
    if (!/^\d+$/.test(raw) || Number(raw) < min)
      throw new UsageError(`--${name} must be an integer ≥ ${min}, got "${raw}"`);
    return Number(raw);
  };
  const pct = (name: string, raw: string | undefined, def: number): number => {
    if (raw === undefined) return def;
    const n = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(n) || n < 0 || n > 100) {
      throw new UsageError(`--${name} must be a percentage between 0 and 100, got "${raw}"`);
    }
    return n / 100;
  };
  const num = (name: string, raw: string | undefined, def: number, min: number, max: number): number => {
    if (raw === undefined) return def;
    const n = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(n) || n < min || n > max) {
      throw new UsageError(`--${name} must be a number between ${min} and ${max}, got "${raw}"`);
    }
    return n;
  };
  const opts: BenchOptions = {
    users: int('users', v.users, DEFAULTS.users, 10),
    teams: int('teams', v.teams, DEFAULTS.teams, 1),
    memberships: int('memberships', v.memberships, DEFAULTS.memberships, 0),
    viewOnly: pct('view-only', v['view-only'], DEFAULTS.viewOnly),
    guests: pct('guests', v.guests, DEFAULTS.guests),
    teamSkew: num('team-skew', v['team-skew'], DEFAULTS.teamSkew, 0, 3),
    changes: int('changes', v.changes, DEFAULTS.changes, 0),
    rateLimit: int('rate-limit', v['rate-limit'], DEFAULTS.rateLimit, 0),
    latencyMs: int('latency', v.latency, DEFAULTS.latencyMs, 0),
    jitterMs: int('jitter', v.jitter, DEFAULTS.jitterMs, 0),
    randomSeed: int('seed', v.seed, DEFAULTS.randomSeed, 0),
    compare: v.compare ?? false,
    largeUsers: int('large-users', v['large-users'], DEFAULTS.largeUsers, 10),
    largeTeams: int('large-teams', v['large-teams'], DEFAULTS.largeTeams, 1),
    largeMemberships: int('large-memberships', v['large-memberships'], DEFAULTS.largeMemberships, 0),
    resultsDir: v['no-results'] ? null : (v.results ?? DEFAULTS.resultsDir),
    keep: v.keep ?? false,
    quiet: v.quiet ?? false,
  };
  if (opts.jitterMs > opts.latencyMs) throw new UsageError('--jitter must not exceed --latency');
  if (opts.viewOnly + opts.guests > 1) throw new UsageError('--view-only and --guests together exceed 100%');
  if (opts.memberships > opts.users * opts.teams) {
    throw new UsageError(`--memberships ${opts.memberships} is more than users × teams`);
  }
  if (opts.largeMemberships > opts.largeUsers * opts.largeTeams) {
    throw new UsageError(`--large-memberships ${opts.largeMemberships} is more than users × teams`);
  }
  return opts;
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      users: { type: 'string' },
      teams: { type: 'string' },
      memberships: { type: 'string' },
      'view-only': { type: 'string' },
      guests: { type: 'string' },
      'team-skew': { type: 'string' },
      changes: { type: 'string' },
      'rate-limit': { type: 'string' },
      latency: { type: 'string' },
      jitter: { type: 'string' },
      seed: { type: 'string' },
      compare: { type: 'boolean' },
      'large-users': { type: 'string' },
      'large-teams': { type: 'string' },
      'large-memberships': { type: 'string' },
      results: { type: 'string' },
      'no-results': { type: 'boolean' },
      keep: { type: 'boolean' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
