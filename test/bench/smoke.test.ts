// The bench end to end at a tiny size: CI proves that `npm run bench` still runs and fills every
// figure (the compiled CLI comes from the global setup's build).
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBench } from '../../bench/bench.js';
import { DEFAULTS } from '../../bench/options.js';
import { renderTable, writeResults } from '../../bench/results.js';

const tmp = mkdtempSync(join(tmpdir(), 'bench-smoke-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('bench smoke', () => {
  it('runs sync, naive sync, plan and apply against the sandbox and fills every figure', async () => {
    const log: string[] = [];
    const results = await runBench(
      {
        ...DEFAULTS,
        users: 300,
        teams: 12,
        memberships: 900,
        changes: 30,
        rateLimit: 6000,
        latencyMs: 4,
        jitterMs: 2,
        compare: true,
        largeUsers: 600,
        largeTeams: 20,
        largeMemberships: 2000,
        resultsDir: null,
      },
      (line) => log.push(line),
    );
    expect(results.phases.map((p) => p.name)).toEqual(['sync', 'naive-sync', 'plan', 'apply']);
    for (const p of results.phases) {
      expect([0, 2], `${p.name} exit code; log:\n${log.join('\n')}`).toContain(p.exitCode);
      expect(p.rateLimited).toBe(0);
      expect(p.requests.measured).toBeGreaterThan(0);
      expect(p.wallMs.measured).toBeGreaterThan(0);
      expect(p.wallMs.bound).toBeGreaterThan(0);
    }
    const byName = Object.fromEntries(results.phases.map((p) => [p.name, p]));
    // The sync makes exactly the minimum number of requests, as does the naive reader.
    expect(byName.sync!.requests.ratio).toBe(1);
    expect(byName['naive-sync']!.requests.ratio).toBe(1);
    expect(byName.sync!.peakRssMiB).toBeGreaterThan(20);
    expect(byName.apply!.requestDetail.writes).toBeGreaterThan(0);
    expect(results.changes.planActions).toBeGreaterThan(0);
    expect(results.changes.actionsLeftAfterApply).toBe(0);
    // The config declares the roles the domain holds: neither the CLI's plan nor the in-process ones
    // list a manual item.
    expect(results.changes.planManual).toBe(0);
    expect(results.planCpu.map((c) => c.manual)).toEqual([0, 0]);
    expect(results.planCpu).toHaveLength(2);
    expect(results.planCpu[1]!.users).toBe(600);

    const table = renderTable(results);
    for (const name of ['sync', 'naive-sync', 'plan', 'apply', 'plan CPU', 'compare:'])
      expect(table).toContain(name);
    const file = writeResults(join(tmp, 'results'), results, existsSync);
    expect(JSON.parse(readFileSync(file, 'utf8')).phases).toHaveLength(4);
  });
});
