// SCIM: who may call it, listing and filtering, creating accounts, licenses and deprovisioning.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Sandbox, type Seed, startSandbox } from '../../src/sandbox/index.js';
import { ACME, ACME_TOKENS, call, get, getAll, type Json, startAcme } from './helpers.js';

const SA = { token: ACME_TOKENS.serviceAccount };
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

let sb: Sandbox;
beforeEach(async () => {
  sb = await startAcme();
});
afterEach(() => sb.close());

const patch = (id: string, Operations: unknown[], token: string = ACME_TOKENS.serviceAccount) =>
  call(sb, 'PATCH', `/scim/Users/${id}`, { token, body: { schemas: [PATCH_OP], Operations } });

describe('access', () => {
  it('is refused to personal access tokens with 403 in SCIM’s error schema', async () => {
    const answer = await get(sb, '/scim/Users');
    expect(answer.status).toBe(403);
    expect(answer.json).toEqual({
      schemas: [ERROR_SCHEMA],
      status: '403',
      detail: expect.stringContaining('service account'),
    });
  });

  it('answers 401 in SCIM’s error schema without a token', async () => {
    const answer = await get(sb, '/scim/Users', { token: null });
    expect(answer.status).toBe(401);
    expect(answer.json).toMatchObject({ schemas: [ERROR_SCHEMA], status: '401' });
  });

  it('is refused with 402 on a domain below Enterprise', async () => {
    const premium: Seed = {
      version: 1,
      plan: 'premium',
      tokens: [{ name: 'sa', value: 'premium-service-account', kind: 'service-account' }],
      users: [{ email: 'a@p.example' }],
      workspaces: [{ name: 'P', organization: true, emailDomains: ['p.example'], members: ['a@p.example'] }],
    };
    const other = await startSandbox({ seed: premium });
    try {
      const res = await fetch(`${other.apiBaseUrl}/scim/Users`, {
        headers: { authorization: 'Bearer premium-service-account' },
      });
      expect(res.status).toBe(402);
      expect(await res.json()).toMatchObject({ schemas: [ERROR_SCHEMA], status: '402' });
    } finally {
      await other.close();
    }
  });

  it('describes itself at /ServiceProviderConfig', async () => {
    const answer = await get(sb, '/scim/ServiceProviderConfig', SA);
    expect(answer.json).toMatchObject({
      patch: { supported: true },
      bulk: { supported: false },
      filter: { supported: true },
    });
  });
});

describe('GET /Users', () => {
  it('lists the domain’s users, deprovisioned included, guests not', async () => {
    const answer = await get(sb, '/scim/Users?startIndex=1&count=100', SA);
    expect(answer.json).toMatchObject({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
      totalResults: 37,
      startIndex: 1,
      itemsPerPage: 37,
    });
    const names = answer.json.Resources.map((u: Json) => u.userName);
    expect(names).toContain('george.adams@acme.example');
    expect(names).not.toContain('sam.rivera@contractor.example');
    expect(names).not.toContain('asana-access-bot@acme.example');
    const laura = answer.json.Resources.find((u: Json) => u.userName === 'laura.bianchi@acme.example');
    expect(laura).toEqual({
      schemas: [USER_SCHEMA],
      id: ACME.users.laura,
      userName: 'laura.bianchi@acme.example',
      name: { formatted: 'Laura Bianchi', givenName: 'Laura', familyName: 'Bianchi' },
      displayName: 'Laura Bianchi',
      emails: [{ value: 'laura.bianchi@acme.example', primary: true, type: 'work' }],
      active: true,
      userType: 'view only',
      meta: { resourceType: 'User', location: `${sb.apiBaseUrl}/scim/Users/${ACME.users.laura}` },
    });
  });

  it('pages with startIndex and count', async () => {
    const seen: string[] = [];
    for (let start = 1; start <= 37; start += 10) {
      const page = await get(sb, `/scim/Users?startIndex=${start}&count=10`, SA);
      expect(page.json.startIndex).toBe(start);
      expect(page.json.totalResults).toBe(37);
      seen.push(...page.json.Resources.map((u: Json) => u.id));
    }
    expect(new Set(seen).size).toBe(37);
    expect((await get(sb, '/scim/Users?startIndex=100', SA)).json).toMatchObject({
      itemsPerPage: 0,
      Resources: [],
    });
    expect((await get(sb, '/scim/Users?count=abc', SA)).status).toBe(400);
  });

  it('finds one user with filter=userName eq "…", in any case', async () => {
    const answer = await get(
      sb,
      `/scim/Users?filter=${encodeURIComponent('userName eq "Tomas.Novak@acme.example"')}`,
      SA,
    );
    expect(answer.json.totalResults).toBe(1);
    expect(answer.json.Resources[0].id).toBe(ACME.users.tomas);
    const none = await get(
      sb,
      `/scim/Users?filter=${encodeURIComponent('userName eq "nobody@acme.example"')}`,
      SA,
    );
    expect(none.json).toMatchObject({ totalResults: 0, Resources: [] });
  });

  it('answers 400 invalidFilter to other filters', async () => {
    const answer = await get(sb, `/scim/Users?filter=${encodeURIComponent('title eq "x"')}`, SA);
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ schemas: [ERROR_SCHEMA], status: '400', scimType: 'invalidFilter' });
  });

  it('answers a user by id, and 404 for guests and unknown ids', async () => {
    expect((await get(sb, `/scim/Users/${ACME.users.george}`, SA)).json).toMatchObject({ active: false });
    expect((await get(sb, `/scim/Users/${ACME.users.sam}`, SA)).status).toBe(404);
    const unknown = await get(sb, '/scim/Users/1299999999999999', SA);
    expect(unknown.status).toBe(404);
    expect(unknown.json).toMatchObject({ schemas: [ERROR_SCHEMA], status: '404' });
  });
});

describe('POST /Users', () => {
  const create = (body: Record<string, unknown>) =>
    call(sb, 'POST', '/scim/Users', { ...SA, body: { schemas: [USER_SCHEMA], ...body } });

  it('creates a view-only account by default, in the organization', async () => {
    const answer = await create({
      userName: 'nina.berg@acme.example',
      name: { givenName: 'Nina', familyName: 'Berg' },
    });
    expect(answer.status).toBe(201);
    expect(answer.headers.get('location')).toBe(`${sb.apiBaseUrl}/scim/Users/${answer.json.id}`);
    expect(answer.json).toMatchObject({
      userName: 'nina.berg@acme.example',
      userType: 'view only',
      active: true,
    });
    expect(answer.json.name.formatted).toBe('Nina Berg');
    const rows = await getAll(
      sb,
      `/workspaces/${ACME.corp}/workspace_memberships?opt_fields=user.email,is_view_only`,
    );
    expect(rows.find((r) => r.user.email === 'nina.berg@acme.example')).toMatchObject({ is_view_only: true });
  });

  it('creates an enterprise account when asked', async () => {
    const answer = await create({ userName: 'omar@acme.example', userType: 'enterprise', active: true });
    expect(answer.json.userType).toBe('enterprise');
  });

  it('refuses an existing userName (409 uniqueness), even a deprovisioned one', async () => {
    const answer = await create({ userName: 'George.Adams@acme.example' });
    expect(answer.status).toBe(409);
    expect(answer.json).toMatchObject({ status: '409', scimType: 'uniqueness' });
  });

  it.each([
    ['an email outside the domain', { userName: 'x@elsewhere.example' }],
    ['a missing userName', {}],
    ['an unknown userType', { userName: 'y@acme.example', userType: 'viewer' }],
    ['an inactive new user', { userName: 'z@acme.example', active: false }],
  ])('refuses %s (400)', async (_label, body) => {
    const answer = await create(body);
    expect(answer.status).toBe(400);
    expect(answer.json.schemas).toEqual([ERROR_SCHEMA]);
  });
});

describe('PATCH /Users/{id}', () => {
  it('changes the license through userType', async () => {
    const up = await patch(ACME.users.laura, [{ op: 'replace', path: 'userType', value: 'enterprise' }]);
    expect(up.status).toBe(200);
    expect(up.json.userType).toBe('enterprise');
    const rows = await getAll(
      sb,
      `/workspaces/${ACME.corp}/workspace_memberships?opt_fields=user.email,is_view_only`,
    );
    expect(rows.find((r) => r.user.email === 'laura.bianchi@acme.example')).toMatchObject({
      is_view_only: false,
    });
    const down = await patch(ACME.users.laura, [{ op: 'Replace', value: { userType: 'view only' } }]);
    expect(down.json.userType).toBe('view only');
  });

  it('deprovisions with active: false (also "False" as a string), and repeating it is harmless', async () => {
    const answer = await patch(ACME.users.li, [{ op: 'replace', path: 'active', value: 'False' }]);
    expect(answer.json.active).toBe(false);
    const again = await patch(ACME.users.li, [{ op: 'replace', path: 'active', value: false }]);
    expect(again.status).toBe(200);
    const rows = await getAll(sb, `/teams/${ACME.teams.engineering}/team_memberships?opt_fields=user.email`);
    expect(rows.map((r) => r.user.email)).not.toContain('li.wei@acme.example');
  });

  it('refuses reactivation (400 mutability)', async () => {
    const answer = await patch(ACME.users.george, [{ op: 'replace', path: 'active', value: true }]);
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({
      scimType: 'mutability',
      detail: expect.stringContaining('Reactivating'),
    });
    expect(
      (await patch(ACME.users.george, [{ op: 'replace', path: 'userType', value: 'view only' }])).status,
    ).toBe(400);
  });

  it.each([
    ['an unknown path', [{ op: 'replace', path: 'title', value: 'x' }], 'invalidPath'],
    ['a remove op', [{ op: 'remove', path: 'userType' }], 'invalidSyntax'],
    ['a bad userType', [{ op: 'replace', path: 'userType', value: 'view-only' }], 'invalidValue'],
    ['no operations', [], 'invalidSyntax'],
  ])('refuses %s (400 %s)', async (_label, ops, scimType) => {
    const answer = await patch(ACME.users.li, ops);
    expect(answer.status).toBe(400);
    expect(answer.json.scimType).toBe(scimType);
  });

  it('needs the PatchOp schema', async () => {
    const answer = await call(sb, 'PATCH', `/scim/Users/${ACME.users.li}`, {
      ...SA,
      body: { Operations: [{ op: 'replace', path: 'active', value: false }] },
    });
    expect(answer.status).toBe(400);
  });
});

describe('DELETE /Users/{id}', () => {
  it('deprovisions (204), and repeating it is harmless', async () => {
    const answer = await call(sb, 'DELETE', `/scim/Users/${ACME.users.priya}`, SA);
    expect(answer.status).toBe(204);
    expect(answer.text).toBe('');
    expect((await get(sb, `/scim/Users/${ACME.users.priya}`, SA)).json.active).toBe(false);
    expect((await call(sb, 'DELETE', `/scim/Users/${ACME.users.priya}`, SA)).status).toBe(204);
    const rows = await getAll(sb, `/workspaces/${ACME.lab}/workspace_memberships?opt_fields=user.email`);
    expect(rows.map((r) => r.user.email)).not.toContain('priya.raman@acme.example');
  });
});
