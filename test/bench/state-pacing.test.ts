// A fix the bench found (issue 8): readLiveState reads team lists a few at a time while the long,
// page-after-page lists (organization members, SCIM users) are in progress, so those set the pace
// instead of queueing behind a thousand team requests (src/state/pace.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAsanaClient } from '../../src/asana/client.js';
import { GENERATED_TOKENS, generateDomain, type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { fullScope, readLiveState } from '../../src/state/index.js';
import { createListPacer } from '../../src/state/pace.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('createListPacer', () => {
  it('runs short lists a few at a time while a long one runs, then at full width, in input order', async () => {
    const pacer = createListPacer(2, 6);
    let releaseLong!: () => void;
    void pacer.long(new Promise<void>((r) => (releaseLong = r)));
    let running = 0;
    const most: number[] = [];
    const results = pacer.short([...Array(20).keys()], async (i) => {
      running++;
      most.push(running);
      await sleep(5);
      running--;
      return i * 2;
    });
    await sleep(30);
    expect(Math.max(...most)).toBe(2);
    releaseLong();
    expect(await results).toEqual([...Array(20).keys()].map((i) => i * 2));
    expect(Math.max(...most)).toBe(6);
  });

  it('goes at full width when no long list runs, and a long list that fails still ends the pacing', async () => {
    const pacer = createListPacer(1, 4);
    await pacer.long(Promise.reject(new Error('boom'))).catch(() => undefined);
    let running = 0;
    let most = 0;
    await pacer.short([...Array(8).keys()], async () => {
      running++;
      most = Math.max(most, running);
      await sleep(2);
      running--;
    });
    expect(most).toBe(4);
  });

  it('rejects with the first failure and starts nothing more', async () => {
    const pacer = createListPacer(1, 1);
    const started: number[] = [];
    await expect(
      pacer.short([0, 1, 2], async (i) => {
        started.push(i);
        if (i === 1) throw new Error('team 1 failed');
      }),
    ).rejects.toThrow('team 1 failed');
    await sleep(5);
    expect(started).toEqual([0, 1]);
    expect(await pacer.short([], async () => 1)).toEqual([]);
  });
});

describe('readLiveState against the sandbox', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    // 1,500 members (15 pages read one after another) and 600 one-page teams.
    const seed = generateDomain({ users: 1500, teams: 600, teamMemberships: 1200, seed: 4 });
    sandbox = await startSandbox({ seed, rateLimitPerMinute: 0, latency: { baseMs: 8 } });
  });
  afterAll(() => sandbox.close());

  it('reads the members list without queueing behind the team lists, in one request per page', async () => {
    const client = createAsanaClient({ baseUrl: sandbox.apiBaseUrl, token: GENERATED_TOKENS.serviceAccount });
    const t0 = Date.now();
    let membersDoneAt = 0;
    const live = await readLiveState(client, fullScope(true), {
      listDone: (_d, _t, label) => {
        if (label.startsWith('members of Generated')) membersDoneAt = Date.now() - t0;
      },
    });
    const total = Date.now() - t0;
    expect(live.teams).toHaveLength(600);
    expect(live.teamMemberships).toHaveLength(1200);
    const stats = sandbox.stats();
    expect(stats.byRoute['GET /teams/{team_gid}/team_memberships']).toEqual({ 200: 600 });
    // The 15 pages of members take ~15 round trips. Queued behind 600 team requests, each page
    // would wait for the queue to drain, and the list would end with the teams.
    expect(membersDoneAt).toBeLessThan(total * 0.8);
    expect(stats.peakInFlight.reads).toBeLessThanOrEqual(50);
  });
});
