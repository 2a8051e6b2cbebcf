import { describe, expect, it } from 'vitest';
import type { DesiredState } from '../../src/model/index.js';
import { canonicalLiveState, compareGids, liveDigest } from '../../src/state/digest.js';
import { readLiveState } from '../../src/state/read.js';
import { fullScope, scopeFromDesired } from '../../src/state/scope.js';
import { acmeDomain, fakeClient } from './fake-client.js';

describe('readLiveState', () => {
  it('reads everything in scope into a sorted, lower-cased LiveState', async () => {
    const client = fakeClient(acmeDomain());
    const state = await readLiveState(client, fullScope(true));
    expect(state.me).toEqual({ gid: '101', email: 'ada@acme.example', name: 'Ada' });
    expect(state.workspaces.map((w) => w.gid)).toEqual(['1', '2']);
    expect(state.workspaces[0]!.emailDomains).toEqual(['acme.example']);
    expect(state.users).toEqual([
      { gid: '101', email: 'ada@acme.example', name: 'Ada' },
      { gid: '102', email: 'ben@acme.example', name: 'Ben' },
      { gid: '103', email: 'cy@partner.example', name: 'Cy' },
      { gid: '104', email: 'dee@acme.example', name: 'Dee' },
    ]);
    expect(state.workspaceMemberships.map((m) => [m.workspaceGid, m.userGid, m.isActive])).toEqual([
      ['1', '101', true],
      ['1', '102', true],
      ['1', '103', true],
      ['1', '104', false],
      ['2', '101', true],
    ]);
    expect(state.teams.map((t) => [t.gid, t.name, t.workspaceGid])).toEqual([
      ['11', 'Eng', '1'],
      ['12', 'Ops', '1'],
    ]);
    expect(state.teamMemberships).toEqual([
      { teamGid: '11', userGid: '101', isAdmin: true, isGuest: false, isLimitedAccess: false },
      { teamGid: '11', userGid: '102', isAdmin: false, isGuest: false, isLimitedAccess: false },
      { teamGid: '12', userGid: '103', isAdmin: false, isGuest: true, isLimitedAccess: true },
    ]);
    expect(state.scimUsers?.map((s) => [s.id, s.userName, s.active, s.userType])).toEqual([
      ['101', 'ada@acme.example', true, 'enterprise'],
      ['102', 'ben@acme.example', true, 'view only'],
      ['104', 'dee@acme.example', false, 'enterprise'],
    ]);
    expect(state.scope).toEqual({ workspaceGids: ['1', '2'], teamGids: ['11', '12'], scim: true });
    // One call per list, none per user; no teams for a plain workspace.
    expect([...client.calls].sort()).toEqual(
      [
        'me',
        'workspaces',
        'members 1',
        'members 2',
        'teams 1',
        'team members 11',
        'team members 12',
        'scim',
      ].sort(),
    );
  });

  it('reads only the scoped workspaces and teams, matching names or gids, and no SCIM unless asked', async () => {
    const client = fakeClient(acmeDomain());
    const state = await readLiveState(client, {
      workspaces: ['Acme', 'Nowhere'],
      teams: [
        { workspace: '1', team: 'Eng' },
        { workspace: 'Acme', team: 'Missing' },
      ],
      scim: false,
    });
    expect(state.scope).toEqual({ workspaceGids: ['1'], teamGids: ['11'], scim: false });
    expect(state.scimUsers).toBeNull();
    // Every workspace is listed (names resolve refs), and every team of the scoped workspace.
    expect(state.workspaces).toHaveLength(2);
    expect(state.teams.map((t) => t.name)).toEqual(['Eng', 'Ops']);
    expect(state.teamMemberships.every((m) => m.teamGid === '11')).toBe(true);
    expect(client.calls).not.toContain('members 2');
    expect(client.calls).not.toContain('team members 12');
    expect(client.calls).not.toContain('scim');
  });

  it('tells progress every list done, ending with done === total', async () => {
    const seen: Array<[number, number]> = [];
    await readLiveState(fakeClient(acmeDomain()), fullScope(true), {
      listDone: (done, total) => seen.push([done, total]),
    });
    expect(seen.at(-1)).toEqual([8, 8]);
    expect(seen.map(([d]) => d)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('fails with the client error when a list fails', async () => {
    const client = fakeClient(acmeDomain());
    client.teams = () => Promise.reject(new Error('teams broke'));
    await expect(readLiveState(client, fullScope(false))).rejects.toThrow('teams broke');
  });
});

describe('liveDigest', () => {
  it('is the same whatever order the lists come in, and changes with the content', async () => {
    const a = await readLiveState(fakeClient(acmeDomain()), fullScope(true));
    const shuffled = structuredClone(a);
    shuffled.users.reverse();
    shuffled.workspaceMemberships.reverse();
    shuffled.teams.reverse();
    shuffled.scimUsers!.reverse();
    expect(liveDigest(shuffled)).toBe(liveDigest(a));
    expect(liveDigest(a)).toMatch(/^sha256:[0-9a-f]{64}$/);
    const changed = structuredClone(a);
    changed.teamMemberships[0]!.isAdmin = false;
    expect(liveDigest(changed)).not.toBe(liveDigest(a));
    expect(canonicalLiveState(shuffled)).toEqual(a);
  });

  it('orders gids numerically, also beyond 2^53', () => {
    expect(['10', '9', '1200000000000000002', '1200000000000000001'].sort(compareGids)).toEqual([
      '9',
      '10',
      '1200000000000000001',
      '1200000000000000002',
    ]);
  });
});

describe('scopeFromDesired', () => {
  it('takes the declared workspaces, the default workspace, the teams and SCIM when licenses are managed', () => {
    const at = { file: 'a.yaml', line: 1, col: 1 };
    const desired: DesiredState = {
      settings: { defaultWorkspace: 'Side', manageLicenses: true, newAccountLicense: 'view-only' },
      users: [],
      workspaces: [
        {
          ref: 'Acme',
          members: [],
          mode: 'authoritative',
          at,
          teams: [
            { name: 'Eng', members: [], mode: 'authoritative', at },
            { name: 'Ops', members: [], mode: 'additive', at },
          ],
        },
      ],
      policy: { revocationLimit: {}, protected: [], ignore: [] },
      accept: [],
      sources: ['a.yaml'],
    };
    expect(scopeFromDesired(desired)).toEqual({
      workspaces: ['Acme', 'Side'],
      teams: [
        { workspace: 'Acme', team: 'Eng' },
        { workspace: 'Acme', team: 'Ops' },
      ],
      scim: true,
    });
  });
});
