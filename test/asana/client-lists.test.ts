// Pagination: limit=100 always, next_page.offset followed, expired offsets restart once; SCIM paging.
import { afterEach, describe, expect, it } from 'vitest';
import { createAsanaClient } from '../../src/asana/client.js';
import { AsanaApiError } from '../../src/asana/errors.js';
import type { ClientEvent } from '../../src/asana/types.js';
import { FAST, type Stub, type StubRequest, startStub, TOKEN } from './stub-server.js';

let stub: Stub | undefined;
afterEach(async () => {
  await stub?.close();
  stub = undefined;
});

const team = (i: number) => ({ gid: String(9000 + i), name: `Team ${i}`, resource_type: 'team' });

/** Pages of `total` teams; the offset is the index of the next item. */
function teamPages(total: number, req: StubRequest) {
  const limit = Number(req.query.get('limit'));
  const from = Number(req.query.get('offset') ?? '0');
  const data = Array.from({ length: Math.max(0, Math.min(limit, total - from)) }, (_, k) => team(from + k));
  const next = from + limit < total ? { offset: String(from + limit), path: '/x', uri: 'http://x' } : null;
  return { status: 200, body: { data, next_page: next } };
}

describe('REST lists', () => {
  it('reads 250 teams in 3 requests of limit=100, with the fields asked', async () => {
    stub = await startStub((req) => teamPages(250, req));
    const events: ClientEvent[] = [];
    const client = createAsanaClient({
      baseUrl: stub.baseUrl,
      token: TOKEN,
      ...FAST,
      onEvent: (e) => events.push(e),
    });
    const teams = await client.teams('77');
    expect(teams).toHaveLength(250);
    expect(teams[249]).toEqual({ gid: '9249', name: 'Team 249', workspaceGid: '77' });
    expect(
      stub.requests.map((r) => [
        r.path,
        r.query.get('limit'),
        r.query.get('offset'),
        r.query.get('opt_fields'),
      ]),
    ).toEqual([
      ['/workspaces/77/teams', '100', null, 'name'],
      ['/workspaces/77/teams', '100', '100', 'name'],
      ['/workspaces/77/teams', '100', '200', 'name'],
    ]);
    expect(client.counters().pages).toBe(3);
    expect(events.filter((e) => e.type === 'page')).toEqual([
      { type: 'page', list: 'teams of workspace 77', count: 100 },
      { type: 'page', list: 'teams of workspace 77', count: 100 },
      { type: 'page', list: 'teams of workspace 77', count: 50 },
    ]);
  });

  it('sends the User-Agent and bearer token on every request', async () => {
    stub = await startStub((req) => teamPages(150, req));
    const client = createAsanaClient({ baseUrl: stub.baseUrl, token: TOKEN, ...FAST });
    await client.teams('1');
    for (const r of stub.requests) {
      expect(r.headers['user-agent']).toMatch(/^asana-access\/\d+\.\d+\.\d+/);
      expect(r.headers.authorization).toBe(`Bearer ${TOKEN}`);
    }
  });

  it('restarts a list once when its offset expired', async () => {
    let expired = false;
    stub = await startStub((req) => {
      if (req.query.get('offset') === '200' && !expired) {
        expired = true;
        return { status: 400, body: { errors: [{ message: 'offset: Your pagination token has expired.' }] } };
      }
      return teamPages(250, req);
    });
    const client = createAsanaClient({ baseUrl: stub.baseUrl, token: TOKEN, ...FAST });
    const teams = await client.teams('1');
    expect(teams.map((t) => t.gid)).toEqual(Array.from({ length: 250 }, (_, i) => String(9000 + i)));
    expect(stub.requests.map((r) => r.query.get('offset'))).toEqual([null, '100', '200', null, '100', '200']);
  });

  it('fails clearly when the offset expires again after the restart', async () => {
    stub = await startStub((req) =>
      req.query.get('offset') === '100'
        ? { status: 400, body: { errors: [{ message: 'offset: Your pagination token has expired.' }] } }
        : teamPages(250, req),
    );
    const client = createAsanaClient({ baseUrl: stub.baseUrl, token: TOKEN, ...FAST });
    const e = (await client.teams('1').catch((x: unknown) => x)) as AsanaApiError;
    expect(e).toBeInstanceOf(AsanaApiError);
    expect(e.kind).toBe('bad-request');
    expect(e.message).toContain(
      'pagination offset expired again after restarting the list of teams of workspace 1',
    );
    expect(stub.requests).toHaveLength(4);
  });

  it('a 400 on the first page is not an expired offset: no restart', async () => {
    stub = await startStub(() => ({ status: 400, body: { errors: [{ message: 'offset: bad' }] } }));
    const client = createAsanaClient({ baseUrl: stub.baseUrl, token: TOKEN, ...FAST });
    await expect(client.teams('1')).rejects.toMatchObject({ kind: 'bad-request' });
    expect(stub.requests).toHaveLength(1);
  });

  it('an offset that repeats is malformed instead of an endless loop', async () => {
    stub = await startStub(() => ({ status: 200, body: { data: [team(1)], next_page: { offset: 'same' } } }));
    const client = createAsanaClient({ baseUrl: stub.baseUrl, token: TOKEN, ...FAST });
    await expect(client.teams('1')).rejects.toThrow(/next_page.offset repeats an earlier offset/);
    expect(stub.requests).toHaveLength(2);
  });

  it('maps workspace and team memberships', async () => {
    stub = await startStub((req) => {
      if (req.path.endsWith('/workspace_memberships')) {
        return {
          status: 200,
          body: {
            data: [
              {
                gid: '1',
                user: { gid: '2', name: 'Ann', email: 'Ann@X.example' },
                is_active: true,
                is_admin: true,
                is_guest: false,
                is_view_only: false,
              },
            ],
            next_page: null,
          },
        };
      }
      return {
        status: 200,
        body: {
          data: [
            {
              gid: '3',
              user: { gid: '2', name: 'Ann', email: null },
              is_admin: false,
              is_guest: true,
              is_limited_access: true,
            },
          ],
          next_page: null,
        },
      };
    });
    const client = createAsanaClient({ baseUrl: stub.baseUrl, token: TOKEN, ...FAST });
    expect(await client.workspaceMemberships('10')).toEqual([
      {
        gid: '1',
        workspaceGid: '10',
        user: { gid: '2', name: 'Ann', email: 'Ann@X.example' },
        isActive: true,
        isAdmin: true,
        isGuest: false,
        isViewOnly: false,
      },
    ]);
    expect(await client.teamMemberships('20')).toEqual([
      {
        gid: '3',
        teamGid: '20',
        user: { gid: '2', name: 'Ann', email: '' },
        isAdmin: false,
        isGuest: true,
        isLimitedAccess: true,
      },
    ]);
    expect(stub.requests[0]!.query.get('opt_fields')).toBe(
      'user.email,user.name,is_active,is_admin,is_guest,is_view_only',
    );
    expect(stub.requests[1]!.query.get('opt_fields')).toBe(
      'user.email,user.name,is_admin,is_guest,is_limited_access',
    );
  });
});

const scimUser = (i: number) => ({
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
  id: String(5000 + i),
  userName: `user${i}@acme.example`,
  name: { formatted: `User ${i}` },
  active: i % 7 !== 0,
  userType: i % 2 === 0 ? 'enterprise' : 'view only',
});

describe('SCIM lists', () => {
  it('reads 230 users in 3 pages of startIndex/count', async () => {
    stub = await startStub((req) => {
      const start = Number(req.query.get('startIndex'));
      const count = Number(req.query.get('count'));
      const items = Array.from({ length: Math.max(0, Math.min(count, 230 - start + 1)) }, (_, k) =>
        scimUser(start - 1 + k),
      );
      return {
        status: 200,
        body: {
          schemas: [],
          totalResults: 230,
          startIndex: start,
          itemsPerPage: items.length,
          Resources: items,
        },
      };
    });
    const client = createAsanaClient({ baseUrl: stub.baseUrl, token: TOKEN, ...FAST });
    const users = await client.scimUsers();
    expect(users).toHaveLength(230);
    expect(users[0]).toEqual({
      id: '5000',
      userName: 'user0@acme.example',
      name: 'User 0',
      active: false,
      userType: 'enterprise',
    });
    expect(stub.requests.map((r) => [r.path, r.query.get('startIndex'), r.query.get('count')])).toEqual([
      ['/scim/Users', '1', '100'],
      ['/scim/Users', '101', '100'],
      ['/scim/Users', '201', '100'],
    ]);
  });

  it('an empty page before totalResults is malformed', async () => {
    stub = await startStub(() => ({ status: 200, body: { totalResults: 5, Resources: [] } }));
    const client = createAsanaClient({ baseUrl: stub.baseUrl, token: TOKEN, ...FAST });
    await expect(client.scimUsers()).rejects.toThrow(/empty but totalResults is 5/);
  });

  it('finds one user by userName with a SCIM filter', async () => {
    stub = await startStub((req) =>
      req.query.get('filter')?.toLowerCase() === 'username eq "user3@acme.example"'
        ? { status: 200, body: { totalResults: 1, Resources: [scimUser(3)] } }
        : { status: 200, body: { totalResults: 0, Resources: [] } },
    );
    const client = createAsanaClient({ baseUrl: stub.baseUrl, token: TOKEN, ...FAST });
    expect((await client.scimUserByEmail('user3@acme.example'))?.id).toBe('5003');
    // Emails compare case-insensitively.
    expect((await client.scimUserByEmail('USER3@Acme.example'))?.id).toBe('5003');
    expect(await client.scimUserByEmail('user4@acme.example')).toBeNull();
    expect(stub.requests[0]!.query.get('filter')).toBe('userName eq "user3@acme.example"');
  });
});
