// Writes: what is retried and what is not, SCIM create's look-up before a repeat, batch results.
import { afterEach, describe, expect, it } from 'vitest';
import { createAsanaClient } from '../../src/asana/client.js';
import type { AsanaApiError } from '../../src/asana/errors.js';
import type { BatchAction } from '../../src/asana/types.js';
import { FAST, type Stub, startStub, TOKEN } from './stub-server.js';

let stub: Stub | undefined;
afterEach(async () => {
  await stub?.close();
  stub = undefined;
});

const created = {
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
  id: '7001',
  userName: 'new@acme.example',
  name: { formatted: 'New Person' },
  active: true,
  userType: 'view only',
};

describe('membership writes', () => {
  it('sends {data:{user}} and retries an idempotent add after a reset', async () => {
    stub = await startStub((_, n) =>
      n === 1 ? 'reset' : { status: 200, body: { data: { gid: '55', name: 'Bo', email: 'bo@x.example' } } },
    );
    const client = createAsanaClient({ baseUrl: stub.baseUrl, token: TOKEN, ...FAST });
    expect(await client.addUserToWorkspace('10', 'bo@x.example')).toEqual({
      gid: '55',
      name: 'Bo',
      email: 'bo@x.example',
    });
    expect(stub.requests.map((r) => [r.method, r.path, r.body])).toEqual([
      ['POST', '/workspaces/10/addUser', { data: { user: 'bo@x.example' } }],
      ['POST', '/workspaces/10/addUser', { data: { user: 'bo@x.example' } }],
    ]);
    expect(stub.requests[0]!.headers['content-type']).toBe('application/json');
  });

  it('removes from a team and a workspace, and adds to a team', async () => {
    stub = await startStub(() => ({ status: 200, body: { data: {} } }));
    const client = createAsanaClient({ baseUrl: stub.baseUrl, token: TOKEN, ...FAST });
    await client.addUserToTeam('20', '55');
    await client.removeUserFromTeam('20', '55');
    await client.removeUserFromWorkspace('10', '55');
    expect(stub.requests.map((r) => r.path)).toEqual([
      '/teams/20/addUser',
      '/teams/20/removeUser',
      '/workspaces/10/removeUser',
    ]);
    expect(client.counters().requestsByMethod).toEqual({ POST: 3 });
  });
});

describe('SCIM create (not idempotent)', () => {
  it('after a 500, looks the user up and does not POST again when the first POST worked', async () => {
    stub = await startStub((req) => {
      if (req.method === 'POST') return { status: 500, body: { errors: [{ message: 'oops', phrase: 'p' }] } };
      return { status: 200, body: { totalResults: 1, Resources: [created] } };
    });
    const client = createAsanaClient({ baseUrl: stub.baseUrl, token: TOKEN, ...FAST });
    const user = await client.scimCreateUser({
      email: 'new@acme.example',
      name: 'New Person',
      userType: 'view only',
    });
    expect(user.id).toBe('7001');
    expect(stub.requests.map((r) => r.method)).toEqual(['POST', 'GET']);
    expect(stub.requests[0]!.body).toEqual({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName: 'new@acme.example',
      name: { formatted: 'New Person' },
      emails: [{ value: 'new@acme.example', primary: true, type: 'work' }],
      active: true,
      userType: 'view only',
    });
  });

  it('after a reset, POSTs again only once the look-up found nobody', async () => {
    stub = await startStub((req, n) => {
      if (req.method === 'POST') return n === 1 ? 'reset' : { status: 201, body: created };
      return { status: 200, body: { totalResults: 0, Resources: [] } };
    });
    const client = createAsanaClient({ baseUrl: stub.baseUrl, token: TOKEN, ...FAST });
    await client.scimCreateUser({ email: 'new@acme.example', name: 'New Person', userType: 'enterprise' });
    expect(stub.requests.map((r) => r.method)).toEqual(['POST', 'GET', 'POST']);
  });

  it('after a 429, POSTs again without a look-up (the first was refused, not run)', async () => {
    stub = await startStub((_, n) =>
      n === 1 ? { status: 429, headers: { 'retry-after': '0' } } : { status: 201, body: created },
    );
    const client = createAsanaClient({ baseUrl: stub.baseUrl, token: TOKEN, ...FAST });
    await client.scimCreateUser({ email: 'new@acme.example', name: 'New Person', userType: 'enterprise' });
    expect(stub.requests.map((r) => r.method)).toEqual(['POST', 'POST']);
  });

  it('a 409 conflict is not retried', async () => {
    stub = await startStub(() => ({
      status: 409,
      body: { schemas: [], detail: 'userName is already taken', status: '409' },
    }));
    const client = createAsanaClient({ baseUrl: stub.baseUrl, token: TOKEN, ...FAST });
    const e = (await client
      .scimCreateUser({ email: 'new@acme.example', name: 'N', userType: 'enterprise' })
      .catch((x: unknown) => x)) as AsanaApiError;
    expect(e.kind).toBe('bad-request');
    expect(e.message).toContain('Asana says "userName is already taken"');
    expect(stub.requests).toHaveLength(1);
  });
});

describe('SCIM PATCH (idempotent: sets a value)', () => {
  it('sets userType, retrying after a 503', async () => {
    stub = await startStub((_, n) =>
      n === 1 ? { status: 503 } : { status: 200, body: { ...created, userType: 'enterprise' } },
    );
    const client = createAsanaClient({ baseUrl: stub.baseUrl, token: TOKEN, ...FAST });
    expect((await client.scimSetUserType('7001', 'enterprise')).userType).toBe('enterprise');
    expect(stub.requests.map((r) => [r.method, r.path])).toEqual([
      ['PATCH', '/scim/Users/7001'],
      ['PATCH', '/scim/Users/7001'],
    ]);
    expect(stub.requests[1]!.body).toEqual({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'replace', path: 'userType', value: 'enterprise' }],
    });
  });

  it('deactivates, reading the user when the PATCH answers 204', async () => {
    stub = await startStub((req) =>
      req.method === 'PATCH' ? { status: 204 } : { status: 200, body: { ...created, active: false } },
    );
    const client = createAsanaClient({ baseUrl: stub.baseUrl, token: TOKEN, ...FAST });
    expect((await client.scimDeactivate('7001')).active).toBe(false);
    expect(stub.requests[0]!.body).toMatchObject({
      Operations: [{ op: 'replace', path: 'active', value: false }],
    });
    expect(stub.requests.map((r) => r.method)).toEqual(['PATCH', 'GET']);
  });
});

describe('batch', () => {
  const actions: BatchAction[] = [
    { op: 'addUserToWorkspace', targetGid: '10', user: 'a@x.example' },
    { op: 'addUserToTeam', targetGid: '20', user: 'a@x.example' },
    { op: 'removeUserFromTeam', targetGid: '21', user: 'b@x.example' },
  ];

  it('refuses more than 10 actions before sending anything', async () => {
    const client = createAsanaClient({ baseUrl: 'http://127.0.0.1:9/api/1.0', token: TOKEN, ...FAST });
    await expect(client.batch(Array.from({ length: 11 }, () => actions[0]!))).rejects.toThrow(RangeError);
  });

  it('sends the actions, returns per-action results and resends only the 5xx one', async () => {
    let round = 0;
    stub = await startStub((req) => {
      round++;
      const sent = (req.body as { data: { actions: Array<{ relative_path: string }> } }).data.actions;
      return {
        status: 200,
        body: {
          data: sent.map((a) => {
            if (a.relative_path === '/teams/20/addUser' && round === 1)
              return { status_code: 503, body: { errors: [{ message: 'busy' }] }, headers: {} };
            if (a.relative_path === '/teams/21/removeUser')
              return {
                status_code: 403,
                body: { errors: [{ message: 'Not a member of the team' }] },
                headers: {},
              };
            return { status_code: 200, body: { data: {} }, headers: {} };
          }),
        },
      };
    });
    const client = createAsanaClient({ baseUrl: stub.baseUrl, token: TOKEN, ...FAST });
    const results = await client.batch(actions);
    expect(stub.requests[0]!.body).toEqual({
      data: {
        actions: [
          { method: 'post', relative_path: '/workspaces/10/addUser', data: { user: 'a@x.example' } },
          { method: 'post', relative_path: '/teams/20/addUser', data: { user: 'a@x.example' } },
          { method: 'post', relative_path: '/teams/21/removeUser', data: { user: 'b@x.example' } },
        ],
      },
    });
    expect((stub.requests[1]!.body as { data: { actions: unknown[] } }).data.actions).toEqual([
      { method: 'post', relative_path: '/teams/20/addUser', data: { user: 'a@x.example' } },
    ]);
    expect(results.map((r) => [r.ok, r.status, r.action.targetGid])).toEqual([
      [true, 200, '10'],
      [true, 200, '20'],
      [false, 403, '21'],
    ]);
    const failed = results[2]!;
    expect(failed.ok === false && failed.error).toMatchObject({
      kind: 'permission',
      path: '/teams/21/removeUser',
    });
  });

  it('a batch answer with the wrong number of results is malformed', async () => {
    stub = await startStub(() => ({ status: 200, body: { data: [] } }));
    const client = createAsanaClient({ baseUrl: stub.baseUrl, token: TOKEN, ...FAST });
    await expect(client.batch(actions)).rejects.toThrow(/data has 0 results for 3 actions/);
  });
});
