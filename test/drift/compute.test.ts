import { describe, expect, it } from 'vitest';
import { computeDrift, driftFromPlan, hasDrift } from '../../src/plan/drift.js';
import { acceptanceCovers, acceptanceInForce, judgeAcceptances } from '../../src/plan/drift-accept.js';
import { managedScope, mentionedEmails } from '../../src/plan/drift-scope.js';
import { indexLive } from '../../src/plan/live-index.js';
import { makeDesired, makeLive } from '../plan/fixtures.js';
import { DESIGN, desiredFixture, desiredWithoutErin, liveFixture, NOW, planFixture } from './fixtures.js';

const report = () =>
  driftFromPlan(desiredFixture(), liveFixture(), planFixture(), { now: NOW, toolVersion: '9.9.9' });

describe('driftFromPlan: classification', () => {
  it('turns every action and manual item into one item of the right kind, sorted by kind then email', () => {
    const r = report();
    expect(r.items.map((i) => [i.kind, i.user.email, i.target?.type ?? '-', i.status])).toEqual([
      ['unexpected-access', 'bob@acme.example', 'team', 'expired'],
      ['missing-access', 'carol@acme.example', 'team', 'drift'],
      ['missing-access', 'erin@acme.example', 'workspace', 'drift'],
      ['missing-account', 'erin@acme.example', 'workspace', 'drift'],
      ['license', 'bob@acme.example', 'license', 'accepted'],
      ['manual', 'alice@acme.example', 'team', 'drift'],
      ['unmanaged-account', 'mallory@acme.example', 'team', 'drift'],
      ['unmanaged-account', 'mallory@acme.example', 'workspace', 'drift'],
    ]);
  });

  it('gives stable, unique ids', () => {
    const ids = report().items.map((i) => i.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain('unexpected-access:team:2001:bob@acme.example');
    expect(ids).toContain('license:bob@acme.example');
    expect(ids).toContain('manual:team-role:team:2001:alice@acme.example');
  });

  it('a revocation is unexpected access for a user the config mentions and an unmanaged account otherwise', () => {
    const items = report().items;
    expect(items.find((i) => i.user.email === 'bob@acme.example' && i.target?.type === 'team')?.kind).toBe(
      'unexpected-access',
    );
    expect(
      items
        .filter((i) => i.user.email === 'mallory@acme.example')
        .every((i) => i.kind === 'unmanaged-account'),
    ).toBe(true);
  });

  it('says what differs in one sentence', () => {
    const items = report().items;
    expect(items.find((i) => i.kind === 'license')?.message).toBe(
      'bob@acme.example holds enterprise, but the config declares view-only',
    );
    expect(
      items.find((i) => i.kind === 'missing-access' && i.user.email === 'carol@acme.example')?.message,
    ).toBe('carol@acme.example is not a member of team "Design" (Acme Corp), but the config declares it');
    expect(items.find((i) => i.kind === 'manual')?.manualReason).toBe('team-role');
  });

  it('summarizes: accepted items do not count, expired ones do', () => {
    const r = report();
    expect(r.summary).toEqual({
      drifted: 7,
      accepted: 1,
      expired: 1,
      byKind: {
        'unexpected-access': 1,
        'missing-access': 2,
        'missing-account': 1,
        license: 0,
        manual: 1,
        'unmanaged-account': 2,
      },
      ignoredAccounts: 2,
      unusedAcceptances: 1,
    });
    expect(hasDrift(r)).toBe(true);
    expect(r.checkedAt).toBe('2026-06-15T09:30:00.000Z');
    expect(r.formatVersion).toBe(1);
  });

  it('reports no drift when the plan has nothing to do', () => {
    const r = driftFromPlan(
      desiredWithoutErin(),
      liveFixture(),
      { ...planFixture(), actions: [], manual: [] },
      { now: NOW, toolVersion: '1' },
    );
    expect(r.items).toEqual([]);
    expect(r.summary.drifted).toBe(0);
    expect(hasDrift(r)).toBe(false);
    expect(r.unusedAcceptances).toHaveLength(3);
  });

  it('counts as drift again when every acceptance has expired', () => {
    const later = new Date('2026-07-01T00:00:00.000Z');
    const r = driftFromPlan(desiredFixture(), liveFixture(), planFixture(), { now: later, toolVersion: '1' });
    expect(r.items.find((i) => i.kind === 'license')?.status).toBe('expired');
    expect(r.summary.accepted).toBe(0);
    expect(r.summary.expired).toBe(2);
    expect(r.summary.drifted).toBe(8);
  });

  it('is deterministic', () => {
    expect(JSON.stringify(report())).toBe(JSON.stringify(report()));
  });
});

describe('acceptances', () => {
  it('are in force until the end of their day, UTC', () => {
    expect(acceptanceInForce('2026-06-15', new Date('2026-06-15T23:59:59.999Z'))).toBe(true);
    expect(acceptanceInForce('2026-06-15', new Date('2026-06-16T00:00:00.000Z'))).toBe(false);
    expect(acceptanceInForce('not-a-date', new Date(0))).toBe(false);
  });

  it('match by user and target; workspace refs by gid or name, names case-insensitively', () => {
    const base = { reason: 'r', until: '2030-01-01', at: { file: 'f', line: 1, col: 1 } };
    const item = { user: { email: 'bob@acme.example' }, target: DESIGN };
    expect(
      acceptanceCovers(
        { ...base, email: 'BOB@acme.example', target: { type: 'team', workspace: '1001', team: 'design' } },
        item,
      ),
    ).toBe(true);
    expect(
      acceptanceCovers(
        {
          ...base,
          email: 'bob@acme.example',
          target: { type: 'team', workspace: 'Acme Corp', team: 'Sales' },
        },
        item,
      ),
    ).toBe(false);
    expect(acceptanceCovers({ ...base, email: 'bob@acme.example', target: { type: 'license' } }, item)).toBe(
      false,
    );
    expect(
      acceptanceCovers(
        { ...base, email: 'eve@acme.example', target: { type: 'team', workspace: '1001', team: 'Design' } },
        item,
      ),
    ).toBe(false);
    expect(
      acceptanceCovers(
        { ...base, email: 'bob@acme.example', target: { type: 'workspace', ref: '1001' } },
        {
          user: item.user,
          target: { type: 'workspace', gid: '1001', name: 'Acme Corp' },
        },
      ),
    ).toBe(true);
  });

  it('prefer an acceptance in force over an expired one for the same item', () => {
    const at = { file: 'f', line: 1, col: 1 };
    const { items, unused } = judgeAcceptances(
      [
        {
          id: 'x',
          kind: 'license',
          user: { email: 'bob@acme.example' },
          target: { type: 'license', from: 'enterprise', to: 'view-only' },
          message: 'm',
        },
      ],
      [
        { email: 'bob@acme.example', target: { type: 'license' }, reason: 'old', until: '2020-01-01', at },
        { email: 'bob@acme.example', target: { type: 'license' }, reason: 'new', until: '2030-01-01', at },
      ],
      NOW,
    );
    expect(items[0]?.status).toBe('accepted');
    expect(items[0]?.acceptance?.reason).toBe('new');
    expect(unused).toEqual([]);
  });
});

describe('scope', () => {
  it('resolves managed workspaces, teams and users against the live state', () => {
    const scope = managedScope(desiredFixture(), indexLive(liveFixture()));
    expect(scope.workspaces.map((w) => [w.gid, w.name, w.mode])).toEqual([
      ['1001', 'Acme Corp', 'authoritative'],
    ]);
    expect(scope.teams.map((t) => [t.gid, t.name, t.mode])).toEqual([
      ['2001', 'Design', 'authoritative'],
      ['2002', 'Sales', 'additive'],
    ]);
    expect(scope.users.map((u) => [u.email, u.gid ?? null])).toEqual([
      ['alice@acme.example', '101'],
      ['bob@acme.example', '102'],
      ['carol@acme.example', '103'],
      ['erin@acme.example', null],
    ]);
  });

  it('mentions every declared user and every member of any list', () => {
    expect([...mentionedEmails(desiredFixture())].sort()).toEqual([
      'alice@acme.example',
      'bob@acme.example',
      'carol@acme.example',
      'erin@acme.example',
    ]);
  });
});

describe('computeDrift: with the real plan engine', () => {
  const options = {
    now: NOW,
    toolVersion: '9.9.9',
    configDigest: `sha256:${'c'.repeat(64)}`,
    liveDigest: `sha256:${'d'.repeat(64)}`,
    baseUrl: 'http://127.0.0.1:1/api/1.0',
  };
  const shape = (r: ReturnType<typeof report>) =>
    r.items.map((i) => [
      i.kind,
      i.user.email,
      i.target?.type === 'license' ? 'license' : (i.target?.gid ?? '-'),
      i.status,
    ]);

  it('finds exactly the differences the hand-built fixture lists', () => {
    const { report: r, problems } = computeDrift(desiredFixture(), liveFixture(), options);
    expect(problems).toEqual([]);
    expect(shape(r)).toEqual(shape(report()));
    expect(r.summary.ignoredAccounts).toBe(2);
  });

  it("lists differences of protected users and of the token's own user, which the plan only refuses", () => {
    const desired = desiredFixture();
    desired.policy.protected = ['bob@acme.example', 'mallory@acme.example'];
    desired.policy.ignore = [];
    const { report: r, problems } = computeDrift(desired, liveFixture(), options);
    expect(problems).toEqual([]);
    const emails = r.items.map((i) => i.user.email);
    expect(emails.filter((e) => e === 'mallory@acme.example')).toHaveLength(2);
    expect(r.items.find((i) => i.kind === 'license')?.user.email).toBe('bob@acme.example');
    // bot@acme.example is the token's own user: a member of the authoritative workspace no config mentions.
    expect(r.items.find((i) => i.user.email === 'bot@acme.example')?.kind).toBe('unmanaged-account');
  });

  it('lists a declared user without an account even when the plan has nowhere to create it', () => {
    const desired = desiredFixture();
    desired.settings = { manageLicenses: false, newAccountLicense: 'view-only' };
    const { report: r } = computeDrift(desired, liveFixture(), options);
    expect(r.items.filter((i) => i.kind === 'missing-account').map((i) => i.user.email)).toEqual([
      'erin@acme.example',
    ]);
  });

  it('fails on declarations that match nothing in Asana', () => {
    const desired = desiredFixture();
    desired.workspaces[0]!.teams[0]!.name = 'Desgin';
    const { problems } = computeDrift(desired, liveFixture(), options);
    expect(problems.map((p) => p.code)).toEqual(['unknown-team']);
    expect(problems[0]?.at).toEqual(desired.workspaces[0]!.teams[0]!.at);
  });

  it('with a personal token that may change nothing, still lists what differs', () => {
    // me is a plain, view-only member: the plan itself would turn both changes into steps by hand.
    const desired = makeDesired({
      users: ['me@acme.example', 'al@acme.example'],
      workspaces: [{ ref: 'Acme', members: ['me@acme.example', 'al@acme.example'] }],
    });
    const live = makeLive({
      me: 'me@acme.example',
      scim: false,
      users: [
        { email: 'me@acme.example', license: 'view-only' },
        { email: 'al@acme.example' },
        { email: 'old@acme.example' },
      ],
      workspaces: [{ gid: '1', name: 'Acme', members: ['me@acme.example', 'old@acme.example'] }],
    });
    const { report: r, problems } = computeDrift(desired, live, options);
    expect(problems).toEqual([]);
    expect(r.items.map((i) => `${i.kind} ${i.user.email}`)).toEqual([
      'missing-access al@acme.example',
      'unmanaged-account old@acme.example',
    ]);
  });

  it('lists a role to fix by hand only where the declared role differs from the one held', () => {
    const desired = makeDesired({
      users: ['al@acme.example', 'bo@acme.example', 'cy@acme.example'],
      workspaces: [
        {
          ref: 'Acme',
          mode: 'additive',
          members: [{ email: 'al@acme.example', role: 'admin' }, 'bo@acme.example', 'cy@acme.example'],
          teams: [
            {
              name: 'Eng',
              mode: 'additive',
              members: [
                { email: 'al@acme.example', role: 'admin' },
                { email: 'bo@acme.example', role: 'limited-access' },
                { email: 'cy@acme.example', role: 'admin' },
              ],
            },
          ],
        },
      ],
    });
    const live = makeLive({
      users: [{ email: 'al@acme.example' }, { email: 'bo@acme.example' }, { email: 'cy@acme.example' }],
      workspaces: [
        {
          gid: '1',
          name: 'Acme',
          members: [
            { email: 'al@acme.example', admin: true },
            { email: 'bo@acme.example', admin: true },
            'cy@acme.example',
          ],
          teams: [
            {
              gid: '11',
              name: 'Eng',
              members: [
                { email: 'al@acme.example', admin: true },
                { email: 'bo@acme.example', limited: true },
                'cy@acme.example',
              ],
            },
          ],
        },
      ],
    });
    const { report: r } = computeDrift(desired, live, options);
    expect(r.items.map((i) => `${i.kind} ${i.manualReason} ${i.user.email} ${i.target?.type}`)).toEqual([
      'manual workspace-role bo@acme.example workspace',
      'manual team-role cy@acme.example team',
    ]);
    expect(r.items[1]?.message).toMatch(
      /^Make cy@acme\.example a team admin of team "Eng" in "Acme" in Asana/,
    );
  });
});
