import { describe, expect, it } from 'vitest';
import {
  backoffMs,
  DEFAULT_RETRY_POLICY,
  isRetryableStatus,
  isTransientNetworkCode,
  neverSent,
  retryAfterMs,
} from '../../src/asana/retry.js';

describe('backoffMs', () => {
  const policy = { ...DEFAULT_RETRY_POLICY, baseMs: 100, capMs: 1000 };

  it('doubles each attempt, half fixed and half jitter', () => {
    expect(backoffMs(policy, 1, () => 0)).toBe(50);
    expect(backoffMs(policy, 1, () => 1)).toBe(100);
    expect(backoffMs(policy, 2, () => 0)).toBe(100);
    expect(backoffMs(policy, 3, () => 0.5)).toBe(300);
  });

  it('never exceeds the cap', () => {
    expect(backoffMs(policy, 30, () => 1)).toBe(1000);
  });

  it('spreads concurrent waits out', () => {
    const waits = new Set(Array.from({ length: 20 }, () => backoffMs(policy, 3)));
    expect(waits.size).toBeGreaterThan(5);
  });
});

describe('retryAfterMs', () => {
  it('reads seconds, fractions and HTTP dates', () => {
    expect(retryAfterMs('3')).toBe(3000);
    expect(retryAfterMs('0.5')).toBe(500);
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(retryAfterMs('Wed, 01 Jan 2025 00:00:07 GMT', now)).toBe(7000);
  });

  it('gives undefined for a missing or unreadable header', () => {
    expect(retryAfterMs(undefined)).toBeUndefined();
    expect(retryAfterMs('')).toBeUndefined();
    expect(retryAfterMs('soon')).toBeUndefined();
    expect(retryAfterMs('-3')).toBeUndefined();
  });
});

describe('what is retried', () => {
  it('retries 429 and 5xx, not other statuses', () => {
    for (const s of [429, 500, 502, 503, 504]) expect(isRetryableStatus(s)).toBe(true);
    for (const s of [400, 401, 402, 403, 404, 409, 501]) expect(isRetryableStatus(s)).toBe(false);
  });

  it('retries resets and timeouts, not a host that does not exist', () => {
    expect(isTransientNetworkCode('ECONNRESET')).toBe(true);
    expect(isTransientNetworkCode('ETIMEDOUT')).toBe(true);
    expect(isTransientNetworkCode('ENOTFOUND')).toBe(false);
    expect(isTransientNetworkCode(undefined)).toBe(false);
  });

  it('knows which failures mean nothing was sent', () => {
    expect(neverSent('ECONNREFUSED')).toBe(true);
    expect(neverSent('ECONNRESET')).toBe(false);
  });
});
