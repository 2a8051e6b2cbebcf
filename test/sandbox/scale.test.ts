// The benchmark-sized domain: 20,000 users, 1,000 teams, 100,000 team memberships. Starting it and
// reading it page by page must stay quick, and page N must cost what page 1 costs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GENERATED_TOKENS, generateDomain, type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { get, type Json } from './helpers.js';

const token = GENERATED_TOKENS.adminPat;
let sb: Sandbox;
let startMs: number;

beforeAll(async () => {
  const began = performance.now();
  sb = await startSandbox({
    seed: generateDomain({ users: 20_000, teams: 1_000, teamMemberships: 100_000 }),
    rateLimitPerMinute: 0,
  });
  startMs = performance.now() - began;
});
afterAll(() => sb.close());

describe('a domain of 20,000 users and 100,000 team memberships', () => {
  it('starts in a few seconds (about one on an idle machine)', () => {
    expect(startMs).toBeLessThan(15_000);
  });

  it('serves every workspace member through 100-item pages, each page as fast as the first', async () => {
    const ws = (await get(sb, '/workspaces', { token })).json.data[0].gid;
    let path: string | null =
      `/workspaces/${ws}/workspace_memberships?limit=100&opt_fields=user.email,user.name,is_active,is_admin,is_guest,is_view_only`;
    const emails = new Set<string>();
    const pageMs: number[] = [];
    while (path) {
      const began = performance.now();
      const page = await get(sb, path, { token });
      pageMs.push(performance.now() - began);
      for (const m of page.json.data as Json[]) emails.add(m.user.email);
      path = page.json.next_page?.path ?? null;
    }
    const expected = (await get(sb, '/__sandbox/state', { token: null })).json.workspaces[0].members.length;
    expect(emails.size).toBe(expected);
    expect(emails.size).toBeGreaterThan(19_000);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const firstTen = median(pageMs.slice(0, 10));
    const lastTen = median(pageMs.slice(-10));
    expect(lastTen).toBeLessThan(Math.max(5 * firstTen, 50));
  });

  it('serves team memberships and SCIM pages', async () => {
    const teams = (await get(sb, `/workspaces/1300000000000001/teams?limit=100`, { token })).json;
    expect(teams.data).toHaveLength(100);
    const members = await get(sb, `/teams/${teams.data[99].gid}/team_memberships?limit=100`, { token });
    expect(members.json.data).toHaveLength(100);
    const scim = await get(sb, '/scim/Users?startIndex=19001&count=100', {
      token: GENERATED_TOKENS.serviceAccount,
    });
    expect(scim.json.totalResults).toBeGreaterThan(19_000);
    expect(scim.json.Resources.length).toBeGreaterThan(0);
  });
});
