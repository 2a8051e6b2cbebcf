// The bench: generate the domain and the desired config, start the sandbox with latency and a rate
// limit, run the real CLI for sync (export), plan and apply as separate processes, and compare
// every figure with its bound. `runBench` is what `npm run bench` and the smoke test both call.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { scopeOfActions } from '../src/apply/plan-scope.js';
import type { Plan } from '../src/model/plan.js';
import type { ReadScope } from '../src/state/scope.js';
import {
  minimumSyncRequests,
  minimumWriteRequests,
  type PhaseTiming,
  ratio,
  type SyncShape,
  wallTimeLowerBound,
} from './bounds.js';
import { chooseChanges } from './changes.js';
import { writeDesiredConfig } from './config-writer.js';
import { type DomainView, domainCounts, domainFromSeed } from './domain.js';
import { runMeasured } from './measure-process.js';
import { naiveSync } from './naive-sync.js';
import type { BenchOptions } from './options.js';
import { type ChildTiming, saveStates, timePlans } from './plan-cpu.js';
import { seededRandom } from './prng.js';
import {
  type BenchResults,
  findMisses,
  type PhaseResult,
  type PlanCpuResult,
  RESULTS_FORMAT_VERSION,
  TARGETS,
} from './results.js';
import { liveStateOf } from './states.js';
import {
  type BenchSandbox,
  CLI_ENTRY,
  generateDomainSeed,
  gitState,
  loadConfig,
  plannerFor,
  type RequestCounts,
  ROOT,
  readLiveInProcess,
  startBenchSandbox,
} from './wiring.js';

/** Requests in flight the client allows (Asana's caps). */
const READ_CONCURRENCY = 50;
/** Timed runs of planChanges (after one warm-up); the median is reported. */
const PLAN_CPU_RUNS = 5;
const WRITE_CONCURRENCY = 15;

export type Log = (line: string) => void;

/** What a phase's figures are compared with. */
interface PhaseBound {
  requests: number;
  /** The minimum work, step by step; the wall-time bound is computed from it. */
  steps: PhaseTiming[];
  notes: string[];
}

/** The tokens of the bench's seed: one per measured process, so no phase inherits another's rate window. */
export const BENCH_TOKENS = {
  sync: 'bench-sync-service-account',
  naive: 'bench-naive-service-account',
  plan: 'bench-plan-service-account',
  inProcess: 'bench-inprocess-service-account',
} as const;

export async function runBench(opts: BenchOptions, log: Log): Promise<BenchResults> {
  const started = Date.now();
  const startedAt = new Date(started).toISOString();
  const elapsed = (): string => `${((Date.now() - started) / 1000).toFixed(1)}s`;
  const step = (msg: string): void => log(`[bench ${elapsed()}] ${msg}`);
  const work = mkdtempSync(join(tmpdir(), 'asana-access-bench-'));
  const loadAtStart = loadavg()[0] ?? 0;
  const sandboxes: BenchSandbox[] = [];
  try {
    step(
      `generating ${opts.users} users, ${opts.teams} teams, ${opts.memberships} team memberships (seed ${opts.randomSeed})`,
    );
    const seed = generateDomainSeed({
      users: opts.users,
      teams: opts.teams,
      memberships: opts.memberships,
      viewOnly: opts.viewOnly,
      guests: opts.guests,
      teamSkew: opts.teamSkew,
      randomSeed: opts.randomSeed,
      tokens: Object.values(BENCH_TOKENS),
    });

    step(
      `starting the sandbox: ${opts.rateLimit || 'no'} requests/min, latency ${opts.latencyMs}±${opts.jitterMs} ms`,
    );
    const sandbox = await startBenchSandbox({
      seed,
      rateLimitPerMinute: opts.rateLimit,
      latency: { meanMs: opts.latencyMs, spreadMs: opts.jitterMs },
      randomSeed: opts.randomSeed,
    });
    sandboxes.push(sandbox);
    // The state dump has every gid the sandbox assigned: the domain view is read from it.
    const dump = sandbox.stateDump();
    const domain = domainFromSeed(dump, BENCH_TOKENS.plan);
    const counts = domainCounts(domain);
    const changes = chooseChanges(domain, opts.changes, seededRandom(opts.randomSeed + 1));
    const configDir = join(work, 'config');
    const config = writeDesiredConfig(configDir, domain, changes);
    step(
      `config: ${config.files.length} files, ${(config.bytes / 1024 / 1024).toFixed(1)} MiB; changes: ` +
        Object.entries(changes.counts)
          .map(([k, v]) => `${v} ${k}`)
          .join(', '),
    );

    // Plan CPU on the state the sync reads: a second sandbox with the same state but no latency and
    // no limit gives the same LiveState in seconds (the measured sandbox's budget stays untouched).
    step('plan CPU at the bench size: reading the live state in-process, loading the config');
    const quick = await startBenchSandbox({
      seed,
      rateLimitPerMinute: 0,
      latency: { meanMs: 0, spreadMs: 0 },
    });
    sandboxes.push(quick);
    const token = (name: string): string => {
      const t = seed.tokens.find((x) => x.name === name);
      if (!t) throw new Error(`the generated seed lacks the token ${name}`);
      return t.value;
    };
    const live = await readLiveInProcess(quick.apiBaseUrl, token(BENCH_TOKENS.inProcess));
    await quick.close();
    sandboxes.pop();
    const desired = await loadConfig(configDir);
    // Timed at the end, in a child process of its own (bench/plan-cpu-child.ts).
    const syncedStates = saveStates(work, 'synced-states', desired, live);

    const env = (tokenName: string): Record<string, string> => ({
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? work,
      ASANA_BASE_URL: sandbox.apiBaseUrl,
      ASANA_TOKEN: token(tokenName),
      NO_COLOR: '1',
      CI: 'true',
    });
    const version = await runMeasured(process.execPath, [CLI_ENTRY, '--version'], {
      env: env(BENCH_TOKENS.sync),
      cwd: work,
      timeoutMs: 60_000,
    });
    const startup = { wallMs: Math.round(version.wallMs), peakRssMiB: mib(version.peakRssBytes) };
    step(`CLI start-up (asana-access --version): ${startup.wallMs} ms`);
    const syncShape = shapeOf(domain);
    const syncMin = minimumSyncRequests(syncShape);
    const readTiming: PhaseTiming = {
      requests: syncMin.requests,
      chain: syncMin.chain,
      concurrency: READ_CONCURRENCY,
    };
    const rate = String(opts.rateLimit);
    const phases: PhaseResult[] = [];

    const cliPhase = async (
      name: string,
      args: string[],
      tokenName: string,
      bound: (c: RequestCounts) => Promise<PhaseBound>,
    ): Promise<PhaseResult> => {
      step(`${name}: asana-access ${args.join(' ')}`);
      sandbox.resetStats();
      const run = await runMeasured(process.execPath, [CLI_ENTRY, ...args], {
        env: env(tokenName),
        cwd: work,
        timeoutMs: 20 * 60_000,
      });
      const c = sandbox.requestCounts();
      if (run.code !== 0 && run.code !== 2) {
        log(run.stderr.trim().split('\n').slice(-15).join('\n'));
      }
      const b = await bound(c);
      const wall = wallTimeLowerBound({
        steps: b.steps,
        rateLimitPerMinute: opts.rateLimit,
        latencyMs: opts.latencyMs,
      });
      const result: PhaseResult = {
        name,
        command: `asana-access ${args.join(' ')}`,
        exitCode: run.code,
        requests: { measured: c.total, bound: b.requests, ratio: ratio(c.total, b.requests) },
        requestDetail: { reads: c.reads, writes: c.writes, batchActions: c.batchActions, byRoute: c.byRoute },
        wallMs: {
          measured: Math.round(run.wallMs),
          bound: Math.round(wall.ms),
          ratio: ratio(run.wallMs, wall.ms),
          boundBy: wall.by,
          boundTerms: roundTerms(wall.terms),
        },
        rateLimited: c.rateLimited,
        peakRssMiB: mib(run.peakRssBytes),
        rssMethod: run.rssMethod,
        cpuMs: run.cpuMs,
        notes: b.notes,
      };
      step(
        `${name}: exit ${run.code}, ${c.total} requests (min ${b.requests}), ${(run.wallMs / 1000).toFixed(1)} s ` +
          `(bound ${(wall.ms / 1000).toFixed(1)} s by ${wall.by}), ${c.rateLimited} × 429, ` +
          `RSS ${result.peakRssMiB ?? '?'} MiB`,
      );
      return result;
    };

    const readBound = async (_c: RequestCounts) => ({
      requests: syncMin.requests,
      steps: [readTiming],
      notes: [`minimum = /users/me + pages of every list (see docs/performance.md)`],
    });

    phases.push(
      await cliPhase(
        'sync',
        ['export', '--scim', '--out', join(work, 'export'), '--rate-limit', rate, '--quiet'],
        BENCH_TOKENS.sync,
        readBound,
      ),
    );

    if (opts.compare) {
      step('naive-sync: plain fetch, sequential, no limiter');
      sandbox.resetStats();
      const naive = await naiveSync(sandbox.apiBaseUrl, token(BENCH_TOKENS.naive));
      const c = sandbox.requestCounts();
      const wall = wallTimeLowerBound({
        steps: [readTiming],
        rateLimitPerMinute: opts.rateLimit,
        latencyMs: opts.latencyMs,
      });
      phases.push({
        name: 'naive-sync',
        command: 'bench/naive-sync.ts (in-process, plain fetch)',
        exitCode: 0,
        requests: { measured: c.total, bound: syncMin.requests, ratio: ratio(c.total, syncMin.requests) },
        requestDetail: { reads: c.reads, writes: c.writes, batchActions: c.batchActions, byRoute: c.byRoute },
        wallMs: {
          measured: Math.round(naive.wallMs),
          bound: Math.round(wall.ms),
          ratio: ratio(naive.wallMs, wall.ms),
          boundBy: wall.by,
          boundTerms: roundTerms(wall.terms),
        },
        rateLimited: c.rateLimited,
        peakRssMiB: null,
        rssMethod: 'in-process',
        cpuMs: null,
        notes: [`read ${JSON.stringify(naive.rows)}`],
      });
      step(`naive-sync: ${c.total} requests, ${(naive.wallMs / 1000).toFixed(1)} s, ${c.rateLimited} × 429`);
    }

    const planFile = join(work, 'plan.json');
    phases.push(
      await cliPhase(
        'plan',
        ['plan', configDir, '--out', planFile, '--rate-limit', rate, '--detailed-exitcode'],
        BENCH_TOKENS.plan,
        readBound,
      ),
    );

    const planPhase = phases[phases.length - 1]!;
    if (planPhase.exitCode !== 2) {
      // With --detailed-exitcode, 2 means "changes": anything else means there is no plan to apply.
      throw new Error(
        `asana-access plan exited ${planPhase.exitCode} instead of 2 (changes); see its stderr above`,
      );
    }
    const plan = JSON.parse(readFileSync(planFile, 'utf8')) as Plan;
    const writes = writeShapeOf(plan);
    const writeMin = minimumWriteRequests(writes);
    // The sandbox's window for this token still holds the plan's requests, and apply must use the
    // same identity (a saved plan names it). In CI, apply runs on merge, long after plan: a restart
    // on the same port, from the same state, gives it that empty window.
    await sandbox.restart();
    const applyScope = scopeOfActions(plan.actions);
    const preRead = minimumSyncRequests(shapeForScope(domain, applyScope));
    let after: DomainView = domain;
    const applyPhase = await cliPhase(
      'apply',
      ['apply', planFile, '--journal', join(work, 'journal.jsonl'), '--rate-limit', rate],
      BENCH_TOKENS.plan,
      async () => {
        // Verification reads the same scope after the writes: its lists have their new lengths.
        after = domainFromSeed(sandbox.stateDump(), BENCH_TOKENS.plan);
        const verifyRead = minimumSyncRequests(shapeForScope(after, applyScope));
        return {
          requests: preRead.requests + writeMin.requests + verifyRead.requests,
          steps: [
            { requests: preRead.requests, chain: preRead.chain, concurrency: READ_CONCURRENCY },
            {
              requests: writeMin.requests,
              units: writeMin.rateUnits,
              chain: writeMin.chain,
              concurrency: WRITE_CONCURRENCY,
            },
            { requests: verifyRead.requests, chain: verifyRead.chain, concurrency: READ_CONCURRENCY },
          ],
          notes: [
            `${plan.actions.length} actions: ${writes.restActions} REST (batched by 10), ${writes.scimActions} SCIM, ` +
              `${writes.dependencyLevels} dependency levels; minimum ${writeMin.requests} writes`,
            `minimum reads: the lists of the scope the plan touches, read twice (preconditions ${preRead.requests}, ` +
              `verification ${verifyRead.requests})`,
          ],
        };
      },
    );
    phases.push(applyPhase);

    // Apply must have converged: the sandbox's state now plans to zero actions.
    const remaining = plannerFor(desired, liveStateOf(after), sandbox.apiBaseUrl)().actions.length;
    step(`after apply, a new plan has ${remaining} actions`);
    await sandbox.close();
    sandboxes.pop();

    step(
      `plan CPU at ${opts.largeUsers} users / ${opts.largeTeams} teams / ${opts.largeMemberships} memberships`,
    );
    const [synced, large] = await timePlans(work, [
      { kind: 'states', file: syncedStates, runs: PLAN_CPU_RUNS },
      {
        kind: 'generate',
        runs: PLAN_CPU_RUNS,
        request: {
          size: {
            users: opts.largeUsers,
            teams: opts.largeTeams,
            memberships: opts.largeMemberships,
            viewOnly: opts.viewOnly,
            guests: opts.guests,
            teamSkew: opts.teamSkew,
            randomSeed: opts.randomSeed,
            tokens: [BENCH_TOKENS.plan],
          },
          token: BENCH_TOKENS.plan,
          changes: opts.changes,
        },
      },
    ]);
    const planCpu: PlanCpuResult[] = [
      {
        label: 'bench domain (synced)',
        users: counts.users,
        teams: counts.teams,
        teamMemberships: counts.teamMemberships,
        ...cpuOf(synced!),
      },
      {
        label: 'large (built in-process)',
        users: opts.largeUsers,
        teams: opts.largeTeams,
        teamMemberships: opts.largeMemberships,
        ...cpuOf(large!),
      },
    ];
    step(
      `plan CPU: ${planCpu.map((c) => `${c.cpuMs} ms (${c.users} users, ${c.actions} actions)`).join('; ')}`,
    );

    const results: BenchResults = {
      formatVersion: RESULTS_FORMAT_VERSION,
      startedAt,
      totalMs: Date.now() - started,
      machine: {
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model ?? 'unknown',
        memoryGiB: Math.round(totalmem() / 1024 ** 3),
        node: process.version,
        platform: `${process.platform}-${process.arch}`,
        loadAverage: { start: loadAtStart, end: loadavg()[0] ?? 0 },
      },
      cliStartup: startup,
      git: gitState(ROOT),
      settings: {
        users: opts.users,
        teams: opts.teams,
        memberships: opts.memberships,
        viewOnlyShare: opts.viewOnly,
        guestShare: opts.guests,
        teamSkew: opts.teamSkew,
        changes: opts.changes,
        rateLimitPerMinute: opts.rateLimit,
        latency: { baseMs: opts.latencyMs, jitterMs: opts.jitterMs },
        randomSeed: opts.randomSeed,
        compare: opts.compare,
      },
      domain: counts,
      changes: {
        ...changes.counts,
        planActions: plan.actions.length,
        // The config declares the roles Asana holds, so the CLI's plan should list no manual item.
        planManual: plan.manual.length,
        actionsLeftAfterApply: remaining,
      },
      phases,
      planCpu,
      targets: TARGETS,
      misses: [],
    };
    results.misses = findMisses(results);
    if (remaining !== 0) results.misses.push(`apply: a new plan still has ${remaining} actions`);
    return results;
  } finally {
    for (const s of sandboxes.reverse()) await s.close().catch(() => undefined);
    if (!opts.keep) rmSync(work, { recursive: true, force: true });
    else log(`kept ${work}`);
  }
}

function mib(bytes: number | null): number | null {
  return bytes === null ? null : Math.round((bytes / 1024 / 1024) * 10) / 10;
}

function roundTerms<K extends string>(terms: Record<K, number>): Record<K, number> {
  const out = {} as Record<K, number>;
  for (const k of Object.keys(terms) as K[]) out[k] = Math.round(terms[k]);
  return out;
}

/** The lists a full sync of the domain reads. */
export function shapeOf(d: DomainView): SyncShape {
  return shapeForScope(d, { workspaces: 'all', teams: 'all', scim: true });
}

/** The lists a read of `scope` (workspace and team refs are gids or names) must page through. */
export function shapeForScope(d: DomainView, scope: ReadScope): SyncShape {
  const orgInScope =
    scope.workspaces === 'all' || scope.workspaces.some((r) => r === d.org.gid || r === d.org.name);
  const teamRefs = scope.teams === 'all' ? null : new Set(scope.teams.map((t) => t.team));
  const teams = d.teams.filter((t) => teamRefs === null || teamRefs.has(t.gid) || teamRefs.has(t.name));
  return {
    workspaceCount: 1,
    workspaces: orgInScope
      ? [
          {
            members: d.orgMembers.length,
            isOrganization: true,
            teamMembers: teams.map((t) => t.members.length),
          },
        ]
      : [],
    scimUsers: scope.scim ? d.users.filter((u) => !u.guest).length : null,
  };
}

/** REST vs SCIM actions and the depth of the dependency graph. */
export function writeShapeOf(plan: Pick<Plan, 'actions'>): {
  restActions: number;
  scimActions: number;
  dependencyLevels: number;
} {
  let restActions = 0;
  let scimActions = 0;
  const level = new Map<string, number>();
  // Actions come dependencies-first, so one pass gives every level.
  for (const a of plan.actions) {
    const scim = a.kind === 'create-account' ? a.via === 'scim' : a.target.type === 'license';
    if (scim) scimActions++;
    else restActions++;
    level.set(a.id, 1 + Math.max(0, ...a.dependsOn.map((d) => level.get(d) ?? 0)));
  }
  return { restActions, scimActions, dependencyLevels: Math.max(0, ...level.values()) };
}

function cpuOf(t: ChildTiming): Pick<PlanCpuResult, 'actions' | 'manual' | 'cpuMs' | 'runsMs'> {
  return { actions: t.actions, manual: t.manual, cpuMs: t.medianMs, runsMs: t.runsMs };
}
