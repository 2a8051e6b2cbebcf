// Rate limits: requests per minute per token (rejected requests count too) and in-flight caps for
// reads and writes, answered 429 with Retry-After in Asana's envelope.
import { afterEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/index.js';
import { createLimiter } from '../../src/sandbox/limits.js';
import { ACME, ACME_TOKENS, get, message, post, startAcme } from './helpers.js';

let sb: Sandbox | undefined;
afterEach(async () => {
  await sb?.close();
  sb = undefined;
});

describe('requests per minute', () => {
  it('answers 429 with Retry-After and Asana’s envelope past the limit, per token', async () => {
    sb = await startAcme({ rateLimitPerMinute: 5 });
    for (let i = 0; i < 5; i++) expect((await get(sb, '/workspaces')).status).toBe(200);
    const limited = await get(sb, '/workspaces');
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(limited.json).toEqual({
      errors: [
        { message: 'You have made too many requests recently. Please, be chill.', help: expect.any(String) },
      ],
    });
    // Another token has its own window.
    expect((await get(sb, '/workspaces', { token: ACME_TOKENS.memberPat })).status).toBe(200);
    expect(sb.stats().rateLimited).toBe(1);
  });

  it('counts rejected requests too: a client that keeps hammering stays limited', () => {
    // The window itself, on a clock the test controls.
    const limiter = createLimiter({ perMinute: 3, maxReads: 0, maxWrites: 0 });
    for (let i = 0; i < 3; i++) expect(limiter.admit('t', 1, 0, 0).ok).toBe(true);
    expect(limiter.admit('t', 1, 0, 30_000)).toEqual({ ok: false, retryAfterSeconds: 30, reason: 'window' });
    expect(limiter.admit('t', 1, 0, 30_000).ok).toBe(false);
    expect(limiter.admit('t', 1, 0, 30_000).ok).toBe(false);
    // The first three have left the window, but the three rejected at 30 s still count.
    const later = limiter.admit('t', 1, 0, 61_000);
    expect(later).toEqual({ ok: false, retryAfterSeconds: 29, reason: 'window' });
    expect(limiter.admit('t', 1, 0, 91_000).ok).toBe(true);
    expect(limiter.admit('other', 1, 0, 91_000).ok).toBe(true);
  });

  it('counts a batch as its actions', () => {
    const limiter = createLimiter({ perMinute: 10, maxReads: 0, maxWrites: 0 });
    expect(limiter.admit('t', 2, 6, 0).ok).toBe(true);
    expect(limiter.admit('t', 0, 3, 1).ok).toBe(false);
    expect(limiter.admit('t', 1, 0, 2).ok).toBe(false); // 8 + 3 rejected + 1 > 10
  });

  it('uses SCIM’s error schema on SCIM routes', async () => {
    sb = await startAcme({ rateLimitPerMinute: 1 });
    await get(sb, '/scim/Users', { token: ACME_TOKENS.serviceAccount });
    const limited = await get(sb, '/scim/Users', { token: ACME_TOKENS.serviceAccount });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(limited.json).toMatchObject({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: '429',
    });
  });

  it('is off with 0', async () => {
    sb = await startAcme({ rateLimitPerMinute: 0 });
    const answers = await Promise.all(Array.from({ length: 40 }, () => get(sb!, '/users/me')));
    expect(answers.every((a) => a.status === 200)).toBe(true);
  });

  it('defaults to 150 per minute on a free plan', async () => {
    const { startSandbox } = await import('../../src/sandbox/index.js');
    sb = await startSandbox({
      seed: {
        version: 1,
        plan: 'free',
        tokens: [{ name: 'pat', value: 'free-plan-token', kind: 'pat', user: 'a@f.example' }],
        users: [{ email: 'a@f.example' }],
        workspaces: [{ name: 'F', members: ['a@f.example'] }],
      },
      maxReadsInFlight: 0,
    });
    const statuses: number[] = [];
    for (let i = 0; i < 160; i += 20) {
      const batch = await Promise.all(
        Array.from({ length: 20 }, () => get(sb!, '/users/me', { token: 'free-plan-token' })),
      );
      statuses.push(...batch.map((a) => a.status));
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(150);
    expect(statuses.filter((s) => s === 429)).toHaveLength(10);
  });
});

describe('requests in flight', () => {
  // Latencies are long enough that every request of the burst arrives while the first is still in flight,
  // even on a busy CI machine.
  it('caps reads at 50 per token', async () => {
    sb = await startAcme({ latency: { baseMs: 1000 } });
    const answers = await Promise.all(Array.from({ length: 60 }, () => get(sb!, '/users/me')));
    const limited = answers.filter((a) => a.status === 429);
    expect(answers.filter((a) => a.status === 200)).toHaveLength(50);
    expect(limited).toHaveLength(10);
    expect(limited[0]!.headers.get('retry-after')).toBe('1');
    expect(message(limited[0]!)).toContain('too many requests');
    expect(sb.stats().peakInFlight.reads).toBe(50);
  });

  it('caps writes at 15 per token, separately from reads', async () => {
    sb = await startAcme({ latency: { baseMs: 1000 } });
    const writes = Array.from({ length: 18 }, () =>
      post(sb!, `/teams/${ACME.teams.design}/addUser`, { data: { user: 'li.wei@acme.example' } }),
    );
    const reads = Array.from({ length: 5 }, () => get(sb!, '/users/me'));
    const [w, r] = await Promise.all([Promise.all(writes), Promise.all(reads)]);
    expect(w.filter((a) => a.status === 200)).toHaveLength(15);
    expect(w.filter((a) => a.status === 429)).toHaveLength(3);
    expect(r.every((a) => a.status === 200)).toBe(true);
    expect(sb.stats().peakInFlight.writes).toBe(15);
  });

  it('frees a slot when a request ends', async () => {
    sb = await startAcme({ latency: { baseMs: 500 }, maxReadsInFlight: 2 });
    const first = await Promise.all([get(sb, '/users/me'), get(sb, '/users/me'), get(sb, '/users/me')]);
    expect(first.map((a) => a.status).sort()).toEqual([200, 200, 429]);
    const second = await Promise.all([get(sb, '/users/me'), get(sb, '/users/me')]);
    expect(second.map((a) => a.status)).toEqual([200, 200]);
  });
});
