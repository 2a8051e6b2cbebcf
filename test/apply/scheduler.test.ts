// The scheduler alone, with fake performers: order, concurrency, failures, skips, stops.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ActionOutcome, PerformOutcome } from '../../src/apply/outcome.js';
import { checkGraph, GraphError, type GraphNode, runSchedule } from '../../src/apply/scheduler.js';

const node = (id: string, ...dependsOn: string[]): GraphNode => ({ id, dependsOn });
const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

/** A performer that records start/finish order and fails the ids it is told to. */
function fakePerformer(fail: Set<string> = new Set(), delayMs = 1) {
  const started: string[] = [];
  const finished: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const perform = async (n: GraphNode): Promise<PerformOutcome> => {
    started.push(n.id);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    await tick(delayMs);
    inFlight--;
    finished.push(n.id);
    return fail.has(n.id) ? { status: 'failed', message: `boom ${n.id}` } : { status: 'applied' };
  };
  return { perform, started, finished, maxInFlight: () => maxInFlight };
}

describe('checkGraph', () => {
  it('accepts a DAG', () => {
    expect(() => checkGraph([node('a'), node('b', 'a'), node('c', 'a', 'b')])).not.toThrow();
  });
  it('refuses duplicates, unknown dependencies, self-loops and cycles', () => {
    expect(() => checkGraph([node('a'), node('a')])).toThrow(/"a" appears twice/);
    expect(() => checkGraph([node('a', 'zz')])).toThrow(/depends on "zz", which is not in the plan/);
    expect(() => checkGraph([node('a', 'a')])).toThrow(/depends on itself/);
    expect(() => checkGraph([node('a', 'c'), node('b', 'a'), node('c', 'b'), node('d')])).toThrow(GraphError);
    expect(() => checkGraph([node('a', 'c'), node('b', 'a'), node('c', 'b')])).toThrow(
      /cycle among: a, b, c/,
    );
  });
});

describe('runSchedule', () => {
  it('runs every node once, dependencies first, in list order when free', async () => {
    const f = fakePerformer();
    const nodes = [node('a'), node('b'), node('c', 'a'), node('d', 'c', 'b')];
    const r = await runSchedule(nodes, f.perform, { concurrency: 1 });
    expect(f.started).toEqual(['a', 'b', 'c', 'd']);
    expect([...r.outcomes.values()].every((o) => o.status === 'applied')).toBe(true);
    expect(r.stoppedBy).toBeNull();
  });

  it('never exceeds the concurrency bound and uses it', async () => {
    const f = fakePerformer(new Set(), 3);
    const nodes = Array.from({ length: 60 }, (_, i) => node(`n${i}`));
    const r = await runSchedule(nodes, f.perform, { concurrency: 15 });
    expect(f.maxInFlight()).toBe(15);
    expect(r.maxInFlight).toBe(15);
    expect(f.finished).toHaveLength(60);
  });

  it('a failure skips its transitive dependants, naming the failed action; independent ones go on', async () => {
    const f = fakePerformer(new Set(['ws']));
    const nodes = [
      node('ws'),
      node('team1', 'ws'),
      node('team2', 'team1'),
      node('other'),
      node('other2', 'other'),
    ];
    const r = await runSchedule(nodes, f.perform, { concurrency: 4 });
    expect(r.outcomes.get('ws')).toEqual({ status: 'failed', message: 'boom ws' });
    expect(r.outcomes.get('team1')).toEqual({ status: 'skipped', waitedOn: ['ws'] });
    expect(r.outcomes.get('team2')).toEqual({ status: 'skipped', waitedOn: ['ws'] });
    expect(r.outcomes.get('other2')?.status).toBe('applied');
    expect(f.started).not.toContain('team1');
  });

  it('a node blocked by two failures names both', async () => {
    const f = fakePerformer(new Set(['a', 'b']));
    const r = await runSchedule([node('a'), node('b'), node('c', 'b', 'a')], f.perform, { concurrency: 2 });
    expect(r.outcomes.get('c')).toEqual({ status: 'skipped', waitedOn: ['a', 'b'] });
  });

  it('already-satisfied counts as done: dependants run', async () => {
    const r = await runSchedule(
      [node('a'), node('b', 'a')],
      async (n) => (n.id === 'a' ? { status: 'already-satisfied', detail: 'held' } : { status: 'applied' }),
      { concurrency: 2 },
    );
    expect(r.outcomes.get('b')?.status).toBe('applied');
  });

  it('a performer that throws fails that node with the error message', async () => {
    const r = await runSchedule(
      [node('a'), node('b', 'a')],
      async () => {
        throw new Error('network down');
      },
      { concurrency: 2 },
    );
    expect(r.outcomes.get('a')).toEqual({ status: 'failed', message: 'network down' });
    expect(r.outcomes.get('b')).toEqual({ status: 'skipped', waitedOn: ['a'] });
  });

  it('fail-fast stops starting new nodes; in-flight ones finish', async () => {
    const started: string[] = [];
    const r = await runSchedule(
      [node('a'), node('b'), node('c'), node('d'), node('e', 'a')],
      async (n) => {
        started.push(n.id);
        await tick(n.id === 'a' ? 1 : 20);
        return n.id === 'a' ? { status: 'failed', message: 'x' } : { status: 'applied' };
      },
      { concurrency: 2, failFast: true },
    );
    expect(started).toEqual(['a', 'b']);
    expect(r.stoppedBy).toBe('fail-fast');
    expect(r.outcomes.get('b')?.status).toBe('applied');
    expect(r.outcomes.get('c')).toEqual({ status: 'not-started', reason: 'fail-fast' });
    expect(r.outcomes.get('e')).toEqual({ status: 'skipped', waitedOn: ['a'] });
  });

  it('a failure haltOn names stops new starts without --fail-fast; other failures do not', async () => {
    const started: string[] = [];
    const r = await runSchedule(
      [node('a'), node('b'), node('c'), node('d'), node('e')],
      async (n) => {
        started.push(n.id);
        await tick(n.id === 'c' ? 1 : 5);
        if (n.id === 'a') return { status: 'failed', message: 'refused', httpStatus: 403 };
        if (n.id === 'c') return { status: 'failed', message: 'token rejected', httpStatus: 401 };
        return { status: 'applied' };
      },
      { concurrency: 3, haltOn: (o) => (o.httpStatus === 401 ? 'token-rejected' : null) },
    );
    expect(started).toEqual(['a', 'b', 'c']);
    expect(r.stoppedBy).toBe('token-rejected');
    expect(r.outcomes.get('a')?.status).toBe('failed');
    expect(r.outcomes.get('b')?.status).toBe('applied');
    expect(r.outcomes.get('d')).toEqual({ status: 'not-started', reason: 'token-rejected' });
    expect(r.outcomes.get('e')).toEqual({ status: 'not-started', reason: 'token-rejected' });
  });

  it('an abort stops new starts and lets in-flight nodes finish', async () => {
    const stop = new AbortController();
    const f = fakePerformer(new Set(), 10);
    const nodes = Array.from({ length: 20 }, (_, i) => node(`n${i}`));
    const run = runSchedule(nodes, f.perform, { concurrency: 3, stop: stop.signal });
    await tick(15);
    stop.abort();
    const r = await run;
    expect(r.stoppedBy).toBe('interrupted');
    const statuses = [...r.outcomes.values()].map((o) => o.status);
    expect(statuses.filter((s) => s === 'applied').length).toBe(f.started.length);
    expect(f.finished).toEqual(expect.arrayContaining(f.started));
    expect(statuses.filter((s) => s === 'not-started').length).toBe(20 - f.started.length);
    expect(f.started.length).toBeLessThan(20);
  });

  it('while paused, nothing starts; once the pausing node settles, the run goes on', async () => {
    let paused = false;
    const started: string[] = [];
    const r = await runSchedule(
      [node('a'), node('b'), node('c'), node('d')],
      async (n) => {
        started.push(`${n.id}@${started.length}`);
        if (n.id === 'a') {
          paused = true;
          await tick(15);
          paused = false;
          return { status: 'already-satisfied', detail: 'held' };
        }
        await tick(1);
        return { status: 'applied' };
      },
      { concurrency: 2, paused: () => paused },
    );
    // a and b start together; b finishes while a pauses the run, so c waits for a.
    expect(started).toEqual(['a@0', 'b@1', 'c@2', 'd@3']);
    expect([...r.outcomes.values()].map((o) => o.status)).toEqual([
      'already-satisfied',
      'applied',
      'applied',
      'applied',
    ]);
  });

  it('a pause with nothing in flight is ignored (it could never end)', async () => {
    const r = await runSchedule([node('a'), node('b', 'a')], fakePerformer().perform, {
      concurrency: 1,
      paused: () => true,
    });
    expect([...r.outcomes.values()].every((o) => o.status === 'applied')).toBe(true);
  });

  it('reports each start and each outcome exactly once', async () => {
    const events: string[] = [];
    const outcomes = new Map<string, ActionOutcome>();
    await runSchedule([node('a'), node('b', 'a'), node('c')], fakePerformer(new Set(['a'])).perform, {
      concurrency: 2,
      onStart: (n) => events.push(`start ${n.id}`),
      onOutcome: (n, o) => {
        events.push(`end ${n.id}`);
        outcomes.set(n.id, o);
      },
    });
    expect(events.filter((e) => e.startsWith('start')).sort()).toEqual(['start a', 'start c']);
    expect(events.filter((e) => e.startsWith('end')).sort()).toEqual(['end a', 'end b', 'end c']);
    expect(events.indexOf('end b')).toBeGreaterThan(events.indexOf('end a'));
  });

  it('an empty graph finishes at once', async () => {
    const r = await runSchedule([], fakePerformer().perform, { concurrency: 5 });
    expect(r.outcomes.size).toBe(0);
  });

  it('property: on random DAGs with random failures, order, bound and skips all hold', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 40 }),
        fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 80 }),
        fc.array(fc.nat(), { maxLength: 5 }),
        fc.integer({ min: 1, max: 6 }),
        async (n, edges, failIdx, concurrency) => {
          const deps: string[][] = Array.from({ length: n }, () => []);
          for (const [x, y] of edges) {
            const a = x % n;
            const b = y % n;
            // Only edges from a lower to a higher index: always acyclic.
            if (a < b && !deps[b]!.includes(`n${a}`)) deps[b]!.push(`n${a}`);
          }
          const nodes = deps.map((d, i) => node(`n${i}`, ...d));
          const fail = new Set(failIdx.map((i) => `n${i % n}`));
          const f = fakePerformer(fail, 0);
          const done = new Set<string>();
          const perform = async (x: GraphNode) => {
            for (const d of x.dependsOn) if (!done.has(d)) throw new Error(`started ${x.id} before ${d}`);
            const o = await f.perform(x);
            if (o.status === 'applied') done.add(x.id);
            return o;
          };
          const r = await runSchedule(nodes, perform, { concurrency });
          expect(f.maxInFlight()).toBeLessThanOrEqual(concurrency);
          for (const x of nodes) {
            const o = r.outcomes.get(x.id)!;
            if (o.status === 'failed') expect(o.message).toMatch(/^boom/);
            const depsOk = x.dependsOn.every((d) => r.outcomes.get(d)?.status === 'applied');
            if (depsOk) expect(['applied', 'failed']).toContain(o.status);
            else expect(o.status).toBe('skipped');
            if (o.status === 'skipped')
              for (const w of o.waitedOn) expect(r.outcomes.get(w)?.status).toBe('failed');
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
