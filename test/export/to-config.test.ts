// LiveState → config YAML: it loads with the config loader, and planned against the same live state
// it gives no action.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadDesiredState } from '../../src/config/index.js';
import type { LiveState } from '../../src/model/index.js';
import { planChanges } from '../../src/plan/index.js';
import { liveDigest } from '../../src/state/digest.js';
import { readLiveState } from '../../src/state/read.js';
import { fullScope, scopeFromDesired } from '../../src/state/scope.js';
import { liveStateToConfig } from '../../src/state/to-config.js';
import { acmeDomain, fakeClient } from '../state/fake-client.js';

const dir = mkdtempSync(join(tmpdir(), 'export-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const OPTIONS = {
  toolVersion: '9.9.9',
  generatedAt: '2025-01-02T03:04:05.000Z',
  baseUrl: 'https://fake.example/api/1.0',
};

async function loadYaml(name: string, yaml: string) {
  const file = join(dir, name);
  writeFileSync(file, yaml);
  const loaded = await loadDesiredState(file, { now: new Date('2025-01-02T00:00:00Z') });
  if (!loaded.ok) throw new Error(loaded.diagnostics.map((d) => JSON.stringify(d)).join('\n'));
  return loaded;
}

/** The plan's workspace-role and team-role items, as `reason target user: message`. */
function roleItems(result: ReturnType<typeof plan>): string[] {
  return result.plan.manual
    .filter((m) => m.reason === 'workspace-role' || m.reason === 'team-role')
    .map(
      (m) =>
        `${m.reason} ${m.target?.type}:${m.target && 'gid' in m.target ? m.target.gid : ''} ${m.user.email}: ${m.message}`,
    );
}

function plan(desired: Parameters<typeof planChanges>[0], live: LiveState) {
  return planChanges(desired, live, {
    toolVersion: '9.9.9',
    createdAt: OPTIONS.generatedAt,
    configDigest: 'sha256:x',
    liveDigest: liveDigest(live),
    baseUrl: OPTIONS.baseUrl,
  });
}

describe('liveStateToConfig', () => {
  it('writes the domain with licenses from SCIM, and it loads and plans to zero actions', async () => {
    const live = await readLiveState(fakeClient(acmeDomain()), fullScope(true));
    const out = liveStateToConfig(live, OPTIONS);
    const doc = parse(out.yaml);
    expect(doc).toEqual({
      version: 1,
      settings: { defaultWorkspace: 'Acme', manageLicenses: true },
      users: {
        'ada@acme.example': { license: 'enterprise', name: 'Ada' },
        'ben@acme.example': { license: 'view-only', name: 'Ben' },
        'cy@partner.example': { license: 'view-only', name: 'Cy' },
        'dee@acme.example': { license: 'none', name: 'Dee' },
      },
      workspaces: {
        Acme: {
          members: [{ user: 'ada@acme.example', role: 'admin' }, 'ben@acme.example', 'cy@partner.example'],
          teams: {
            Eng: { members: [{ user: 'ada@acme.example', role: 'admin' }, 'ben@acme.example'] },
            Ops: { members: [{ user: 'cy@partner.example', role: 'limited-access' }] },
          },
        },
        Side: { members: ['ada@acme.example'] },
      },
      policy: { membership: 'authoritative', protected: ['ada@acme.example'] },
    });
    expect(out.yaml).toContain('# Exported from Asana by asana-access 9.9.9 at 2025-01-02T03:04:05.000Z');
    expect(out.yaml).toContain('not a SCIM user (guest?)');
    // Role entries stay on one line, like the emails around them.
    expect(out.yaml).toContain('- { user: ada@acme.example, role: admin }');
    expect(out.yaml).toContain('- { user: cy@partner.example, role: limited-access }');
    expect(out.counts).toEqual({ users: 4, workspaces: 2, teams: 2, ignored: 0 });

    const loaded = await loadYaml('full.yaml', out.yaml);
    const again = await readLiveState(fakeClient(acmeDomain()), scopeFromDesired(loaded.state));
    const result = plan(loaded.state, again);
    expect(result.problems).toEqual([]);
    expect(result.plan.actions).toEqual([]);
    // No role item: the roles are declared; the guest cy is declared view-only, which matches it.
    expect(roleItems(result)).toEqual([]);
    expect(result.plan.manual).toEqual([]);
  });

  it('without SCIM: no licenses, and still zero actions', async () => {
    const live = await readLiveState(fakeClient(acmeDomain()), fullScope(false));
    const out = liveStateToConfig(live, OPTIONS);
    const doc = parse(out.yaml);
    expect(doc.settings).toEqual({ defaultWorkspace: 'Acme', manageLicenses: false });
    expect(doc.users['ben@acme.example']).toEqual({ name: 'Ben' });
    expect(doc.users['dee@acme.example']).toBeUndefined();
    const loaded = await loadYaml('noscim.yaml', out.yaml);
    const result = plan(
      loaded.state,
      await readLiveState(fakeClient(acmeDomain()), scopeFromDesired(loaded.state)),
    );
    expect(result.plan.actions).toEqual([]);
    expect(result.problems).toEqual([]);
    expect(roleItems(result)).toEqual([]);
  });

  it('keys workspaces that share a name by gid, leaves out teams that share a name, and says so', async () => {
    const domain = acmeDomain();
    domain.workspaces.push({ gid: '3', name: 'Side', isOrganization: false, emailDomains: [] });
    domain.members['3'] = [];
    domain.teams['1']!.push({ gid: '13', name: 'Ops', workspaceGid: '1' });
    const live = await readLiveState(fakeClient(domain), fullScope(false));
    const out = liveStateToConfig(live, OPTIONS);
    const doc = parse(out.yaml);
    expect(Object.keys(doc.workspaces).sort()).toEqual(['2', '3', 'Acme']);
    expect(Object.keys(doc.workspaces.Acme.teams)).toEqual(['Eng']);
    expect(out.warnings.join('\n')).toMatch(/team "Ops" \(12\).*shares its name/);
    expect(out.yaml).toContain('not exported (duplicate names): Ops (12), Ops (13)');
    const loaded = await loadYaml('dupes.yaml', out.yaml);
    const result = plan(
      loaded.state,
      await readLiveState(fakeClient(domain), scopeFromDesired(loaded.state)),
    );
    expect(result.plan.actions).toEqual([]);
    expect(result.problems).toEqual([]);
    expect(roleItems(result)).toEqual([]);
  });

  it('puts members it cannot declare under policy.ignore, and a target with hidden emails becomes additive', async () => {
    const domain = acmeDomain();
    // A member whose email Asana hides, one whose email the format rejects, a deprovisioned member,
    // and a team member who is not an active workspace member.
    domain.members['1']!.push(
      {
        gid: '91',
        workspaceGid: '1',
        user: { gid: '105', email: '', name: 'Hidden' },
        isActive: true,
        isAdmin: false,
        isGuest: false,
        isViewOnly: false,
      },
      {
        gid: '92',
        workspaceGid: '1',
        user: { gid: '106', email: 'root@localhost', name: 'Root' },
        isActive: true,
        isAdmin: false,
        isGuest: false,
        isViewOnly: false,
      },
      {
        gid: '93',
        workspaceGid: '1',
        user: { gid: '107', email: 'gone@acme.example', name: 'Gone' },
        isActive: true,
        isAdmin: false,
        isGuest: false,
        isViewOnly: false,
      },
    );
    domain.scim.push({
      id: '107',
      userName: 'gone@acme.example',
      name: 'Gone',
      active: false,
      userType: 'enterprise',
    });
    domain.teamMembers['11']!.push({
      gid: '94',
      teamGid: '11',
      user: { gid: '104', email: 'dee@acme.example', name: 'Dee' },
      isAdmin: false,
      isGuest: false,
      isLimitedAccess: false,
    });
    domain.teamMembers['11']!.push({
      gid: '95',
      teamGid: '11',
      user: { gid: '105', email: '', name: 'Hidden' },
      isAdmin: false,
      isGuest: false,
      isLimitedAccess: false,
    });
    const live = await readLiveState(fakeClient(domain), fullScope(true));
    const out = liveStateToConfig(live, OPTIONS);
    const doc = parse(out.yaml);
    expect(doc.policy.ignore).toEqual(['dee@acme.example', 'gone@acme.example', 'root@localhost']);
    expect(doc.workspaces.Acme.policy).toBe('additive');
    // Teams do not inherit the workspace's policy, so the team says it too; Ops has no hidden member.
    expect(doc.workspaces.Acme.teams.Eng.policy).toBe('additive');
    expect(doc.workspaces.Acme.teams.Ops.policy).toBeUndefined();
    expect(doc.users['gone@acme.example']).toBeUndefined();
    expect(doc.workspaces.Acme.teams.Eng.members).toEqual([
      { user: 'ada@acme.example', role: 'admin' },
      'ben@acme.example',
    ]);
    expect(out.warnings.join('\n')).toContain('1 member(s) whose email Asana does not show');
    expect(out.yaml).toContain('# gone@acme.example: deprovisioned in SCIM but still a member');
    const loaded = await loadYaml('awkward.yaml', out.yaml);
    const result = plan(
      loaded.state,
      await readLiveState(fakeClient(domain), scopeFromDesired(loaded.state)),
    );
    expect(result.plan.actions).toEqual([]);
    expect(result.problems).toEqual([]);
    expect(roleItems(result)).toEqual([]);
  });
});

describe('liveStateToConfig at scale', () => {
  it('exports 20,000 users in 2,000 teams quickly', () => {
    const users = Array.from({ length: 20_000 }, (_, i) => ({
      gid: String(100_000 + i),
      email: `u${i}@big.example`,
      name: `U ${i}`,
    }));
    const teams = Array.from({ length: 2_000 }, (_, t) => ({
      gid: String(50_000 + t),
      name: `Team ${t}`,
      workspaceGid: '1',
    }));
    const live: LiveState = {
      me: { gid: '100000', email: 'u0@big.example', name: 'U 0' },
      workspaces: [{ gid: '1', name: 'Big', isOrganization: true, emailDomains: ['big.example'] }],
      users,
      workspaceMemberships: users.map((u) => ({
        workspaceGid: '1',
        userGid: u.gid,
        isActive: true,
        isAdmin: false,
        isGuest: false,
        isViewOnly: false,
      })),
      teams,
      teamMemberships: teams.flatMap((t, k) =>
        Array.from({ length: 25 }, (_, j) => ({
          teamGid: t.gid,
          userGid: users[(k * 25 + j) % users.length]!.gid,
          isAdmin: false,
          isGuest: false,
          isLimitedAccess: false,
        })),
      ),
      scimUsers: null,
      scope: { workspaceGids: ['1'], teamGids: teams.map((t) => t.gid), scim: false },
    };
    const t0 = performance.now();
    const out = liveStateToConfig(live, OPTIONS);
    // Measured about 2 s (most of it the yaml library); the bound catches anything quadratic.
    expect(performance.now() - t0).toBeLessThan(10_000);
    expect(out.counts).toEqual({ users: 20_000, workspaces: 1, teams: 2_000, ignored: 0 });
  });
});
