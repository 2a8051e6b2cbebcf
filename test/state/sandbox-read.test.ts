// readLiveState against the sandbox over HTTP: whole lists, one request per page, concurrency within
// the caps, and the same state as a naive read of every list.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAsanaClient } from '../../src/asana/client.js';
import { ACME_TOKENS, GENERATED_TOKENS, type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { readLiveState } from '../../src/state/read.js';
import { fullScope } from '../../src/state/scope.js';
import { largeSeed, largeSeedCounts } from './large-seed.js';

const pages = (n: number) => Math.max(1, Math.ceil(n / 100));

describe('reading a domain whose lists are longer than a page', () => {
  const seed = largeSeed();
  const counts = largeSeedCounts(seed);
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await startSandbox({ seed, latency: { baseMs: 2, jitterMs: 2 } });
  });
  afterAll(() => sb.close());

  it('reads every member, team, team member and SCIM user with one request per page', async () => {
    expect(counts.workspaceMembers).toBeGreaterThan(200);
    expect(counts.teams).toBeGreaterThan(100);
    expect(counts.bigTeamMembers).toBeGreaterThan(100);
    expect(counts.scimUsers).toBeGreaterThan(200);
    sb.resetStats();
    const client = createAsanaClient({ baseUrl: sb.apiBaseUrl, token: GENERATED_TOKENS.serviceAccount });
    const state = await readLiveState(client, fullScope(true));

    expect(state.workspaceMemberships).toHaveLength(counts.workspaceMembers);
    expect(state.teams).toHaveLength(counts.teams);
    const bigTeam = state.teams.find((t) => t.name === seed.workspaces[0]!.teams![0]!.name)!;
    expect(state.teamMemberships.filter((m) => m.teamGid === bigTeam.gid)).toHaveLength(
      counts.bigTeamMembers,
    );
    const totalTeamMembers = counts.teamMembers.reduce((a, b) => a + b, 0);
    expect(state.teamMemberships).toHaveLength(totalTeamMembers);
    expect(state.scimUsers).toHaveLength(counts.scimUsers);

    const byRoute = sb.stats().byRoute;
    const ok = (route: string) => byRoute[route]?.['200'] ?? 0;
    expect(ok('GET /workspaces/{workspace_gid}/workspace_memberships')).toBe(pages(counts.workspaceMembers));
    expect(ok('GET /workspaces/{workspace_gid}/teams')).toBe(pages(counts.teams));
    expect(ok('GET /teams/{team_gid}/team_memberships')).toBe(
      counts.teamMembers.reduce((sum, n) => sum + pages(n), 0),
    );
    expect(ok('GET /scim/Users')).toBe(pages(counts.scimUsers));
    const expected =
      2 + // /users/me and /workspaces
      pages(counts.workspaceMembers) +
      pages(counts.teams) +
      counts.teamMembers.reduce((sum, n) => sum + pages(n), 0) +
      pages(counts.scimUsers);
    expect(sb.stats().requests).toBe(expected);
    expect(client.counters().requests).toBe(expected);
    expect(sb.stats().byStatus).toEqual({ '200': expected });
    // Concurrent, within Asana's cap.
    expect(sb.stats().peakInFlight.reads).toBeGreaterThan(5);
    expect(sb.stats().peakInFlight.reads).toBeLessThanOrEqual(50);
  });
});

describe('reading the acme domain', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await startSandbox({ seed: 'examples/acme/sandbox.yaml' });
  });
  afterAll(() => sb.close());

  it('matches what the API lists, mapped and sorted', async () => {
    const client = createAsanaClient({ baseUrl: sb.apiBaseUrl, token: ACME_TOKENS.serviceAccount });
    const state = await readLiveState(client, fullScope(true));
    expect(state.me.email).toBe('asana-access-bot@acme.example');
    expect(state.workspaces.length).toBeGreaterThanOrEqual(2);
    expect(state.users.every((u) => u.email === u.email.toLowerCase())).toBe(true);
    const gids = state.users.map((u) => u.gid);
    expect(gids).toEqual([...gids].sort((a, b) => a.length - b.length || (a < b ? -1 : 1)));
    // Guests are members but not SCIM users.
    const guest = state.users.find((u) => u.email === 'sam.rivera@contractor.example')!;
    expect(state.workspaceMemberships.some((m) => m.userGid === guest.gid && m.isGuest)).toBe(true);
    expect(state.scimUsers!.some((s) => s.userName === guest.email)).toBe(false);
    expect(state.scimUsers!.some((s) => s.userType === 'view only')).toBe(true);
  });

  it('with a PAT, reads what that user sees, without SCIM', async () => {
    const client = createAsanaClient({ baseUrl: sb.apiBaseUrl, token: ACME_TOKENS.adminPat });
    const state = await readLiveState(client, { workspaces: ['Acme Corp'], teams: 'all', scim: false });
    expect(state.me.email).toBe('ada.lindqvist@acme.example');
    expect(state.scope.workspaceGids).toHaveLength(1);
    expect(state.scimUsers).toBeNull();
  });
});
