// A fix the bench found (issue 8): Asana, and the sandbox, count every action of a POST /batch
// against the limits (in flight and per minute); the client's limiter counted the batch as one
// request, so an apply of a few hundred actions collected 429s. The limiter now takes one unit per
// action.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAsanaClient } from '../../src/asana/client.js';
import { Limiter, RateWindow, Semaphore } from '../../src/asana/limiter.js';
import { GENERATED_TOKENS, generateDomain, type Sandbox, startSandbox } from '../../src/sandbox/index.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Semaphore with units', () => {
  it('holds at most `size` units, serves waiters in order, and never lets a small one overtake', async () => {
    const sem = new Semaphore(15);
    await sem.acquire(10);
    const order: string[] = [];
    const big = sem.acquire(10).then(() => order.push('big'));
    const small = sem.acquire(1).then(() => order.push('small'));
    await sleep(5);
    expect(order).toEqual([]);
    expect(sem.inUse).toBe(10);
    sem.release(10);
    await Promise.all([big, small]);
    expect(order).toEqual(['big', 'small']);
    expect(sem.inUse).toBe(11);
  });

  it('clamps a request larger than the semaphore to its size instead of waiting forever', async () => {
    const sem = new Semaphore(4);
    await sem.acquire(10);
    expect(sem.inUse).toBe(4);
    sem.release(10);
    expect(sem.inUse).toBe(0);
  });
});

describe('RateWindow with units', () => {
  it('counts each unit, and makes a request wait until its units fit', async () => {
    const w = new RateWindow({ limit: 10, windowMs: 150, marginMs: 0 });
    const t0 = Date.now();
    (await w.acquire(7)).slot.done();
    expect(w.counted).toBe(7);
    const second = await w.acquire(7);
    second.slot.done();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
    expect(second.waitedMs).toBeGreaterThan(100);
  });
});

describe('the client against the sandbox', () => {
  let sandbox: Sandbox;
  let team: string;
  let emails: string[];
  beforeAll(async () => {
    const seed = generateDomain({ users: 120, teams: 1, teamMemberships: 1, seed: 5 });
    team = seed.workspaces[0]!.teams![0]!.gid!;
    emails = seed.workspaces[0]!.members!.map((m) => (typeof m === 'string' ? m : m.user)).slice(1, 101);
    sandbox = await startSandbox({
      seed,
      rateLimitPerMinute: 0,
      maxWritesInFlight: 15,
      latency: { baseMs: 30 },
    });
  });
  afterAll(() => sandbox.close());

  it('keeps batches within 15 writes in flight: 10 concurrent batches of 10 get no 429', async () => {
    const client = createAsanaClient({
      baseUrl: sandbox.apiBaseUrl,
      token: GENERATED_TOKENS.serviceAccount,
      rateLimitPerMinute: 0,
      maxRetries: 0,
    });
    const batches = Array.from({ length: 10 }, (_, b) =>
      client.batch(
        emails
          .slice(b * 10, b * 10 + 10)
          .map((user) => ({ op: 'addUserToTeam' as const, targetGid: team, user })),
      ),
    );
    const results = (await Promise.all(batches)).flat();
    expect(results.filter((r) => !r.ok)).toEqual([]);
    expect(sandbox.stats().rateLimited).toBe(0);
    expect(sandbox.stats().peakInFlight.writes).toBeLessThanOrEqual(15);
    expect(client.counters().rateLimited).toBe(0);
  });
});

describe('Limiter', () => {
  it('takes units from both the in-flight cap and the window', async () => {
    const limiter = new Limiter({ rateLimitPerMinute: 0, maxReadsInFlight: 5, maxWritesInFlight: 15 });
    const first = await limiter.acquire('write', 10);
    let second = false;
    const pending = limiter.acquire('write', 10).then((p) => {
      second = true;
      return p;
    });
    await sleep(10);
    expect(second).toBe(false);
    first.release();
    (await pending).release();
    expect(second).toBe(true);
  });
});
