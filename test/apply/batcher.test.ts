import { describe, expect, it } from 'vitest';
import { createBatcher } from '../../src/apply/batcher.js';

function recorder() {
  const calls: string[][] = [];
  const batcher = createBatcher<string, string>({
    maxBatch: 10,
    sendOne: async (op) => {
      calls.push([op]);
      return `one:${op}`;
    },
    sendBatch: async (ops) => {
      calls.push(ops);
      return ops.map((o) => `batch:${o}`);
    },
  });
  return { calls, batcher };
}

describe('createBatcher', () => {
  it('groups operations submitted in the same turn, at most 10 per request', async () => {
    const { calls, batcher } = recorder();
    const ops = Array.from({ length: 23 }, (_, i) => `op${i}`);
    const results = await Promise.all(ops.map((o) => batcher.submit(o)));
    expect(calls.map((c) => c.length)).toEqual([10, 10, 3]);
    expect(results[0]).toBe('batch:op0');
    expect(results[22]).toBe('batch:op22');
  });

  it('sends a lone operation on its own, not as a batch of one', async () => {
    const { calls, batcher } = recorder();
    expect(await batcher.submit('x')).toBe('one:x');
    expect(calls).toEqual([['x']]);
  });

  it('operations submitted in different turns go separately', async () => {
    const { calls, batcher } = recorder();
    await batcher.submit('a');
    await batcher.submit('b');
    expect(calls).toEqual([['a'], ['b']]);
  });

  it('a tick collects operations submitted a little later', async () => {
    const calls: string[][] = [];
    const batcher = createBatcher<string, string>({
      maxBatch: 10,
      tickMs: 20,
      sendOne: async (op) => op,
      sendBatch: async (ops) => {
        calls.push(ops);
        return ops;
      },
    });
    const a = batcher.submit('a');
    await new Promise((r) => setTimeout(r, 2));
    const b = batcher.submit('b');
    await Promise.all([a, b]);
    expect(calls).toEqual([['a', 'b']]);
  });

  it('a batch request that fails rejects every operation in it', async () => {
    const batcher = createBatcher<string, string>({
      maxBatch: 10,
      sendOne: async (op) => op,
      sendBatch: async () => {
        throw new Error('reset');
      },
    });
    const results = await Promise.allSettled([batcher.submit('a'), batcher.submit('b')]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });

  it('a batch answer with too few results rejects the unanswered operations', async () => {
    const batcher = createBatcher<string, string>({
      maxBatch: 10,
      sendOne: async (op) => op,
      sendBatch: async (ops) => ops.slice(0, 1),
    });
    const results = await Promise.allSettled([batcher.submit('a'), batcher.submit('b')]);
    expect(results[0]).toEqual({ status: 'fulfilled', value: 'a' });
    expect(results[1]?.status).toBe('rejected');
  });
});
