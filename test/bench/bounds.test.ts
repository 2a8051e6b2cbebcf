import { describe, expect, it } from 'vitest';
import {
  earliestSendMs,
  minimumSyncRequests,
  minimumWriteRequests,
  pagesOf,
  rateWindowBoundMs,
  ratio,
  wallTimeLowerBound,
} from '../../bench/bounds.js';

describe('pagesOf', () => {
  it.each([
    [0, 1],
    [1, 1],
    [100, 1],
    [101, 2],
    [20_000, 200],
    [19_601, 197],
  ])('%i items take %i pages', (items, pages) => {
    expect(pagesOf(items)).toBe(pages);
  });

  it('refuses a negative or fractional count', () => {
    expect(() => pagesOf(-1)).toThrow(RangeError);
    expect(() => pagesOf(1.5)).toThrow(RangeError);
  });
});

describe('minimumSyncRequests', () => {
  it('counts /users/me, the workspace pages, every list page, and SCIM pages', () => {
    const bound = minimumSyncRequests({
      workspaceCount: 1,
      workspaces: [{ members: 250, isOrganization: true, teamMembers: [0, 100, 101, 350] }],
      scimUsers: 240,
    });
    // me 1 + workspaces 1 + members 3 + team list 1 + teams (1 + 1 + 2 + 4) + SCIM 3
    expect(bound.requests).toBe(1 + 1 + 3 + 1 + 8 + 3);
    // workspaces page, then the team list page, then the longest team (4 pages)
    expect(bound.chain).toBe(1 + 1 + 4);
  });

  it('reads no team list for a plain workspace and no SCIM when SCIM is off', () => {
    const bound = minimumSyncRequests({
      workspaceCount: 1,
      workspaces: [{ members: 5, isOrganization: false, teamMembers: [] }],
      scimUsers: null,
    });
    expect(bound).toEqual({ requests: 3, chain: 2 });
  });

  it('the SCIM list can be the longest chain', () => {
    const bound = minimumSyncRequests({
      workspaceCount: 1,
      workspaces: [{ members: 10, isOrganization: true, teamMembers: [10] }],
      scimUsers: 1_000,
    });
    expect(bound.chain).toBe(10);
  });

  it('matches the default bench domain by hand', () => {
    // 20,000 org members, 1,000 teams of 100, 19,600 SCIM users
    const bound = minimumSyncRequests({
      workspaceCount: 1,
      workspaces: [{ members: 20_000, isOrganization: true, teamMembers: Array(1000).fill(100) }],
      scimUsers: 19_600,
    });
    expect(bound.requests).toBe(1 + 1 + 200 + 10 + 1000 + 196);
  });
});

describe('minimumWriteRequests', () => {
  it('batches REST actions by ten and sends SCIM actions one by one', () => {
    expect(minimumWriteRequests({ restActions: 401, scimActions: 150, dependencyLevels: 3 })).toEqual({
      requests: 41 + 150,
      rateUnits: 551,
      chain: 3,
    });
  });

  it('no actions, no requests', () => {
    expect(minimumWriteRequests({ restActions: 0, scimActions: 0, dependencyLevels: 0 }).requests).toBe(0);
  });
});

describe('rateWindowBoundMs', () => {
  it.each([
    [0, 1500, 0],
    [1, 1500, 0],
    [1500, 1500, 0],
    [1501, 1500, 60_000],
    [3000, 1500, 60_000],
    [3001, 1500, 120_000],
    [5000, 0, 0],
  ])('%i requests under %i/min wait at least %i ms', (units, limit, ms) => {
    expect(rateWindowBoundMs(units, limit)).toBe(ms);
  });
});

describe('wallTimeLowerBound', () => {
  it('is set by the rate limit when the requests exceed one window', () => {
    const b = wallTimeLowerBound({
      steps: [{ requests: 1600, chain: 200, concurrency: 50 }],
      rateLimitPerMinute: 1500,
      latencyMs: 40,
    });
    expect(b.by).toBe('rate-limit');
    expect(b.ms).toBe(60_040);
    expect(b.terms.concurrency).toBe(1280);
    expect(b.terms.chain).toBe(8000);
  });

  it('is set by the chain when the requests fit in one window', () => {
    const b = wallTimeLowerBound({
      steps: [{ requests: 1500, chain: 200, concurrency: 50 }],
      rateLimitPerMinute: 1500,
      latencyMs: 40,
    });
    expect(b).toMatchObject({ by: 'chain', ms: 8000 });
    expect(b.terms['rate-limit']).toBe(0);
  });

  it('counts batch actions, not batch requests, against the window', () => {
    const b = wallTimeLowerBound({
      steps: [{ requests: 60, units: 1501, chain: 3, concurrency: 15 }],
      rateLimitPerMinute: 1500,
      latencyMs: 40,
    });
    expect(b.by).toBe('rate-limit');
  });

  it('in steps that follow one another, the request that opens the last window cannot go before its step', () => {
    // apply: re-read (874 requests, a 200-page chain), writes (600 actions in 60 batches + SCIM),
    // verification (875, a 200-page chain): request 2349 - 1500 = 849 is the 175th of the first
    // step's chain, sent at the earliest 174 latencies in.
    const steps = [
      { requests: 874, chain: 200, concurrency: 50 },
      { requests: 195, units: 600, chain: 3, concurrency: 15 },
      { requests: 875, chain: 200, concurrency: 50 },
    ];
    expect(earliestSendMs(steps, 674, 40)).toBe(0);
    expect(earliestSendMs(steps, 849, 40)).toBe(174 * 40);
    expect(earliestSendMs(steps, 874 + 1, 40)).toBe(200 * 40);
    const b = wallTimeLowerBound({ steps, rateLimitPerMinute: 1500, latencyMs: 40 });
    expect(b).toMatchObject({ by: 'rate-limit', ms: 174 * 40 + 60_000 + 40 });
  });

  it('counts every window when the requests need several', () => {
    const b = wallTimeLowerBound({
      steps: [{ requests: 3200, chain: 1, concurrency: 50 }],
      rateLimitPerMinute: 1500,
      latencyMs: 10,
    });
    expect(b.ms).toBe(120_010);
  });

  it('adds up steps that follow one another, and a 0 limit means no rate term', () => {
    const b = wallTimeLowerBound({
      steps: [
        { requests: 100, chain: 1, concurrency: 10 },
        { requests: 30, chain: 1, concurrency: 15 },
      ],
      rateLimitPerMinute: 0,
      latencyMs: 10,
    });
    expect(b.terms['rate-limit']).toBe(0);
    expect(b).toMatchObject({ by: 'concurrency', ms: 100 + 20 });
  });
});

describe('ratio', () => {
  it('rounds to two decimals and is null without a bound', () => {
    expect(ratio(115, 100)).toBe(1.15);
    expect(ratio(2, 3)).toBe(0.67);
    expect(ratio(5, 0)).toBeNull();
  });
});
