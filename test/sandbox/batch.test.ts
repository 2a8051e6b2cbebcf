// POST /batch: up to 10 actions, a status per action, SCIM refused, every action counted against limits.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/index.js';
import { ACME, ACME_TOKENS, getAll, message, post, startAcme } from './helpers.js';

let sb: Sandbox;
beforeEach(async () => {
  sb = await startAcme();
});
afterEach(() => sb.close());

const batch = (actions: unknown[], token?: string) => post(sb, '/batch', { data: { actions } }, { token });

describe('POST /batch', () => {
  it('runs each action and answers 200 with its status and body, in order', async () => {
    const answer = await batch([
      {
        relative_path: `/teams/${ACME.teams.design}/addUser`,
        method: 'post',
        data: { user: 'li.wei@acme.example' },
      },
      {
        relative_path: `/teams/${ACME.teams.design}/addUser`,
        method: 'post',
        data: { user: 'nobody@acme.example' },
      },
      { relative_path: `/workspaces/${ACME.lab}/removeUser`, method: 'post', data: { user: ACME.users.ken } },
      {
        relative_path: `/teams/${ACME.teams.design}/team_memberships`,
        method: 'get',
        options: { limit: 2, fields: ['user.email'] },
      },
      { relative_path: '/users/me', method: 'get', data: { opt_fields: 'email' } },
    ]);
    expect(answer.status).toBe(200);
    const results = answer.json.data;
    expect(results.map((r: { status_code: number }) => r.status_code)).toEqual([200, 404, 200, 200, 200]);
    expect(results[0]).toEqual({
      status_code: 200,
      headers: {},
      body: { data: expect.objectContaining({ resource_type: 'team_membership', is_admin: false }) },
    });
    expect(results[1].body.errors[0].message).toContain('Unknown object');
    expect(results[2].body).toEqual({ data: {} });
    expect(results[3].body.data).toHaveLength(2);
    expect(results[3].body.data[0]).toEqual({
      gid: expect.any(String),
      user: { gid: expect.any(String), email: 'clara.dubois@acme.example' },
    });
    expect(results[3].body.next_page.offset).toEqual(expect.any(String));
    expect(results[4].body.data).toEqual({ gid: ACME.users.ada, email: 'ada.lindqvist@acme.example' });
    // The changes happened.
    const design = await getAll(sb, `/teams/${ACME.teams.design}/team_memberships?opt_fields=user.email`);
    expect(design.map((r) => r.user.email)).toContain('li.wei@acme.example');
    const stats = sb.stats();
    expect(stats.byRoute['POST /batch']).toEqual({ '200': 1 });
    expect(stats.batchActions['POST /teams/{team_gid}/addUser']).toEqual({ '200': 1, '404': 1 });
    expect(stats.mutations).toBe(2);
  });

  it('applies the permission rules per action', async () => {
    const answer = await batch(
      [
        {
          relative_path: `/workspaces/${ACME.corp}/removeUser`,
          method: 'post',
          data: { user: ACME.users.li },
        },
        { relative_path: '/workspaces', method: 'get' },
      ],
      ACME_TOKENS.viewOnlyPat,
    );
    expect(answer.json.data.map((r: { status_code: number }) => r.status_code)).toEqual([403, 200]);
    expect(answer.json.data[0].body.errors[0].message).toBe(
      'You cannot perform write actions as a view only license member.',
    );
  });

  it('refuses SCIM, nested batches, query strings and bad actions per action (400)', async () => {
    const answer = await batch(
      [
        { relative_path: '/scim/Users', method: 'get' },
        { relative_path: '/batch', method: 'post', data: { actions: [] } },
        { relative_path: '/workspaces?limit=5', method: 'get' },
        { relative_path: '/workspaces', method: 'fetch' },
        { method: 'get' },
        { relative_path: '/nope', method: 'get' },
      ],
      ACME_TOKENS.serviceAccount,
    );
    expect(answer.status).toBe(200);
    const results = answer.json.data;
    expect(results.map((r: { status_code: number }) => r.status_code)).toEqual([
      400, 400, 400, 400, 400, 404,
    ]);
    expect(results[0].body.errors[0].message).toContain('SCIM operations are not allowed in a batch');
  });

  it.each([
    ['no actions', []],
    [
      'more than 10 actions',
      Array.from({ length: 11 }, () => ({ relative_path: '/users/me', method: 'get' })),
    ],
  ])('answers 400 for %s', async (_label, actions) => {
    const answer = await batch(actions);
    expect(answer.status).toBe(400);
    expect(message(answer)).toMatch(/^actions: /);
  });

  it('answers 400 without data.actions and 401 without a token', async () => {
    expect((await post(sb, '/batch', { actions: [] })).status).toBe(400);
    expect((await post(sb, '/batch', { data: { actions: [] } }, { token: null })).status).toBe(401);
  });
});

describe('limits on batches', () => {
  it('counts every action against the requests per minute; the whole batch fails with 429', async () => {
    await sb.close();
    sb = await startAcme({ rateLimitPerMinute: 12 });
    const actions = Array.from({ length: 10 }, () => ({ relative_path: '/users/me', method: 'get' }));
    expect((await batch(actions)).status).toBe(200);
    const limited = await batch(actions.slice(0, 3));
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(sb.stats().batchActions['GET /users/{user_gid}']).toEqual({ '200': 10 });
  });

  it('counts every action against the in-flight caps', async () => {
    await sb.close();
    sb = await startAcme({ latency: { baseMs: 1000 }, maxWritesInFlight: 15 });
    const write = {
      relative_path: `/teams/${ACME.teams.design}/addUser`,
      method: 'post',
      data: { user: ACME.users.li },
    };
    const [a, b] = await Promise.all([batch(Array(10).fill(write)), batch(Array(10).fill(write))]);
    expect([a.status, b.status].sort()).toEqual([200, 429]);
  });
});
