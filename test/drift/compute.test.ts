import { describe, expect, it } from 'vitest';
import { driftFromPlan, hasDrift } from '../../src/plan/drift.js';
import { acceptanceCovers, acceptanceInForce, judgeAcceptances } from '../../src/plan/drift-accept.js';
import {
  countIgnoredAccounts,
  ignoreMatcher,
  managedScope,
  mentionedEmails,
} from '../../src/plan/drift-scope.js';
import { DESIGN, desiredFixture, liveFixture, NOW, planFixture } from './fixtures.js';

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
      desiredFixture(),
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
    const scope = managedScope(desiredFixture(), liveFixture());
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

  it('counts ignored accounts once, across workspace, team and SCIM membership', () => {
    const desired = desiredFixture();
    const live = liveFixture();
    expect(countIgnoredAccounts(desired, live, managedScope(desired, live))).toBe(2);
    expect(
      countIgnoredAccounts(
        { ...desired, policy: { ...desired.policy, ignore: [] } },
        live,
        managedScope(desired, live),
      ),
    ).toBe(0);
  });

  it('ignore globs: * is any run, the rest literal, case-insensitive', () => {
    const m = ignoreMatcher(['*@contractor.example', 'bot+*@acme.example']);
    expect(m('sam@contractor.example')).toBe(true);
    expect(m('SAM@Contractor.example')).toBe(true);
    expect(m('sam@contractorXexample')).toBe(false);
    expect(m('bot+ci@acme.example')).toBe(true);
    expect(m('bot@acme.example')).toBe(false);
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
