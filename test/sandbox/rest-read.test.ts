// Reading through REST: authentication, lookups, visibility, opt_fields and the membership flags.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/index.js';
import { ACME, ACME_TOKENS, call, get, getAll, type Json, message, startAcme } from './helpers.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startAcme();
});
afterAll(() => sb.close());

describe('authentication', () => {
  it.each([
    ['no token', null],
    ['an unknown token', 'not-a-sandbox-token'],
  ])('answers 401 with Asana’s envelope for %s', async (_label, token) => {
    const answer = await get(sb, '/workspaces', { token });
    expect(answer.status).toBe(401);
    expect(answer.json).toEqual({
      errors: [{ message: 'Not Authorized', help: expect.stringContaining('errors') }],
    });
  });

  it('answers 401 to a malformed Authorization header', async () => {
    const res = await fetch(`${sb.apiBaseUrl}/workspaces`, { headers: { authorization: 'Basic abc' } });
    expect(res.status).toBe(401);
  });

  it('answers 404 for paths Asana does not have', async () => {
    const answer = await get(sb, '/nope');
    expect(answer.status).toBe(404);
    expect(message(answer)).toBe('No matching route for request');
    expect((await call(sb, 'DELETE', '/workspaces')).status).toBe(404);
    expect((await fetch(`${sb.url}/elsewhere`)).status).toBe(404);
  });
});

describe('GET /users/{user}', () => {
  it('answers the caller for me, with the full record by default', async () => {
    const answer = await get(sb, '/users/me');
    expect(answer.status).toBe(200);
    expect(answer.json.data).toEqual({
      gid: ACME.users.ada,
      resource_type: 'user',
      name: 'Ada Lindqvist',
      email: 'ada.lindqvist@acme.example',
      photo: null,
      workspaces: [
        { gid: ACME.corp, resource_type: 'workspace', name: 'Acme Corp' },
        { gid: ACME.lab, resource_type: 'workspace', name: 'Acme Partners Lab' },
      ],
    });
  });

  it('answers the service account’s own identity for its token', async () => {
    const answer = await get(sb, '/users/me?opt_fields=email,name', { token: ACME_TOKENS.serviceAccount });
    expect(answer.json.data).toEqual({
      gid: ACME.serviceAccount,
      email: 'asana-access-bot@acme.example',
      name: 'asana-access service account',
    });
  });

  it('finds users by gid and by email in any case', async () => {
    const byGid = await get(sb, `/users/${ACME.users.tomas}?opt_fields=email`);
    const byEmail = await get(sb, '/users/Tomas.Novak@ACME.example?opt_fields=email');
    expect(byGid.json.data).toEqual({ gid: ACME.users.tomas, email: 'tomas.novak@acme.example' });
    expect(byEmail.json.data).toEqual(byGid.json.data);
  });

  it('lists only the workspaces the caller shares', async () => {
    const answer = await get(sb, `/users/${ACME.users.priya}?opt_fields=workspaces`, {
      token: ACME_TOKENS.memberPat,
    });
    expect(answer.json.data.workspaces.map((w: Json) => w.gid)).toEqual([ACME.corp]);
  });

  it('answers 404 for an unknown gid or email', async () => {
    const unknown = await get(sb, '/users/1299999999999999');
    expect(unknown.status).toBe(404);
    expect(message(unknown)).toContain('Unknown object');
    expect((await get(sb, '/users/nobody@acme.example')).status).toBe(404);
  });
});

describe('workspaces', () => {
  it('lists the caller’s workspaces, compact by default', async () => {
    const answer = await get(sb, '/workspaces', { token: ACME_TOKENS.memberPat });
    expect(answer.json).toEqual({
      data: [{ gid: ACME.corp, resource_type: 'workspace', name: 'Acme Corp' }],
    });
    const all = await get(sb, '/workspaces?limit=100', { token: ACME_TOKENS.serviceAccount });
    expect(all.json.data.map((w: Json) => w.name)).toEqual(['Acme Corp', 'Acme Partners Lab']);
  });

  it('answers a workspace in full, and 403 to a non-member, 404 for an unknown gid', async () => {
    const answer = await get(sb, `/workspaces/${ACME.corp}`);
    expect(answer.json.data).toEqual({
      gid: ACME.corp,
      resource_type: 'workspace',
      name: 'Acme Corp',
      email_domains: ['acme.example'],
      is_organization: true,
    });
    expect((await get(sb, `/workspaces/${ACME.lab}`, { token: ACME_TOKENS.memberPat })).status).toBe(403);
    expect((await get(sb, '/workspaces/1299999999999999')).status).toBe(404);
  });
});

describe('workspace memberships', () => {
  const fields = 'opt_fields=user.email,user.name,is_active,is_admin,is_guest,is_view_only';

  it('shows admins, guests and view-only licenses', async () => {
    const rows = await getAll(sb, `/workspaces/${ACME.corp}/workspace_memberships?${fields}`);
    expect(rows).toHaveLength(37);
    const byEmail = new Map(rows.map((r) => [r.user.email, r]));
    expect(byEmail.get('ada.lindqvist@acme.example')).toMatchObject({
      is_admin: true,
      is_guest: false,
      is_view_only: false,
    });
    expect(byEmail.get('laura.bianchi@acme.example')).toMatchObject({ is_admin: false, is_view_only: true });
    expect(byEmail.get('sam.rivera@contractor.example')).toMatchObject({
      is_guest: true,
      is_view_only: false,
    });
    expect(byEmail.has('george.adams@acme.example')).toBe(false);
    expect(rows.every((r) => r.is_active === true && typeof r.gid === 'string')).toBe(true);
    expect(Object.keys(rows[0]).sort()).toEqual([
      'gid',
      'is_active',
      'is_admin',
      'is_guest',
      'is_view_only',
      'user',
    ]);
  });

  it('has no guests in a plain workspace', async () => {
    const rows = await getAll(
      sb,
      `/workspaces/${ACME.lab}/workspace_memberships?opt_fields=user.email,is_guest`,
    );
    expect(rows.find((r) => r.user.email === 'ken.ito@contractor.example')).toMatchObject({
      is_guest: false,
    });
  });

  it('answers compact records by default, and filters by user', async () => {
    const answer = await get(
      sb,
      `/workspaces/${ACME.corp}/workspace_memberships?user=emma.wilson@acme.example`,
    );
    expect(answer.json.data).toEqual([
      {
        gid: expect.any(String),
        resource_type: 'workspace_membership',
        user: { gid: ACME.users.emma, resource_type: 'user', name: 'Emma Wilson' },
        workspace: { gid: ACME.corp, resource_type: 'workspace', name: 'Acme Corp' },
      },
    ]);
    expect(answer.json.next_page).toBeUndefined();
  });

  it('refuses guests (403) and non-members (403)', async () => {
    expect(
      (await get(sb, `/workspaces/${ACME.corp}/workspace_memberships`, { token: ACME_TOKENS.guestPat }))
        .status,
    ).toBe(403);
    expect(
      (await get(sb, `/workspaces/${ACME.lab}/workspace_memberships`, { token: ACME_TOKENS.memberPat }))
        .status,
    ).toBe(403);
  });
});

describe('teams and team memberships', () => {
  it('shows secret teams only to their members and admins', async () => {
    const names = async (token: string) =>
      (await getAll(sb, `/workspaces/${ACME.corp}/teams`, token)).map((t) => t.name);
    expect(await names(ACME_TOKENS.adminPat)).toContain('Leadership');
    expect(await names(ACME_TOKENS.serviceAccount)).toHaveLength(6);
    expect(await names(ACME_TOKENS.memberPat)).toEqual([
      'Engineering',
      'Design',
      'Marketing',
      'Sales',
      'Security',
    ]);
    expect(await names(ACME_TOKENS.viewOnlyPat)).toContain('Leadership'); // a limited-access member
    expect(await names(ACME_TOKENS.guestPat)).toEqual(['Engineering']);
    expect(
      (await get(sb, `/teams/${ACME.teams.leadership}/team_memberships`, { token: ACME_TOKENS.memberPat }))
        .status,
    ).toBe(403);
  });

  it('has no teams in a plain workspace', async () => {
    expect((await get(sb, `/workspaces/${ACME.lab}/teams?limit=10`)).json).toEqual({
      data: [],
      next_page: null,
    });
  });

  it('shows team roles', async () => {
    const rows = await getAll(
      sb,
      `/teams/${ACME.teams.engineering}/team_memberships?opt_fields=user.email,is_admin,is_guest,is_limited_access`,
    );
    const byEmail = new Map(rows.map((r) => [r.user.email, r]));
    expect(rows).toHaveLength(11);
    expect(byEmail.get('tomas.novak@acme.example')).toMatchObject({
      is_admin: true,
      is_limited_access: false,
    });
    expect(byEmail.get('mei.chen@acme.example')).toMatchObject({ is_admin: false, is_limited_access: true });
    expect(byEmail.get('sam.rivera@contractor.example')).toMatchObject({
      is_guest: true,
      is_limited_access: true,
    });
  });

  it('answers GET /team_memberships?team= like the team’s own list', async () => {
    const a = await get(sb, `/team_memberships?team=${ACME.teams.design}&limit=100`);
    const b = await get(sb, `/teams/${ACME.teams.design}/team_memberships?limit=100`);
    expect(a.json).toEqual(b.json);
    expect(a.json.data[0]).toEqual({
      gid: expect.any(String),
      resource_type: 'team_membership',
      user: { gid: expect.any(String), resource_type: 'user', name: 'Clara Dubois' },
      team: { gid: ACME.teams.design, resource_type: 'team', name: 'Design' },
      is_guest: false,
      is_limited_access: false,
      is_admin: true,
    });
  });

  it('answers GET /team_memberships?user=&workspace= with the user’s teams', async () => {
    const answer = await get(
      sb,
      `/team_memberships?user=emma.wilson@acme.example&workspace=${ACME.corp}&opt_fields=team.name`,
    );
    expect(answer.json.data.map((r: Json) => r.team.name)).toEqual(['Marketing', 'Sales']);
    expect((await get(sb, '/team_memberships')).status).toBe(400);
  });

  it('answers 404 for unknown teams and workspaces', async () => {
    expect((await get(sb, '/teams/1299999999999999/team_memberships')).status).toBe(404);
    expect((await get(sb, '/workspaces/1299999999999999/teams')).status).toBe(404);
    expect((await get(sb, '/workspaces/1299999999999999/workspace_memberships')).status).toBe(404);
  });
});

describe('opt_fields', () => {
  it('returns gid plus exactly the fields asked for, nested ones by dotted path', async () => {
    const answer = await get(
      sb,
      `/teams/${ACME.teams.security}/team_memberships?opt_fields=user.email,team.name&limit=1`,
    );
    expect(answer.json.data[0]).toEqual({
      gid: expect.any(String),
      user: { gid: expect.any(String), email: 'viktor.petrov@acme.example' },
      team: { gid: ACME.teams.security, name: 'Security' },
    });
  });

  it('returns an object compact when asked for without sub-fields', async () => {
    const answer = await get(sb, `/workspaces/${ACME.corp}/workspace_memberships?opt_fields=user&limit=1`);
    expect(answer.json.data[0].user).toEqual({
      gid: ACME.users.ada,
      resource_type: 'user',
      name: 'Ada Lindqvist',
    });
  });

  it('accepts the pagination names Asana lists and ignores them', async () => {
    const answer = await get(sb, '/workspaces?opt_fields=name,offset,path,uri');
    expect(answer.json.data[0]).toEqual({ gid: ACME.corp, name: 'Acme Corp' });
  });

  it.each(['emial', 'user.emial', 'is_admin.x', 'user..email'])(
    'answers 400 for the unknown field %s',
    async (f) => {
      const answer = await get(sb, `/workspaces/${ACME.corp}/workspace_memberships?opt_fields=${f}`);
      expect(answer.status).toBe(400);
      expect(message(answer)).toMatch(/^opt_fields: /);
    },
  );
});
