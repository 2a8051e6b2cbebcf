import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { timeCpu } from '../../bench/cpu-time.js';
import { parseGnuTime, runMeasured } from '../../bench/measure-process.js';
import { DEFAULTS, parseBenchArgs, UsageError } from '../../bench/options.js';
import {
  type BenchResults,
  findMisses,
  type PhaseResult,
  renderTable,
  writeResults,
} from '../../bench/results.js';

const tmp = mkdtempSync(join(tmpdir(), 'bench-parts-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('parseBenchArgs', () => {
  it('defaults to the enterprise scale of issue 8', () => {
    expect(parseBenchArgs([])).toEqual(DEFAULTS);
    expect(DEFAULTS).toMatchObject({ users: 20_000, teams: 1_000, memberships: 100_000, changes: 500 });
    expect(DEFAULTS.viewOnly).toBe(0.1);
    expect(DEFAULTS.guests).toBe(0.02);
  });

  it('reads sizes, percentages and switches', () => {
    const o = parseBenchArgs([
      '--users',
      '200',
      '--view-only',
      '25',
      '--rate-limit',
      '6000',
      '--compare',
      '--no-results',
    ]);
    expect(o).toMatchObject({ users: 200, viewOnly: 0.25, rateLimit: 6000, compare: true, resultsDir: null });
    expect(parseBenchArgs(['--help'])).toBe('help');
  });

  it.each([
    [['--users', 'many'], /--users must be an integer ≥ 10, got "many"/],
    [['--guests', '120'], /--guests must be a percentage between 0 and 100/],
    [['--jitter', '50', '--latency', '10'], /--jitter must not exceed --latency/],
    [['--users', '10', '--teams', '2', '--memberships', '30'], /more than users × teams/],
    [['--frobnicate'], /Unknown option '--frobnicate'/],
    [['--team-skew', '5'], /--team-skew must be a number between 0 and 3/],
  ])('refuses %j with one clear line', (argv, message) => {
    expect(() => parseBenchArgs(argv)).toThrow(UsageError);
    expect(() => parseBenchArgs(argv)).toThrow(message);
  });
});

describe('runMeasured', () => {
  const grow = [
    '-e',
    'const a = Buffer.alloc(96 * 1024 * 1024, 1); setTimeout(() => process.exit(a[5] === 1 ? 3 : 4), 150)',
  ];

  it('reads the peak RSS, wall time and exit code of a child (GNU time when present)', async () => {
    const run = await runMeasured(process.execPath, grow, {
      env: { PATH: process.env.PATH ?? '' },
      cwd: tmp,
      timeoutMs: 20_000,
    });
    expect(run.code).toBe(3);
    expect(run.peakRssBytes).toBeGreaterThan(96 * 1024 * 1024);
    expect(run.wallMs).toBeGreaterThan(100);
    expect(existsSync('/usr/bin/time') ? run.rssMethod : 'gnu-time').toBe('gnu-time');
  });

  it('falls back to polling VmHWM', async () => {
    const run = await runMeasured(process.execPath, grow, {
      env: { PATH: process.env.PATH ?? '' },
      cwd: tmp,
      timeoutMs: 20_000,
      forcePoll: true,
    });
    expect(run.code).toBe(3);
    if (process.platform === 'linux') {
      expect(run.rssMethod).toBe('vmhwm-poll');
      expect(run.peakRssBytes).toBeGreaterThan(96 * 1024 * 1024);
    }
  });

  it('parses GNU time -v output', () => {
    const report = [
      '\tUser time (seconds): 1.25',
      '\tSystem time (seconds): 0.25',
      '\tMaximum resident set size (kbytes): 123456',
      '\tExit status: 2',
    ].join('\n');
    expect(parseGnuTime(report)).toEqual({ maxRssKb: 123456, cpuMs: 1500, exitStatus: 2 });
    expect(parseGnuTime('')).toEqual({ maxRssKb: null, cpuMs: null, exitStatus: null });
  });
});

describe('timeCpu', () => {
  it('returns the median of the runs and the last result', () => {
    let calls = 0;
    const t = timeCpu(() => {
      calls++;
      let x = 0;
      for (let i = 0; i < 200_000; i++) x += i;
      return x;
    }, 3);
    expect(calls).toBe(4);
    expect(t.runsMs).toHaveLength(3);
    expect(t.result).toBe(19_999_900_000);
    expect(t.medianMs).toBe([...t.runsMs].sort((a, b) => a - b)[1]);
  });
});

function phase(name: string, over: Partial<PhaseResult> = {}): PhaseResult {
  return {
    name,
    command: `asana-access ${name}`,
    exitCode: 0,
    requests: { measured: 1408, bound: 1408, ratio: 1 },
    requestDetail: { reads: 1408, writes: 0, batchActions: 0, byRoute: {} },
    wallMs: {
      measured: 61_000,
      bound: 56_320,
      ratio: 1.08,
      boundBy: 'rate-limit',
      boundTerms: { 'rate-limit': 56_320, concurrency: 1126, chain: 8000 },
    },
    rateLimited: 0,
    peakRssMiB: 180,
    rssMethod: 'gnu-time',
    cpuMs: 4000,
    notes: [],
    ...over,
  };
}

function results(phases: PhaseResult[]): BenchResults {
  return {
    formatVersion: 1,
    startedAt: '2026-11-28T12:00:00.000Z',
    totalMs: 400_000,
    machine: {
      cpus: 2,
      cpuModel: 'x',
      memoryGiB: 24,
      node: 'v20.20.2',
      platform: 'linux',
      loadAverage: { start: 0.5, end: 1.25 },
    },
    cliStartup: { wallMs: 450, peakRssMiB: 70 },
    git: { commit: 'abc', dirty: false },
    settings: {
      users: 20_000,
      teams: 1_000,
      memberships: 100_000,
      viewOnlyShare: 0.1,
      guestShare: 0.02,
      teamSkew: 0.5,
      changes: 500,
      rateLimitPerMinute: 1500,
      latency: { baseMs: 40, jitterMs: 20 },
      randomSeed: 1,
      compare: true,
    },
    domain: {
      users: 20_000,
      guests: 400,
      viewOnly: 1960,
      teams: 1000,
      teamMemberships: 100_000,
      workspaceMemberships: 20_000,
      scimUsers: 19_600,
    },
    changes: { grants: 200 },
    phases,
    planCpu: [
      {
        label: 'default',
        users: 20_000,
        teams: 1000,
        teamMemberships: 100_000,
        actions: 560,
        manual: 6000,
        cpuMs: 180,
        runsMs: [180],
      },
    ],
    targets: { syncRequestRatio: 1, wallRatio: 1.15, rateLimited: 0, planCpuMsAtDefault: 1000 },
    misses: [],
  };
}

describe('results', () => {
  it('finds every missed target', () => {
    const misses = findMisses({
      phases: [
        phase('sync', { requests: { measured: 1500, bound: 1408, ratio: 1.07 } }),
        phase('apply', { rateLimited: 3, exitCode: 1 }),
        phase('plan', { wallMs: { ...phase('plan').wallMs, ratio: 1.3 } }),
        phase('naive-sync', { wallMs: { ...phase('plan').wallMs, ratio: 3 }, rateLimited: 2 }),
      ],
      planCpu: [
        {
          label: 'x',
          users: 1,
          teams: 1,
          teamMemberships: 1,
          actions: 1,
          manual: 0,
          cpuMs: 1200,
          runsMs: [],
        },
      ],
    });
    expect(misses).toEqual([
      'sync: 1500 requests for a minimum of 1408 (ratio 1.07)',
      'apply: exited 1',
      'apply: 3 answers 429',
      'plan: wall time ratio 1.3 > 1.15',
      'plan CPU 1200 ms for x (target < 1000 ms)',
    ]);
  });

  it('renders every figure in the table, with the comparison', () => {
    const table = renderTable(
      results([
        phase('sync'),
        phase('naive-sync', { wallMs: { ...phase('x').wallMs, measured: 122_000 }, peakRssMiB: null }),
      ]),
    );
    expect(table).toContain('20,000 users (1,960 view-only, 400 guests)');
    expect(table).toMatch(/sync\s+1,408\s+1,408\s+1\.00\s+61\.0\s+56\.3\s+rate-limit\s+1\.08\s+0\s+180\s+0/);
    expect(table).toContain('in-process');
    expect(table).toMatch(/default\s+20,000\s+1,000\s+100,000\s+560\s+6,000\s+180/);
    expect(table).toContain('load 0.5 → 1.3; CLI start-up 0.5 s');
    expect(table).toContain('naive sequential sync 122.0 s vs asana-access 61.0 s (2.0× faster)');
    expect(table).toContain('every figure meets its target');
  });

  it('writes <date>.json and never overwrites an earlier run of the same day', () => {
    const dir = join(tmp, 'results');
    const r = results([phase('sync')]);
    const first = writeResults(dir, r, existsSync);
    const second = writeResults(dir, r, existsSync);
    expect(first.endsWith('2026-11-28.json')).toBe(true);
    expect(second.endsWith('2026-11-28-2.json')).toBe(true);
    expect(JSON.parse(readFileSync(first, 'utf8'))).toEqual(r);
  });
});
