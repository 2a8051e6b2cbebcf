// Fault injection and latency: each kind of failure, counts and probabilities, reproducibility from the
// random seed, and rules set at runtime.
import { afterEach, describe, expect, it } from 'vitest';
import type { FaultRule, Sandbox } from '../../src/sandbox/index.js';
import { ACME, call, get, getAll, type Json, message, post, startAcme } from './helpers.js';

let sb: Sandbox | undefined;
afterEach(async () => {
  await sb?.close();
  sb = undefined;
});

const start = async (faults: FaultRule[], more: Parameters<typeof startAcme>[0] = {}) => {
  sb = await startAcme({ faults, ...more });
  return sb;
};

describe('fault kinds', () => {
  it('status: answers 500 with Asana’s envelope and an error phrase, 503 without', async () => {
    const s = await start([
      { route: 'GET /workspaces', kind: 'status', status: 500, count: 1 },
      { route: 'GET /users/*', kind: 'status', status: 503, count: 1 },
    ]);
    const five = await get(s, '/workspaces');
    expect(five.status).toBe(500);
    expect(five.json.errors[0]).toEqual({
      message: 'Server Error',
      help: expect.any(String),
      phrase: expect.stringMatching(/^\d+ \w+ \w+ \w+ \w+$/),
    });
    const unavailable = await get(s, '/users/me');
    expect(unavailable.status).toBe(503);
    expect(unavailable.json.errors[0].phrase).toBeUndefined();
    expect(s.stats().faults).toEqual({ status: 2 });
  });

  it('count: hits only the next N matching requests', async () => {
    const s = await start([
      { route: `/workspaces/${ACME.corp}/teams`, kind: 'status', status: 502, count: 2 },
    ]);
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await get(s, `/workspaces/${ACME.corp}/teams`)).status);
    expect(statuses).toEqual([502, 502, 200, 200]);
    expect((await get(s, `/workspaces/${ACME.lab}/teams`)).status).toBe(200);
    expect(s.stats().byRoute['GET /workspaces/{workspace_gid}/teams']).toEqual({ '200': 3, '502': 2 });
  });

  it('skip: lets the first N through', async () => {
    const s = await start([
      { route: 'GET /users/{user_gid}', kind: 'status', status: 500, skip: 2, count: 1 },
    ]);
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await get(s, '/users/me')).status);
    expect(statuses).toEqual([200, 200, 500, 200]);
  });

  it('reset: drops the connection', async () => {
    const s = await start([{ route: 'GET /workspaces', kind: 'reset', count: 1 }]);
    await expect(get(s, '/workspaces')).rejects.toThrow();
    expect((await get(s, '/workspaces')).status).toBe(200);
    expect(s.stats().byRoute['GET /workspaces']).toEqual({ reset: 1, '200': 1 });
  });

  it('hang: never answers, so the client’s timeout fires; hangMs drops the connection', async () => {
    const s = await start([
      { route: 'GET /workspaces', kind: 'hang', count: 1 },
      { route: 'GET /users/me', kind: 'hang', hangMs: 50, count: 1 },
    ]);
    const began = Date.now();
    await expect(get(s, '/workspaces', { signal: AbortSignal.timeout(150) })).rejects.toThrow(
      /abort|timeout/i,
    );
    expect(Date.now() - began).toBeGreaterThanOrEqual(140);
    await expect(get(s, '/users/me')).rejects.toThrow();
    expect(s.stats().byRoute['GET /workspaces']).toEqual({ hang: 1 });
  });

  it('malformed-json: a 200 whose body does not parse (after the change was made)', async () => {
    const s = await start([{ route: 'POST /teams/*/addUser', kind: 'malformed-json', count: 1 }]);
    const answer = await post(s, `/teams/${ACME.teams.design}/addUser`, { data: { user: ACME.users.li } });
    expect(answer.status).toBe(200);
    expect(() => JSON.parse(answer.text)).toThrow();
    const members = await getAll(s, `/teams/${ACME.teams.design}/team_memberships?opt_fields=user.email`);
    expect(members.map((m) => m.user.email)).toContain('li.wei@acme.example');
  });

  it('rate-limit: a 429 with the given Retry-After', async () => {
    const s = await start([{ kind: 'rate-limit', retryAfterSeconds: 7, count: 1 }]);
    const answer = await get(s, '/workspaces');
    expect(answer.status).toBe(429);
    expect(answer.headers.get('retry-after')).toBe('7');
    expect(message(answer)).toContain('too many requests');
    expect(s.stats().rateLimited).toBe(0);
    expect(s.stats().faults).toEqual({ 'rate-limit': 1 });
  });

  it('drop-next-page: removes next_page from a page that had one', async () => {
    const s = await start([{ route: '*workspace_memberships', kind: 'drop-next-page', count: 1 }]);
    const unpaged = await get(s, `/workspaces/${ACME.corp}/workspace_memberships`);
    expect('next_page' in unpaged.json).toBe(false);
    const page = await get(s, `/workspaces/${ACME.corp}/workspace_memberships?limit=5`);
    expect(page.json.data).toHaveLength(5);
    expect('next_page' in page.json).toBe(false);
    const again = await get(s, `/workspaces/${ACME.corp}/workspace_memberships?limit=5`);
    expect(again.json.next_page).not.toBeNull();
  });

  it('phase after: the write happens, then the request fails', async () => {
    const s = await start([
      { route: 'POST /workspaces/*/removeUser', kind: 'status', status: 500, phase: 'after', count: 1 },
    ]);
    const answer = await post(s, `/workspaces/${ACME.lab}/removeUser`, { data: { user: ACME.users.ken } });
    expect(answer.status).toBe(500);
    const members = await getAll(s, `/workspaces/${ACME.lab}/workspace_memberships?opt_fields=user.email`);
    expect(members.map((m) => m.user.email)).not.toContain('ken.ito@contractor.example');
  });

  it('a status fault on a route also fails that action inside a batch', async () => {
    const s = await start([
      { route: 'POST /teams/{team_gid}/addUser', kind: 'status', status: 503, count: 1 },
    ]);
    const action = {
      relative_path: `/teams/${ACME.teams.design}/addUser`,
      method: 'post',
      data: { user: ACME.users.li },
    };
    const answer = await post(s, '/batch', { data: { actions: [action, action] } });
    expect(answer.json.data.map((r: Json) => r.status_code)).toEqual([503, 200]);
  });
});

describe('probabilities', () => {
  const pattern = async (randomSeed: number) => {
    const s = await startAcme({
      randomSeed,
      faults: [{ route: 'GET /workspaces', kind: 'status', probability: 0.5 }],
    });
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) statuses.push((await get(s, '/workspaces')).status);
    await s.close();
    return statuses;
  };

  it('replay exactly for the same random seed, and differ for another', async () => {
    const a = await pattern(42);
    expect(await pattern(42)).toEqual(a);
    expect(await pattern(43)).not.toEqual(a);
    const failures = a.filter((s) => s === 503).length;
    expect(failures).toBeGreaterThan(5);
    expect(failures).toBeLessThan(25);
  });
});

describe('rules at runtime', () => {
  it('PUT /__sandbox/faults replaces the rules; GET shows their counters', async () => {
    const s = await start([]);
    const put = await call(s, 'PUT', '/__sandbox/faults', {
      token: null,
      body: { faults: [{ route: 'GET /workspaces', kind: 'status', status: 504, count: 1 }] },
    });
    expect(put.status).toBe(200);
    expect((await get(s, '/workspaces')).status).toBe(504);
    expect((await get(s, '/workspaces')).status).toBe(200);
    const listed = await get(s, '/__sandbox/faults', { token: null });
    expect(listed.json.faults[0]).toMatchObject({ kind: 'status', status: 504, hits: 1, seen: 1 });
    s.setFaults([]);
    expect(s.faults()).toEqual([]);
  });

  it.each([
    [{ faults: [{ kind: 'explode' }] }, 'faults[0].kind'],
    [{ faults: [{ kind: 'status', status: 418 }] }, 'faults[0].status'],
    [{ faults: [{ kind: 'status', probability: 2 }] }, 'faults[0].probability'],
    [{ faults: [{ kind: 'reset', route: 'workspaces' }] }, 'faults[0].route'],
    [{ faults: [{ kind: 'reset', every: 2 }] }, 'faults[0].every: unknown field'],
    [{ rules: [] }, 'send a list of fault rules'],
  ])('answers 400 naming the field for %j', async (body, expected) => {
    const s = await start([]);
    const answer = await call(s, 'PUT', '/__sandbox/faults', { token: null, body });
    expect(answer.status).toBe(400);
    expect(answer.json.error).toContain(expected);
  });

  it('setFaults throws on a bad rule and keeps the old rules', async () => {
    const s = await start([{ kind: 'reset', count: 1, route: 'GET /nothing' }]);
    expect(() => s.setFaults([{ kind: 'nope' } as unknown as FaultRule])).toThrow(/kind/);
    expect(s.faults()).toHaveLength(1);
  });
});

describe('latency', () => {
  it('adds base plus jitter to every answer', async () => {
    const s = await start([], { latency: { baseMs: 60, jitterMs: 40 } });
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const began = performance.now();
      await get(s, '/users/me');
      times.push(performance.now() - began);
    }
    expect(Math.min(...times)).toBeGreaterThanOrEqual(58);
    expect(Math.max(...times) - Math.min(...times)).toBeGreaterThan(1);
  });
});
