// Retries, Retry-After and the limiter, against a stub that fails or rate-limits on purpose.
import { afterEach, describe, expect, it } from 'vitest';
import { createAsanaClient } from '../../src/asana/client.js';
import type { ClientEvent } from '../../src/asana/types.js';
import { FAST, type Stub, startStub, TOKEN } from './stub-server.js';

let stub: Stub | undefined;
afterEach(async () => {
  await stub?.close();
  stub = undefined;
});

const me = { status: 200, body: { data: { gid: '42', name: 'Me', email: 'Me@Acme.example' } } };

describe('retries', () => {
  it('retries a 503 and a reset, then succeeds, and counts and reports them', async () => {
    stub = await startStub((_, n) =>
      n === 1 ? { status: 503, body: { errors: [{ message: 'busy' }] } } : n === 2 ? 'reset' : me,
    );
    const events: ClientEvent[] = [];
    const client = createAsanaClient({
      baseUrl: stub.baseUrl,
      token: TOKEN,
      ...FAST,
      onEvent: (e) => events.push(e),
    });
    expect(await client.me()).toEqual({ gid: '42', name: 'Me', email: 'Me@Acme.example' });
    expect(client.counters()).toMatchObject({ requests: 3, retries: 2, requestsByMethod: { GET: 3 } });
    expect(events.filter((e) => e.type === 'retry').map((e) => (e as { reason: string }).reason)).toEqual([
      'HTTP 503',
      'ECONNRESET',
    ]);
  });

  it('waits out a 429 per Retry-After, then completes', async () => {
    stub = await startStub((_, n) =>
      n === 1
        ? { status: 429, headers: { 'retry-after': '1' }, body: { errors: [{ message: 'slow down' }] } }
        : me,
    );
    const events: ClientEvent[] = [];
    const client = createAsanaClient({
      baseUrl: stub.baseUrl,
      token: TOKEN,
      ...FAST,
      onEvent: (e) => events.push(e),
    });
    await client.me();
    const gap = stub.requests[1]!.at - stub.requests[0]!.at;
    expect(gap).toBeGreaterThanOrEqual(990);
    expect(client.counters()).toMatchObject({ rateLimited: 1, retries: 1 });
    expect(client.counters().retryAfterWaitMs).toBeGreaterThanOrEqual(1000);
    expect(events).toContainEqual({ type: 'rate-wait', ms: 1000, reason: 'retry-after' });
  });

  it('after a 429, holds back every other request too until Retry-After passes', async () => {
    let first = true;
    stub = await startStub(() => {
      if (first) {
        first = false;
        return { status: 429, headers: { 'retry-after': '0.4' } };
      }
      return me;
    });
    const client = createAsanaClient({ baseUrl: stub.baseUrl, token: TOKEN, ...FAST, maxReadsInFlight: 1 });
    const t0 = Date.now();
    await Promise.all([client.me(), client.me(), client.me()]);
    const after = stub.requests.slice(1).map((r) => r.at - t0);
    for (const t of after) expect(t).toBeGreaterThanOrEqual(390);
  });

  it('gives up on a Retry-After longer than the retry time budget', async () => {
    stub = await startStub(() => ({ status: 429, headers: { 'retry-after': '60' } }));
    const client = createAsanaClient({ baseUrl: stub.baseUrl, token: TOKEN, ...FAST, maxRetryTimeMs: 5000 });
    const t0 = Date.now();
    await expect(client.me()).rejects.toMatchObject({ kind: 'rate-limited', status: 429 });
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(stub.requests).toHaveLength(1);
  });

  it('bounds retries in time as well as in count', async () => {
    stub = await startStub(() => ({ status: 502 }));
    const client = createAsanaClient({
      baseUrl: stub.baseUrl,
      token: TOKEN,
      maxRetries: 50,
      retryBaseMs: 40,
      maxRetryTimeMs: 300,
      rateLimitPerMinute: 0,
    });
    const t0 = Date.now();
    await expect(client.me()).rejects.toMatchObject({ kind: 'server', status: 502 });
    expect(Date.now() - t0).toBeLessThan(800);
    expect(stub.requests.length).toBeLessThan(10);
  });
});

describe('client-side limiter', () => {
  it('keeps to N requests per window against a server that refuses the N+1st, so no 429 ever comes', async () => {
    const windowMs = 400;
    const limit = 5;
    stub = await startStub((req) => {
      const recent = stub!.requests.filter((r) => r.at > req.at - windowMs);
      return recent.length > limit ? { status: 429, headers: { 'retry-after': '1' } } : me;
    });
    const client = createAsanaClient({
      baseUrl: stub.baseUrl,
      token: TOKEN,
      ...FAST,
      rateLimitPerMinute: limit,
      rateWindowMs: windowMs,
    });
    await Promise.all(Array.from({ length: 14 }, () => client.me()));
    expect(client.counters().rateLimited).toBe(0);
    expect(stub.requests).toHaveLength(14);
    expect(client.counters().limiterWaitMs).toBeGreaterThan(0);
  });

  it('never has more than maxReadsInFlight GETs or maxWritesInFlight writes open', async () => {
    let open = 0;
    let most = 0;
    stub = await startStub(async (req) => {
      open++;
      most = Math.max(most, open);
      await new Promise((r) => setTimeout(r, 20));
      open--;
      return req.method === 'GET' ? me : { status: 200, body: { data: {} } };
    });
    const client = createAsanaClient({
      baseUrl: stub.baseUrl,
      token: TOKEN,
      ...FAST,
      maxReadsInFlight: 3,
      maxWritesInFlight: 2,
    });
    await Promise.all(Array.from({ length: 12 }, () => client.me()));
    expect(most).toBe(3);
    most = 0;
    await Promise.all(Array.from({ length: 12 }, (_, i) => client.addUserToTeam('7', `u${i}@x.example`)));
    expect(most).toBe(2);
  });
});
