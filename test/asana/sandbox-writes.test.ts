// Writes against the sandbox over HTTP, checked by reading back: membership changes, a batch, SCIM
// create / license change / deprovisioning, and the SCIM create that is not repeated after a failure.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AsanaClient, createAsanaClient } from '../../src/asana/client.js';
import { ACME_TOKENS, type Sandbox, startSandbox } from '../../src/sandbox/index.js';

const ORG = '1200000000000001';
const ENGINEERING = '1200000000000011';
const DESIGN = '1200000000000012';
let sb: Sandbox;
let client: AsanaClient;
beforeEach(async () => {
  sb = await startSandbox({ seed: 'examples/acme/sandbox.yaml' });
  client = createAsanaClient({ baseUrl: sb.apiBaseUrl, token: ACME_TOKENS.serviceAccount, retryBaseMs: 10 });
});
afterEach(() => sb.close());

const teamEmails = async (team: string) => (await client.teamMemberships(team)).map((m) => m.user.email);

describe('membership writes', () => {
  it('adds to and removes from a team, and repeating either changes nothing', async () => {
    expect(await teamEmails(DESIGN)).not.toContain('li.wei@acme.example');
    await client.addUserToTeam(DESIGN, 'li.wei@acme.example');
    await client.addUserToTeam(DESIGN, 'li.wei@acme.example');
    expect((await teamEmails(DESIGN)).filter((e) => e === 'li.wei@acme.example')).toHaveLength(1);
    await client.removeUserFromTeam(DESIGN, 'li.wei@acme.example');
    expect(await teamEmails(DESIGN)).not.toContain('li.wei@acme.example');
  });

  it('invites an email into the organization and gets the new user back', async () => {
    const user = await client.addUserToWorkspace(ORG, 'new.person@acme.example');
    expect(user.gid).toMatch(/^\d+$/);
    expect(user.email).toBe('new.person@acme.example');
    const members = await client.workspaceMemberships(ORG);
    expect(members.some((m) => m.user.gid === user.gid && m.isActive)).toBe(true);
  });

  it('runs a batch and reports each action', async () => {
    const results = await client.batch([
      { op: 'addUserToTeam', targetGid: DESIGN, user: 'li.wei@acme.example' },
      { op: 'removeUserFromTeam', targetGid: ENGINEERING, user: 'li.wei@acme.example' },
      { op: 'addUserToTeam', targetGid: '1200000000009999', user: 'li.wei@acme.example' },
    ]);
    expect(results.map((r) => [r.ok, r.status])).toEqual([
      [true, 200],
      [true, 200],
      [false, 404],
    ]);
    const failed = results[2]!;
    expect(failed.ok ? undefined : failed.error.kind).toBe('not-found');
    expect(await teamEmails(DESIGN)).toContain('li.wei@acme.example');
    expect(await teamEmails(ENGINEERING)).not.toContain('li.wei@acme.example');
    expect(sb.stats().byRoute['POST /batch']).toEqual({ '200': 1 });
  });

  it('resends only the batch actions that failed with 5xx', async () => {
    sb.setFaults([{ route: 'POST /teams/*/addUser', kind: 'status', status: 503, count: 1 }]);
    const results = await client.batch([
      { op: 'addUserToTeam', targetGid: DESIGN, user: 'li.wei@acme.example' },
      { op: 'removeUserFromTeam', targetGid: ENGINEERING, user: 'li.wei@acme.example' },
    ]);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(sb.stats().byRoute['POST /batch']).toEqual({ '200': 2 });
    expect(sb.stats().batchActions['POST /teams/{team_gid}/addUser']).toEqual({ '200': 1, '503': 1 });
    expect(sb.stats().batchActions['POST /teams/{team_gid}/removeUser']).toEqual({ '200': 1 });
  });
});

describe('SCIM writes', () => {
  it('creates an account, changes its license and deprovisions it', async () => {
    const created = await client.scimCreateUser({
      email: 'scim.new@acme.example',
      name: 'Scim New',
      userType: 'view only',
    });
    expect(created).toMatchObject({ userName: 'scim.new@acme.example', active: true, userType: 'view only' });
    expect((await client.scimSetUserType(created.id, 'enterprise')).userType).toBe('enterprise');
    expect((await client.scimDeactivate(created.id)).active).toBe(false);
    expect((await client.scimUserByEmail('scim.new@acme.example'))?.active).toBe(false);
  });

  it('a create whose answer is lost is looked up, not sent twice', async () => {
    // The sandbox creates the user, then drops the connection before answering.
    sb.setFaults([{ route: 'POST /scim/Users', kind: 'reset', phase: 'after', count: 1 }]);
    const created = await client.scimCreateUser({
      email: 'lost.answer@acme.example',
      name: 'Lost Answer',
      userType: 'enterprise',
    });
    expect(created.userName).toBe('lost.answer@acme.example');
    expect(sb.stats().byRoute['POST /scim/Users']).toEqual({ reset: 1 });
    expect(sb.stats().byRoute['GET /scim/Users']).toEqual({ '200': 1 });
  });

  it('a create refused before running (503 before) is sent again after the look-up finds nobody', async () => {
    sb.setFaults([{ route: 'POST /scim/Users', kind: 'status', status: 503, count: 1 }]);
    const created = await client.scimCreateUser({
      email: 'second.try@acme.example',
      name: 'Second Try',
      userType: 'view only',
    });
    expect(created.userName).toBe('second.try@acme.example');
    expect(sb.stats().byRoute['POST /scim/Users']).toEqual({ '503': 1, '201': 1 });
  });
});

describe('batches and the limits', () => {
  it('many batches of 10 at once stay under the sandbox caps: each action counts as a write in flight', async () => {
    await sb.close();
    sb = await startSandbox({ seed: 'examples/acme/sandbox.yaml', latency: { baseMs: 20 } });
    client = createAsanaClient({ baseUrl: sb.apiBaseUrl, token: ACME_TOKENS.serviceAccount, maxRetries: 0 });
    const members = (await client.workspaceMemberships(ORG)).map((m) => m.user.email).slice(0, 30);
    const batches = [0, 10, 20].map((i) =>
      members.slice(i, i + 10).map((user) => ({ op: 'addUserToTeam' as const, targetGid: DESIGN, user })),
    );
    const results = (await Promise.all(batches.map((b) => client.batch(b)))).flat();
    expect(results.filter((r) => !r.ok).map((r) => r.status)).toEqual([]);
    expect(sb.stats().rateLimited).toBe(0);
    expect(sb.stats().peakInFlight.writes).toBeLessThanOrEqual(15);
  });
});
