// Membership changes through REST: who may make them, what invitations create, what deprovisioning
// takes away, and that repeating a change is harmless.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/index.js';
import { ACME, ACME_TOKENS, call, get, getAll, type Json, message, post, startAcme } from './helpers.js';

let sb: Sandbox;
beforeEach(async () => {
  sb = await startAcme();
});
afterEach(() => sb.close());

const teamEmails = async (team: string) =>
  (await getAll(sb, `/teams/${team}/team_memberships?opt_fields=user.email`)).map(
    (r) => r.user.email as string,
  );
const workspaceEmails = async (ws: string) =>
  (await getAll(sb, `/workspaces/${ws}/workspace_memberships?opt_fields=user.email`)).map(
    (r) => r.user.email as string,
  );

describe('view-only callers', () => {
  it.each([
    [`/workspaces/${ACME.corp}/addUser`],
    [`/workspaces/${ACME.corp}/removeUser`],
    [`/teams/${ACME.teams.leadership}/addUser`],
    [`/teams/${ACME.teams.leadership}/removeUser`],
  ])('cannot write: %s answers 403 with Asana’s message', async (path) => {
    const answer = await post(
      sb,
      path,
      { data: { user: ACME.users.li } },
      { token: ACME_TOKENS.viewOnlyPat },
    );
    expect(answer.status).toBe(403);
    expect(answer.json).toEqual({
      errors: [
        {
          message: 'You cannot perform write actions as a view only license member.',
          help: expect.any(String),
        },
      ],
    });
  });

  it('can still read', async () => {
    expect(
      (await get(sb, `/workspaces/${ACME.corp}/workspace_memberships`, { token: ACME_TOKENS.viewOnlyPat }))
        .status,
    ).toBe(200);
  });
});

describe('POST /workspaces/{gid}/addUser', () => {
  it('adds an existing user by gid and answers the user', async () => {
    const answer = await post(sb, `/workspaces/${ACME.lab}/addUser`, { data: { user: ACME.users.li } });
    expect(answer.status).toBe(200);
    expect(answer.json.data).toEqual({
      gid: ACME.users.li,
      resource_type: 'user',
      name: 'Li Wei',
      email: 'li.wei@acme.example',
      photo: null,
    });
    expect(await workspaceEmails(ACME.lab)).toContain('li.wei@acme.example');
  });

  it('invites an unknown email: creates the account with a view-only license', async () => {
    const answer = await post(sb, `/workspaces/${ACME.corp}/addUser`, {
      data: { user: 'New.Hire@acme.example' },
    });
    expect(answer.status).toBe(200);
    expect(answer.json.data).toMatchObject({
      email: 'New.Hire@acme.example',
      gid: expect.stringMatching(/^\d+$/),
    });
    const rows = await getAll(
      sb,
      `/workspaces/${ACME.corp}/workspace_memberships?opt_fields=user.email,is_view_only,is_guest`,
    );
    expect(rows.find((r) => r.user.email === 'New.Hire@acme.example')).toMatchObject({
      is_view_only: true,
      is_guest: false,
    });
    const scim = await get(sb, '/scim/Users?filter=userName eq "new.hire@acme.example"', {
      token: ACME_TOKENS.serviceAccount,
    });
    expect(scim.json.Resources[0]).toMatchObject({ userType: 'view only', active: true });
  });

  it('invites an outside email into the organization as a guest', async () => {
    await post(sb, `/workspaces/${ACME.corp}/addUser`, { data: { user: 'pat@vendor.example' } });
    const rows = await getAll(
      sb,
      `/workspaces/${ACME.corp}/workspace_memberships?opt_fields=user.email,is_guest`,
    );
    expect(rows.find((r) => r.user.email === 'pat@vendor.example')).toMatchObject({ is_guest: true });
  });

  it('lets any full member invite, but not guests or outsiders', async () => {
    expect(
      (
        await post(
          sb,
          `/workspaces/${ACME.corp}/addUser`,
          { data: { user: 'x1@acme.example' } },
          { token: ACME_TOKENS.memberPat },
        )
      ).status,
    ).toBe(200);
    expect(
      (
        await post(
          sb,
          `/workspaces/${ACME.corp}/addUser`,
          { data: { user: 'x2@acme.example' } },
          { token: ACME_TOKENS.guestPat },
        )
      ).status,
    ).toBe(403);
    expect(
      (
        await post(
          sb,
          `/workspaces/${ACME.lab}/addUser`,
          { data: { user: 'x3@acme.example' } },
          { token: ACME_TOKENS.memberPat },
        )
      ).status,
    ).toBe(403);
  });

  it('is harmless when repeated', async () => {
    const before = await workspaceEmails(ACME.corp);
    const first = await post(sb, `/workspaces/${ACME.corp}/addUser`, {
      data: { user: 'li.wei@acme.example' },
    });
    expect(first.status).toBe(200);
    expect(await workspaceEmails(ACME.corp)).toEqual(before);
    expect(sb.stats().mutations).toBe(0);
  });

  it('answers 400 without data.user, 404 for an unknown gid or workspace', async () => {
    const missing = await post(sb, `/workspaces/${ACME.corp}/addUser`, { data: {} });
    expect(missing.status).toBe(400);
    expect(message(missing)).toBe('user: Missing input');
    expect(
      (await post(sb, `/workspaces/${ACME.corp}/addUser`, { data: { user: '1299999999999999' } })).status,
    ).toBe(404);
    expect(
      (await post(sb, '/workspaces/1299999999999999/addUser', { data: { user: ACME.users.li } })).status,
    ).toBe(404);
    const bad = await call(sb, 'POST', `/workspaces/${ACME.corp}/addUser`, { body: '{not json' });
    expect(bad.status).toBe(400);
  });

  it('refuses to reactivate a deprovisioned user (403)', async () => {
    const answer = await post(sb, `/workspaces/${ACME.corp}/addUser`, {
      data: { user: 'george.adams@acme.example' },
    });
    expect(answer.status).toBe(403);
    expect(message(answer)).toContain('deprovisioned');
  });
});

describe('POST /workspaces/{gid}/removeUser', () => {
  it('is for workspace admins only (403 otherwise)', async () => {
    const answer = await post(
      sb,
      `/workspaces/${ACME.corp}/removeUser`,
      { data: { user: ACME.users.li } },
      { token: ACME_TOKENS.memberPat },
    );
    expect(answer.status).toBe(403);
    expect(await workspaceEmails(ACME.corp)).toContain('li.wei@acme.example');
  });

  it('removes the member from the workspace and its teams; the account stays active', async () => {
    const answer = await post(sb, `/workspaces/${ACME.corp}/removeUser`, {
      data: { user: 'emma.wilson@acme.example' },
    });
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ data: {} });
    expect(await workspaceEmails(ACME.corp)).not.toContain('emma.wilson@acme.example');
    expect(await teamEmails(ACME.teams.marketing)).not.toContain('emma.wilson@acme.example');
    expect(await teamEmails(ACME.teams.sales)).not.toContain('emma.wilson@acme.example');
    expect((await get(sb, '/users/me', { token: ACME_TOKENS.memberPat })).status).toBe(200);
  });

  it('is harmless when repeated', async () => {
    await post(sb, `/workspaces/${ACME.lab}/removeUser`, { data: { user: 'ken.ito@contractor.example' } });
    const again = await post(sb, `/workspaces/${ACME.lab}/removeUser`, {
      data: { user: 'ken.ito@contractor.example' },
    });
    expect(again.status).toBe(200);
    expect(again.json).toEqual({ data: {} });
    expect(sb.stats().mutations).toBe(1);
  });

  it('deprovisions a domain user when called with a service-account token', async () => {
    const answer = await post(
      sb,
      `/workspaces/${ACME.corp}/removeUser`,
      { data: { user: 'tomas.novak@acme.example' } },
      { token: ACME_TOKENS.serviceAccount },
    );
    expect(answer.status).toBe(200);
    // Gone from every workspace and team, not only this one.
    expect(await workspaceEmails(ACME.lab)).not.toContain('tomas.novak@acme.example');
    expect(await teamEmails(ACME.teams.engineering)).not.toContain('tomas.novak@acme.example');
    const scim = await get(sb, `/scim/Users/${ACME.users.tomas}`, { token: ACME_TOKENS.serviceAccount });
    expect(scim.json.active).toBe(false);
  });
});

describe('deprovisioned users', () => {
  it('lose every membership, and their token stops working (401)', async () => {
    await call(sb, 'PATCH', `/scim/Users/${ACME.users.emma}`, {
      token: ACME_TOKENS.serviceAccount,
      body: {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'replace', path: 'active', value: false }],
      },
    });
    expect(await workspaceEmails(ACME.corp)).not.toContain('emma.wilson@acme.example');
    expect(await teamEmails(ACME.teams.marketing)).not.toContain('emma.wilson@acme.example');
    expect((await get(sb, '/users/me', { token: ACME_TOKENS.memberPat })).status).toBe(401);
    // The account still exists.
    expect((await get(sb, `/users/${ACME.users.emma}?opt_fields=email`)).json.data.email).toBe(
      'emma.wilson@acme.example',
    );
  });

  it('cannot be added to a team (400: not in the organization)', async () => {
    const answer = await post(sb, `/teams/${ACME.teams.engineering}/addUser`, {
      data: { user: ACME.users.george },
    });
    expect(answer.status).toBe(400);
  });
});

describe('team membership changes', () => {
  const add = (team: string, user: string, token: string) =>
    post(sb, `/teams/${team}/addUser`, { data: { user } }, { token });
  const remove = (team: string, user: string, token: string) =>
    post(sb, `/teams/${team}/removeUser`, { data: { user } }, { token });

  it('are open to team members and answer the new membership', async () => {
    const answer = await add(ACME.teams.marketing, 'li.wei@acme.example', ACME_TOKENS.memberPat);
    expect(answer.status).toBe(200);
    expect(answer.json.data).toEqual({
      gid: expect.any(String),
      resource_type: 'team_membership',
      user: { gid: ACME.users.li, resource_type: 'user', name: 'Li Wei' },
      team: { gid: ACME.teams.marketing, resource_type: 'team', name: 'Marketing' },
      is_guest: false,
      is_limited_access: false,
      is_admin: false,
    });
    expect((await remove(ACME.teams.marketing, 'li.wei@acme.example', ACME_TOKENS.memberPat)).status).toBe(
      200,
    );
    expect(await teamEmails(ACME.teams.marketing)).not.toContain('li.wei@acme.example');
  });

  it('are refused (403) to non-members, limited-access members and guests', async () => {
    // Emma is not in Engineering, has limited access to Sales; Sam is a guest in Engineering.
    expect((await add(ACME.teams.engineering, ACME.users.priya, ACME_TOKENS.memberPat)).status).toBe(403);
    expect((await add(ACME.teams.sales, ACME.users.li, ACME_TOKENS.memberPat)).status).toBe(403);
    expect((await remove(ACME.teams.sales, 'raj.patel@acme.example', ACME_TOKENS.memberPat)).status).toBe(
      403,
    );
    const guest = await add(ACME.teams.engineering, ACME.users.priya, ACME_TOKENS.guestPat);
    expect(guest.status).toBe(403);
    expect(message(guest)).toContain('organization admins');
  });

  it('are open to organization admins and service accounts in any team', async () => {
    expect((await add(ACME.teams.sales, ACME.users.li, ACME_TOKENS.adminPat)).status).toBe(200);
    expect((await add(ACME.teams.design, ACME.users.li, ACME_TOKENS.serviceAccount)).status).toBe(200);
    expect(await teamEmails(ACME.teams.sales)).toContain('li.wei@acme.example');
  });

  it('let a limited-access member leave on their own', async () => {
    expect((await remove(ACME.teams.sales, 'me', ACME_TOKENS.memberPat)).status).toBe(200);
    expect(await teamEmails(ACME.teams.sales)).not.toContain('emma.wilson@acme.example');
  });

  it('need the user in the team’s organization (400)', async () => {
    const answer = await add(ACME.teams.engineering, 'ken.ito@contractor.example', ACME_TOKENS.adminPat);
    expect(answer.status).toBe(400);
    expect(message(answer)).toContain('not a member of the organization Acme Corp');
  });

  it('are harmless when repeated', async () => {
    const first = await add(ACME.teams.engineering, 'tomas.novak@acme.example', ACME_TOKENS.adminPat);
    expect(first.json.data.is_admin).toBe(true); // the existing membership, untouched
    await remove(ACME.teams.design, 'li.wei@acme.example', ACME_TOKENS.adminPat);
    const again = await remove(ACME.teams.design, 'li.wei@acme.example', ACME_TOKENS.adminPat);
    expect(again.status).toBe(200);
    expect(sb.stats().mutations).toBe(0);
  });

  it('answer 404 for an unknown team or user', async () => {
    expect((await add('1299999999999999', ACME.users.li, ACME_TOKENS.adminPat)).status).toBe(404);
    expect((await add(ACME.teams.design, 'nobody@acme.example', ACME_TOKENS.adminPat)).status).toBe(404);
  });

  it('accept form-encoded bodies too', async () => {
    const res = await fetch(`${sb.apiBaseUrl}/teams/${ACME.teams.design}/addUser`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${ACME_TOKENS.adminPat}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: `user=${encodeURIComponent('li.wei@acme.example')}`,
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as Json).data.user.gid).toBe(ACME.users.li);
  });
});
