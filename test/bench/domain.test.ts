import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chooseChanges, splitChanges } from '../../bench/changes.js';
import { writeDesiredConfig } from '../../bench/config-writer.js';
import { domainCounts, domainFromSeed } from '../../bench/domain.js';
import { seededRandom } from '../../bench/prng.js';
import { desiredLists, desiredStateOf, liveStateOf } from '../../bench/states.js';
import {
  generateDomainSeed,
  loadConfig,
  plannerFor,
  readLiveInProcess,
  startBenchSandbox,
} from '../../bench/wiring.js';
import { digestDesiredState, formatDiagnostic, loadDesiredState } from '../../src/config/index.js';
import { liveDigest } from '../../src/state/index.js';
import { tinySeed } from './tiny-seed.js';

const tmp = mkdtempSync(join(tmpdir(), 'bench-domain-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('domainFromSeed', () => {
  it('derives guests from the email domain and reads roles', () => {
    const d = domainFromSeed(tinySeed());
    expect(domainCounts(d)).toEqual({
      users: 30,
      guests: 3,
      viewOnly: 3,
      teams: 4,
      teamMemberships: 30,
      workspaceMemberships: 30,
      scimUsers: 27,
    });
    expect(d.users[9]).toMatchObject({ guest: true, license: null });
    expect(d.users[0]!.workspaceAdmin).toBe(true);
    expect(d.teams[1]!.roles.get(1)).toBe('admin');
  });

  it('refuses a seed without gids, naming what lacks one', () => {
    const seed = tinySeed();
    delete seed.workspaces[0]!.teams![2]!.gid;
    expect(() => domainFromSeed(seed)).toThrow(/team Team 2 has no gid/);
  });

  it('refuses a member who is not a user', () => {
    const seed = tinySeed();
    seed.workspaces[0]!.teams![0]!.members!.push('nobody@bench.example');
    expect(() => domainFromSeed(seed)).toThrow(/team Team 0 names nobody@bench.example/);
  });
});

describe('chooseChanges', () => {
  it('splits the total 40/30/20/10 and is reproducible from the seed', () => {
    expect(splitChanges(500)).toEqual({ grants: 200, revokes: 150, licenses: 100, newAccounts: 50 });
    expect(splitChanges(7)).toEqual({ grants: 4, revokes: 2, licenses: 1, newAccounts: 0 });
    const d = domainFromSeed(tinySeed(200, 10));
    const a = chooseChanges(d, 40, seededRandom(3));
    const b = chooseChanges(d, 40, seededRandom(3));
    expect(a.counts).toEqual({ grants: 16, revokes: 12, licenses: 8, newAccounts: 4 });
    expect([...a.licenses]).toEqual([...b.licenses]);
    expect([...a.grants]).toEqual([...b.grants]);
  });

  it('never touches guests, team admins, or the same membership twice', () => {
    const d = domainFromSeed(tinySeed(200, 10));
    const c = chooseChanges(d, 100, seededRandom(9));
    for (const [t, users] of c.revokes) {
      for (const u of users) {
        expect(d.users[u]!.guest).toBe(false);
        expect(d.teams[t]!.roles.has(u)).toBe(false);
        expect(d.teams[t]!.members).toContain(u);
      }
    }
    for (const [t, users] of c.grants) {
      expect(new Set(users).size).toBe(users.length);
      for (const u of users) {
        expect(d.teams[t]!.members).not.toContain(u);
        expect(c.revokes.get(t)?.has(u) ?? false).toBe(false);
      }
    }
    for (const u of c.licenses.keys()) expect(d.users[u]!.guest).toBe(false);
  });
});

describe('states and config', () => {
  const d = domainFromSeed(tinySeed(60, 5));
  const c = chooseChanges(d, 20, seededRandom(1));

  it('the live state holds every membership, sorted by gid, and SCIM users without guests', () => {
    const live = liveStateOf(d);
    expect(live.workspaceMemberships).toHaveLength(60);
    expect(live.teamMemberships).toHaveLength(60);
    expect(live.scimUsers).toHaveLength(54);
    const gids = live.users.map((u) => u.gid);
    expect(gids).toEqual([...gids].sort());
    expect(live.me.email).toBe('bot@bench.example');
  });

  it('the desired lists are the live ones with the changes applied', () => {
    const lists = desiredLists(d, c);
    const teamTotal = lists.teams.reduce((n, t) => n + t.members.length, 0);
    expect(teamTotal).toBe(60 + c.counts.grants - c.counts.revokes + c.counts.newAccounts);
    expect(lists.users).toHaveLength(60 + c.counts.newAccounts);
    const desired = desiredStateOf(d, c);
    expect(desired.users.map((u) => u.email)).toEqual(lists.users.map((u) => u.email));
    expect(desired.workspaces[0]!.teams).toHaveLength(5);
    expect(desired.policy.ignore).toEqual(['bot@bench.example']);
  });

  it('declares the roles and licenses Asana holds: the plan is exactly the change set, with no manual item', () => {
    const big = domainFromSeed(tinySeed(200, 10));
    expect(big.teams.some((t) => t.roles.size > 0)).toBe(true);
    const changes = chooseChanges(big, 40, seededRandom(5));
    const plan = plannerFor(desiredStateOf(big, changes), liveStateOf(big), 'http://127.0.0.1:1/api/1.0')();
    expect(plan.manual).toEqual([]);
    const n = changes.counts;
    // Each new account is created, joins the organization and one team.
    expect(plan.actions).toHaveLength(n.grants + n.revokes + n.licenses + 3 * n.newAccounts);
    const unchanged = chooseChanges(big, 0, seededRandom(5));
    const none = plannerFor(desiredStateOf(big, unchanged), liveStateOf(big), 'http://127.0.0.1:1/api/1.0')();
    expect(none.actions).toEqual([]);
    expect(none.manual).toEqual([]);
  });

  it('writes a config that the real loader reads as the same DesiredState the bench builds directly', async () => {
    const written = writeDesiredConfig(join(tmp, 'config'), d, c);
    expect(written.files.map((f) => f.slice(f.lastIndexOf('/') + 1))).toEqual([
      'users.yaml',
      'organization.yaml',
      'teams-01.yaml',
    ]);
    const loaded = await loadDesiredState(written.dir);
    if (!loaded.ok) throw new Error(loaded.diagnostics.map((x) => formatDiagnostic(x)).join('\n'));
    expect(loaded.digest).toBe(digestDesiredState(desiredStateOf(d, c)));
  });
});

describe('the written config of a generated domain', () => {
  it('declares every role the domain holds: planned against the sandbox, it gives no manual item', async () => {
    const seed = generateDomainSeed({
      users: 400,
      teams: 15,
      memberships: 1200,
      viewOnly: 0.1,
      guests: 0.05,
      teamSkew: 0.5,
      randomSeed: 4,
      tokens: ['bench-roles-token'],
    });
    const sandbox = await startBenchSandbox({
      seed,
      rateLimitPerMinute: 0,
      latency: { meanMs: 0, spreadMs: 0 },
    });
    try {
      const live = await readLiveInProcess(sandbox.apiBaseUrl, 'bench-roles-token-token');
      const domain = domainFromSeed(sandbox.stateDump(), 'bench-roles-token');
      // What the generator gives, so each kind of role is exercised: an organization admin, team
      // admins, limited-access members, guests in teams.
      const roles = domain.teams.flatMap((t) => [...t.roles.values()]);
      expect(roles).toContain('admin');
      expect(roles).toContain('limited-access');
      expect(domain.users.some((u) => u.workspaceAdmin)).toBe(true);
      const guests = new Set(domain.users.flatMap((u, i) => (u.guest ? [i] : [])));
      expect(domain.teams.some((t) => t.members.some((i) => guests.has(i)))).toBe(true);

      // The domain's own config, unchanged: the plan is empty, no action and no manual item.
      const same = writeDesiredConfig(
        join(tmp, 'generated-same'),
        domain,
        chooseChanges(domain, 0, seededRandom(1)),
      );
      const teamsYaml = readFileSync(join(same.dir, 'teams-01.yaml'), 'utf8');
      expect(teamsYaml).toContain('role: admin }');
      expect(teamsYaml).toContain('role: limited-access }');
      expect(readFileSync(join(same.dir, 'organization.yaml'), 'utf8')).toContain('role: admin }');
      const unchanged = plannerFor(await loadConfig(same.dir), live, sandbox.apiBaseUrl)();
      expect(unchanged.manual).toEqual([]);
      expect(unchanged.actions).toEqual([]);

      // With changes, as the bench plans it: only actions, still no manual item.
      const changes = chooseChanges(domain, 40, seededRandom(2));
      const changed = writeDesiredConfig(join(tmp, 'generated-changed'), domain, changes);
      const plan = plannerFor(await loadConfig(changed.dir), live, sandbox.apiBaseUrl)();
      expect(plan.manual).toEqual([]);
      const n = changes.counts;
      expect(plan.actions).toHaveLength(n.grants + n.revokes + n.licenses + 3 * n.newAccounts);
    } finally {
      await sandbox.close();
    }
  });
});

describe('liveStateOf', () => {
  it('builds exactly the LiveState that readLiveState reads from the sandbox', async () => {
    const seed = generateDomainSeed({
      users: 400,
      teams: 15,
      memberships: 1200,
      viewOnly: 0.1,
      guests: 0.05,
      teamSkew: 0.5,
      randomSeed: 3,
      tokens: ['bench-check-token'],
    });
    const sandbox = await startBenchSandbox({
      seed,
      rateLimitPerMinute: 0,
      latency: { meanMs: 0, spreadMs: 0 },
    });
    try {
      const read = await readLiveInProcess(sandbox.apiBaseUrl, 'bench-check-token-token');
      const built = liveStateOf(domainFromSeed(sandbox.stateDump(), 'bench-check-token'));
      expect(built.teamMemberships.length).toBeGreaterThan(1000);
      expect(liveDigest(built)).toBe(liveDigest(read));
    } finally {
      await sandbox.close();
    }
  });
});
