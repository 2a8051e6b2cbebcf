// The control endpoints (stats, state) and the state file shared between sandboxes.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type Sandbox, SeedError } from '../../src/sandbox/index.js';
import { tempDir } from '../helpers/temp-dir.js';
import { ACME, ACME_TOKENS, call, get, getAll, post, startAcme } from './helpers.js';

const open: Sandbox[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});
const track = async (p: Promise<Sandbox>) => {
  const s = await p;
  open.push(s);
  return s;
};

describe('GET /__sandbox/stats', () => {
  it('counts requests by route template and status, without a token', async () => {
    const sb = await track(startAcme());
    await get(sb, '/workspaces');
    await get(sb, `/workspaces/${ACME.corp}/teams`);
    await get(sb, `/workspaces/${ACME.lab}/teams`);
    await get(sb, '/workspaces/1299999999999999/teams');
    await get(sb, '/workspaces', { token: null });
    await get(sb, '/nope');
    await post(sb, `/teams/${ACME.teams.design}/addUser`, { data: { user: ACME.users.li } });
    const answer = await get(sb, '/__sandbox/stats', { token: null });
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({
      requests: 7,
      byRoute: {
        'GET /workspaces': { '200': 1, '401': 1 },
        'GET /workspaces/{workspace_gid}/teams': { '200': 2, '404': 1 },
        'GET (unmatched)': { '404': 1 },
        'POST /teams/{team_gid}/addUser': { '200': 1 },
      },
      byStatus: { '200': 4, '401': 1, '404': 2 },
      batchActions: {},
      rateLimited: 0,
      faults: {},
      mutations: 1,
      peakInFlight: { reads: 1, writes: 1 },
    });
    expect(sb.stats()).toEqual(answer.json);
  });

  it('starts again after POST /__sandbox/stats/reset or resetStats()', async () => {
    const sb = await track(startAcme());
    await get(sb, '/workspaces');
    expect((await call(sb, 'POST', '/__sandbox/stats/reset', { token: null })).status).toBe(204);
    expect(sb.stats()).toMatchObject({ requests: 0, byRoute: {}, peakInFlight: { reads: 0, writes: 0 } });
    await get(sb, '/workspaces');
    sb.resetStats();
    expect(sb.stats().requests).toBe(0);
  });

  it('answers 404 with the list of control endpoints for an unknown one', async () => {
    const sb = await track(startAcme());
    const answer = await get(sb, '/__sandbox/nothing', { token: null });
    expect(answer.status).toBe(404);
    expect(answer.json.error).toContain('GET /stats');
  });
});

describe('GET /__sandbox/state', () => {
  it('dumps the domain as a seed, with changes and without token values', async () => {
    const sb = await track(startAcme());
    await post(sb, `/workspaces/${ACME.corp}/addUser`, { data: { user: 'new.person@acme.example' } });
    const answer = await get(sb, '/__sandbox/state', { token: null });
    expect(answer.json.plan).toBe('enterprise');
    expect(
      answer.json.users.find((u: { email: string }) => u.email === 'new.person@acme.example'),
    ).toMatchObject({
      license: 'view-only',
    });
    expect(answer.text).not.toContain(ACME_TOKENS.adminPat);
    expect(answer.json).toEqual(sb.state());
  });
});

describe('the state file', () => {
  const dir = () => tempDir('sandbox-state');

  it('is written atomically after each change, and a second sandbox on it sees the change', async () => {
    const file = join(dir(), 'state.json');
    const a = await track(startAcme({ stateFile: file }));
    const b = await track(startAcme({ stateFile: file }));
    await post(a, `/teams/${ACME.teams.design}/addUser`, { data: { user: ACME.users.li } });
    const seen = await getAll(b, `/teams/${ACME.teams.design}/team_memberships?opt_fields=user.email`);
    expect(seen.map((m) => m.user.email)).toContain('li.wei@acme.example');
    expect(JSON.parse(readFileSync(file, 'utf8')).version).toBe(1);
    expect(readdirSync(join(file, '..'))).toEqual(['state.json']);
    // And back: b's change reaches a.
    await post(b, `/workspaces/${ACME.lab}/removeUser`, { data: { user: ACME.users.ken } });
    const lab = await getAll(a, `/workspaces/${ACME.lab}/workspace_memberships?opt_fields=user.email`);
    expect(lab.map((m) => m.user.email)).not.toContain('ken.ito@contractor.example');
  });

  it('wins over the seed when it exists, so a restart keeps the changes', async () => {
    const file = join(dir(), 'state.json');
    const first = await track(startAcme({ stateFile: file }));
    await call(first, 'DELETE', `/scim/Users/${ACME.users.li}`, { token: ACME_TOKENS.serviceAccount });
    await first.close();
    const second = await track(startAcme({ stateFile: file }));
    expect(
      (await get(second, `/scim/Users/${ACME.users.li}`, { token: ACME_TOKENS.serviceAccount })).json.active,
    ).toBe(false);
    // Gids handed out after a restart do not collide with earlier ones.
    const added = await post(second, `/workspaces/${ACME.corp}/addUser`, {
      data: { user: 'later@acme.example' },
    });
    expect(Number(added.json.data.gid)).toBeGreaterThan(1200000000000140);
  });

  it('is rejected with the file named when it is not a valid state', async () => {
    const file = join(dir(), 'state.json');
    writeFileSync(file, '{"plan": "enterprise"');
    await expect(startAcme({ stateFile: file })).rejects.toThrow(SeedError);
    await expect(startAcme({ stateFile: file })).rejects.toThrow(`${file}: the state file is not valid JSON`);
    writeFileSync(file, '{"plan": "gold"}');
    await expect(startAcme({ stateFile: file })).rejects.toThrow(/plan: required/);
  });
});
