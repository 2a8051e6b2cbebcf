import { describe, expect, it } from 'vitest';
import { Limiter, RateWindow, Semaphore } from '../../src/asana/limiter.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Semaphore', () => {
  it('never lets more than its size hold at once, and serves waiters in order', async () => {
    const sem = new Semaphore(3);
    let inside = 0;
    let most = 0;
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 12 }, async (_, i) => {
        await sem.acquire();
        order.push(i);
        inside++;
        most = Math.max(most, inside);
        await sleep(5);
        inside--;
        sem.release();
      }),
    );
    expect(most).toBe(3);
    expect(order).toEqual([...Array(12).keys()]);
    expect(sem.inUse).toBe(0);
  });

  it('refuses a size below 1', () => {
    expect(() => new Semaphore(0)).toThrow(RangeError);
  });
});

describe('RateWindow', () => {
  it('admits `limit` requests per window and makes the next wait until the oldest answer leaves it', async () => {
    const w = new RateWindow({ limit: 4, windowMs: 200, marginMs: 0 });
    const started: number[] = [];
    const t0 = Date.now();
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        const { slot } = await w.acquire();
        started.push(Date.now() - t0);
        slot.done();
      }),
    );
    // Any 200 ms span holds at most 4 starts.
    for (const s of started) {
      expect(started.filter((x) => x >= s && x < s + 200).length).toBeLessThanOrEqual(4);
    }
    expect(started.filter((x) => x < 150)).toHaveLength(4);
    expect(Math.max(...started)).toBeGreaterThanOrEqual(400);
  });

  it('counts a request in flight until its answer, however long it takes', async () => {
    const w = new RateWindow({ limit: 1, windowMs: 50, marginMs: 0 });
    const first = await w.acquire();
    let secondAt = 0;
    const t0 = Date.now();
    const second = w.acquire().then((r) => {
      secondAt = Date.now() - t0;
      r.slot.done();
    });
    await sleep(150);
    expect(secondAt).toBe(0);
    first.slot.done();
    await second;
    expect(secondAt).toBeGreaterThanOrEqual(195);
  });

  it('reports the time it made a request wait', async () => {
    const w = new RateWindow({ limit: 1, windowMs: 60, marginMs: 0 });
    (await w.acquire()).slot.done();
    const { waitedMs, slot } = await w.acquire();
    slot.done();
    expect(waitedMs).toBeGreaterThanOrEqual(50);
  });

  it('is off with a limit of 0', async () => {
    const w = new RateWindow({ limit: 0, windowMs: 60_000 });
    for (let i = 0; i < 100; i++) expect((await w.acquire()).waitedMs).toBeLessThan(5);
    expect(w.counted).toBe(0);
  });
});

describe('Limiter', () => {
  it('caps reads and writes in flight separately', async () => {
    const limiter = new Limiter({ rateLimitPerMinute: 0, maxReadsInFlight: 4, maxWritesInFlight: 2 });
    const inside = { read: 0, write: 0 };
    const most = { read: 0, write: 0 };
    const run = async (kind: 'read' | 'write') => {
      const p = await limiter.acquire(kind);
      inside[kind]++;
      most[kind] = Math.max(most[kind], inside[kind]);
      await sleep(5);
      inside[kind]--;
      p.release();
    };
    await Promise.all([
      ...Array.from({ length: 20 }, () => run('read')),
      ...Array.from({ length: 20 }, () => run('write')),
    ]);
    expect(most).toEqual({ read: 4, write: 2 });
  });

  it('holds every new request back until a Retry-After pause is over', async () => {
    const limiter = new Limiter({ rateLimitPerMinute: 0, maxReadsInFlight: 5, maxWritesInFlight: 5 });
    const t0 = Date.now();
    limiter.pauseUntil(t0 + 120);
    const p = await limiter.acquire('write');
    p.release();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(115);
    expect(p.pausedMs).toBeGreaterThanOrEqual(100);
  });
});

describe('requests that count as several (POST /batch)', () => {
  it('a semaphore holder may take several units, and waiters are served in order', async () => {
    const sem = new Semaphore(15);
    await sem.acquire(10);
    let second = false;
    const p = sem.acquire(10).then(() => {
      second = true;
    });
    await sleep(5);
    expect(second).toBe(false);
    expect(sem.inUse).toBe(10);
    sem.release(10);
    await p;
    expect(second).toBe(true);
    expect(sem.inUse).toBe(10);
    // More units than the size wait for an empty semaphore instead of forever.
    sem.release(10);
    await sem.acquire(40);
    expect(sem.inUse).toBe(15);
  });

  it('the window counts every unit', async () => {
    const w = new RateWindow({ limit: 10, windowMs: 100, marginMs: 0 });
    const a = await w.acquire(8);
    a.slot.done();
    expect(w.counted).toBe(8);
    const t0 = Date.now();
    const b = await w.acquire(5);
    b.slot.done();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(90);
    expect(b.waitedMs).toBeGreaterThanOrEqual(90);
  });
});
