// The performer with a fake client: which calls each action makes, batching, ids learned from
// creates, and refusals turned into already-satisfied when a fresh read shows the goal holds.
import { describe, expect, it } from 'vitest';
import { type ApplyClient, createPerformer } from '../../src/apply/performer.js';
import { createUserDirectory } from '../../src/apply/user-directory.js';
import type { BatchAction, BatchResult, ScimUser } from '../../src/asana/client.js';
import { AsanaApiError } from '../../src/asana/errors.js';
import type { Action } from '../../src/model/index.js';

const ws = { type: 'workspace' as const, gid: '100', name: 'Acme' };
const team = { type: 'team' as const, gid: '200', name: 'Eng', workspaceGid: '100', workspaceName: 'Acme' };
const fact = { type: 'account' as const, email: 'x', exists: true };

function grantTeam(email: string, id = `grant-team:200:${email}`): Action {
  return { id, kind: 'grant', user: { email }, dependsOn: [], precondition: fact, target: team };
}

function refusal(status: number, message: string): AsanaApiError {
  return new AsanaApiError({
    kind: status === 403 ? 'permission' : 'bad-request',
    method: 'POST',
    path: '/teams/200/addUser',
    status,
    asanaMessages: [message],
  });
}

function fakeClient(options: { fail?: (op: BatchAction) => AsanaApiError | null } = {}) {
  const calls: string[] = [];
  const scimUser = (id: string, userName: string): ScimUser => ({
    id,
    userName,
    name: '',
    active: true,
    userType: 'view only',
  });
  const one = (name: string, op: BatchAction) => {
    calls.push(`${name} ${op.targetGid} ${op.user}`);
    const err = options.fail?.(op);
    if (err) return Promise.reject(err);
    return Promise.resolve();
  };
  const client: ApplyClient = {
    addUserToWorkspace: async (g, user) => {
      calls.push(`addUserToWorkspace ${g} ${user}`);
      return { gid: '999', name: '', email: user };
    },
    removeUserFromWorkspace: (g, user) =>
      one('removeUserFromWorkspace', { op: 'removeUserFromWorkspace', targetGid: g, user }),
    addUserToTeam: (g, user) => one('addUserToTeam', { op: 'addUserToTeam', targetGid: g, user }),
    removeUserFromTeam: (g, user) =>
      one('removeUserFromTeam', { op: 'removeUserFromTeam', targetGid: g, user }),
    batch: async (ops) => {
      calls.push(`batch ${ops.length}`);
      return ops.map((action): BatchResult => {
        const error = options.fail?.(action);
        return error
          ? { ok: false, action, status: error.status!, error }
          : { ok: true, action, status: 200 };
      });
    },
    scimCreateUser: async (input) => {
      calls.push(`scimCreateUser ${input.email} ${input.userType}`);
      return scimUser('scim-new', input.email);
    },
    scimSetUserType: async (id, t) => {
      calls.push(`scimSetUserType ${id} ${t}`);
      return scimUser(id, '');
    },
    scimDeactivate: async (id) => {
      calls.push(`scimDeactivate ${id}`);
      return scimUser(id, '');
    },
  };
  return { client, calls };
}

describe('performer', () => {
  it('sends membership actions started together as one POST /batch', async () => {
    const { client, calls } = fakeClient();
    const actions = Array.from({ length: 12 }, (_, i) => grantTeam(`u${i}@acme.example`));
    const perform = createPerformer({
      client,
      directory: createUserDirectory(actions, async () => null),
      goalHolds: async () => false,
    });
    const outcomes = await Promise.all(actions.map(perform));
    expect(outcomes.every((o) => o.status === 'applied')).toBe(true);
    expect(calls).toEqual(['batch 10', 'batch 2']);
  });

  it('names users by gid when known, else by email', async () => {
    const { client, calls } = fakeClient();
    const a: Action = { ...grantTeam('a@acme.example'), user: { email: 'a@acme.example', gid: '55' } };
    const perform = createPerformer({
      client,
      directory: createUserDirectory([a], async () => null),
      goalHolds: async () => false,
    });
    await perform(a);
    await perform(grantTeam('b@acme.example'));
    expect(calls).toEqual(['addUserToTeam 200 55', 'addUserToTeam 200 b@acme.example']);
  });

  it("a refusal is a failure with Asana's message, unless the goal already holds", async () => {
    const { client } = fakeClient({
      fail: (op) =>
        op.user.startsWith('bad') ? refusal(400, 'user: is not a member of the organization') : null,
    });
    const perform = createPerformer({
      client,
      directory: createUserDirectory([], async () => null),
      goalHolds: async (a) => a.user.email === 'bad-but-done@acme.example',
    });
    const [failed, done] = await Promise.all([
      perform(grantTeam('bad@acme.example')),
      perform(grantTeam('bad-but-done@acme.example')),
    ]);
    expect(failed).toMatchObject({ status: 'failed', httpStatus: 400 });
    expect(failed.status === 'failed' && failed.message).toContain('is not a member of the organization');
    expect(done.status).toBe('already-satisfied');
  });

  it('tells when a re-check starts and ends', async () => {
    const { client } = fakeClient({ fail: () => refusal(400, 'no') });
    const phases: string[] = [];
    const perform = createPerformer({
      client,
      directory: createUserDirectory([], async () => null),
      goalHolds: async () => {
        phases.push('reading');
        throw new Error('read failed');
      },
      onRecheck: (phase) => phases.push(phase),
    });
    expect((await perform(grantTeam('a@acme.example'))).status).toBe('failed');
    expect(phases).toEqual(['start', 'reading', 'end']);
  });

  it.each([
    ['auth', 401],
    ['plan', 402],
    ['permission', 403],
    ['rate-limited', 429],
  ] as const)('a %s refusal (%i) is not re-checked', async (kind, status) => {
    const { client } = fakeClient({
      fail: () => new AsanaApiError({ kind, method: 'POST', path: '/x', status }),
    });
    let checks = 0;
    const perform = createPerformer({
      client,
      directory: createUserDirectory([], async () => null),
      goalHolds: async () => {
        checks++;
        return true;
      },
    });
    expect((await perform(grantTeam('a@acme.example'))).status).toBe('failed');
    expect(checks).toBe(0);
  });

  it('a SCIM create feeds the new id to later license actions on that user', async () => {
    const { client, calls } = fakeClient();
    const create: Action = {
      id: 'create',
      kind: 'create-account',
      via: 'scim',
      workspace: ws,
      license: 'view-only',
      user: { email: 'new@acme.example', name: 'New' },
      dependsOn: [],
      precondition: { type: 'account', email: 'new@acme.example', exists: false },
    };
    const grant: Action = {
      id: 'lic',
      kind: 'grant',
      user: { email: 'new@acme.example' },
      dependsOn: ['create'],
      precondition: { type: 'license', email: 'new@acme.example', license: 'view-only' },
      target: { type: 'license', from: 'view-only', to: 'enterprise' },
    };
    let lookups = 0;
    const perform = createPerformer({
      client,
      directory: createUserDirectory([create, grant], async () => {
        lookups++;
        return null;
      }),
      goalHolds: async () => false,
    });
    expect((await perform(create)).status).toBe('applied');
    expect((await perform(grant)).status).toBe('applied');
    expect(calls).toEqual([
      'scimCreateUser new@acme.example view only',
      'scimSetUserType scim-new enterprise',
    ]);
    expect(lookups).toBe(0);
  });

  it('license actions map to SCIM: enterprise, view only, deactivate; unknown ids are looked up once', async () => {
    const { client, calls } = fakeClient();
    const lic = (
      id: string,
      from: 'enterprise' | 'view-only',
      to: 'enterprise' | 'view-only' | 'deprovisioned',
    ): Action => ({
      id,
      kind: to === 'enterprise' ? 'grant' : 'revoke',
      user: { email: `${id}@acme.example`, scimId: id === 'c' ? undefined : `s-${id}` },
      dependsOn: [],
      precondition: { type: 'license', email: `${id}@acme.example`, license: from },
      target: { type: 'license', from, to },
    });
    const actions = [
      lic('a', 'view-only', 'enterprise'),
      lic('b', 'enterprise', 'view-only'),
      lic('c', 'view-only', 'deprovisioned'),
    ];
    const lookedUp: string[] = [];
    const perform = createPerformer({
      client,
      directory: createUserDirectory(actions, async (email) => {
        lookedUp.push(email);
        return 's-looked-up';
      }),
      goalHolds: async () => false,
    });
    for (const a of actions) expect((await perform(a)).status).toBe('applied');
    expect(calls).toEqual([
      'scimSetUserType s-a enterprise',
      'scimSetUserType s-b view only',
      'scimDeactivate s-looked-up',
    ]);
    expect(lookedUp).toEqual(['c@acme.example']);
  });

  it('a license action for a user SCIM does not know fails clearly', async () => {
    const { client } = fakeClient();
    const a: Action = {
      id: 'x',
      kind: 'grant',
      user: { email: 'ghost@acme.example' },
      dependsOn: [],
      precondition: { type: 'license', email: 'ghost@acme.example', license: 'view-only' },
      target: { type: 'license', from: 'view-only', to: 'enterprise' },
    };
    const perform = createPerformer({
      client,
      directory: createUserDirectory([a], async () => null),
      goalHolds: async () => false,
    });
    expect(await perform(a)).toEqual({
      status: 'failed',
      message: 'SCIM has no user with userName ghost@acme.example',
    });
  });

  it('an invitation creates the account through REST addUser and learns its gid', async () => {
    const { client, calls } = fakeClient();
    const invite: Action = {
      id: 'inv',
      kind: 'create-account',
      via: 'invite',
      workspace: ws,
      license: 'view-only',
      user: { email: 'new@acme.example' },
      dependsOn: [],
      precondition: { type: 'account', email: 'new@acme.example', exists: false },
    };
    const perform = createPerformer({
      client,
      directory: createUserDirectory([invite], async () => null),
      goalHolds: async () => false,
    });
    expect(await perform(invite)).toEqual({ status: 'applied', detail: 'user gid 999' });
    await perform(grantTeam('new@acme.example'));
    expect(calls).toEqual(['addUserToWorkspace 100 new@acme.example', 'addUserToTeam 200 999']);
  });
});
