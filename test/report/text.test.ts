// The text renderer: Terraform-like symbols, both groupings, colour only when asked, problems before
// the closing line, and the empty plan.
import { describe, expect, it } from 'vitest';
import type { Plan } from '../../src/model/index.js';
import { planChanges } from '../../src/plan/index.js';
import { NO_CHANGES, renderPlanText } from '../../src/report/index.js';
import { makeDesired, makeLive, OPTIONS, scenario } from '../plan/fixtures.js';

const { desired, live } = scenario();
const result = planChanges(desired, live, OPTIONS);
const ESC = '\u001b[';

describe('renderPlanText', () => {
  it('groups by user: one block per user, actions in plan order, then manual steps', () => {
    const text = renderPlanText(result, { color: false, groupBy: 'user' });
    expect(text).toContain(
      [
        'dan@acme.example (Dan Drop)',
        '  - team "Engineering" in "Acme Corp"',
        '  - workspace "Acme Corp" (deprovisions the account)',
        '  ~ license enterprise → deprovisioned (deactivates the account)',
        '',
        'eve@acme.example (Eve Gone)',
        '  ! eve@acme.example is deprovisioned in Asana and no API can reactivate an account: reactivate it in the admin console (the next plan then adds its memberships), or declare license: none.',
        '',
        'fay@acme.example (Fay New)',
        '  + create account (through SCIM, enterprise license)',
        '  + workspace "Acme Corp"',
        '  + team "Engineering" in "Acme Corp"',
      ].join('\n'),
    );
    expect(text.split('\n').filter((l) => /^\S/.test(l) && l.includes('@'))).toEqual([
      'ada@acme.example (Ada Admin)',
      'bob@acme.example (Bob Builder)',
      'cat@acme.example (Cat Stevens)',
      'dan@acme.example (Dan Drop)',
      'eve@acme.example (Eve Gone)',
      'fay@acme.example (Fay New)',
      'gus@partner.example (Gus Guest)',
    ]);
  });

  it('groups by target: accounts, workspaces, teams (by name), then licenses', () => {
    const text = renderPlanText(result, { color: false, groupBy: 'target' });
    const headings = text.split('\n').filter((l) => /^(accounts|workspace|team|licenses)/.test(l));
    expect(headings).toEqual([
      'accounts',
      'workspace "Acme Corp"',
      'workspace "Partners Lab"',
      'team "Design" in "Acme Corp"',
      'team "Engineering" in "Acme Corp"',
      'licenses',
    ]);
    expect(text).toContain(
      [
        'team "Engineering" in "Acme Corp"',
        '  + bob@acme.example (Bob Builder)',
        '  + fay@acme.example (Fay New)',
        '  - dan@acme.example (Dan Drop)',
        '  ! ada@acme.example is a team admin of team "Engineering" in "Acme Corp", where the config declares a plain member; no API changes this role: change it in Asana if it is wrong.',
      ].join('\n'),
    );
    expect(text).toContain('  ~ bob@acme.example (Bob Builder): license view-only → enterprise');
    expect(text).toContain(
      '  + fay@acme.example (Fay New): create account (through SCIM, enterprise license)',
    );
  });

  it('ends with the summary line and the count of ignored accounts', () => {
    const text = renderPlanText(result, { color: false, groupBy: 'user' });
    expect(
      text.endsWith(
        '1 account matched policy.ignore and was left alone.\nPlan: 1 to create, 5 to grant, 5 to revoke, 5 manual.\n',
      ),
    ).toBe(true);
  });

  it('colours only when asked', () => {
    const plain = renderPlanText(result, { color: false, groupBy: 'user' });
    const coloured = renderPlanText(result, { color: true, groupBy: 'user' });
    expect(plain).not.toContain(ESC);
    expect(coloured).toContain(`${ESC}32m+${ESC}39m`);
    expect(coloured).toContain(`${ESC}31m-${ESC}39m`);
    expect(coloured).toContain(`${ESC}33m~${ESC}39m`);
    expect(coloured).toContain(`${ESC}35m!${ESC}39m`);
    expect(coloured.replace(/\u001b\[[0-9;]*m/g, '')).toBe(plain);
  });

  it('lists problems before the closing line', () => {
    const problems = [
      {
        code: 'protected-user' as const,
        message: 'The plan would remove protected user x.',
        at: { file: 'a.yaml', line: 3, col: 7 },
      },
      { code: 'revocation-limit' as const, message: 'Too many.' },
    ];
    const text = renderPlanText({ ...result, problems }, { color: false, groupBy: 'user' });
    expect(text).toContain(
      [
        'Problems: the plan cannot be applied until these 2 are fixed:',
        '  ✗ a.yaml:3:7  The plan would remove protected user x. (protected-user)',
        '  ✗ Too many. (revocation-limit)',
        '',
        '1 account matched policy.ignore and was left alone.',
        'Plan: 1 to create, 5 to grant, 5 to revoke, 5 manual.',
      ].join('\n'),
    );
  });

  it('says so when there is nothing to change', () => {
    const empty = planChanges(makeDesired({ users: [] }), makeLive({ users: [], workspaces: [] }), OPTIONS);
    expect(renderPlanText(empty, { color: false, groupBy: 'user' })).toBe(`${NO_CHANGES}\n`);
    expect(NO_CHANGES).toBe('No changes. Asana matches the configuration.');
  });

  it('a plan with only manual steps says nothing will change', () => {
    const onlyManual: Plan = {
      ...result.plan,
      actions: [],
      summary: { ...result.plan.summary, create: 0, grant: 0, revoke: 0 },
    };
    const text = renderPlanText({ plan: onlyManual }, { color: false, groupBy: 'user' });
    expect(text.startsWith('asana-access has nothing to change, but some differences need a person:\n')).toBe(
      true,
    );
    expect(text.endsWith('Plan: 0 to create, 0 to grant, 0 to revoke, 5 manual.\n')).toBe(true);
  });

  it('renders a saved plan without the extras planChanges knew', () => {
    const text = renderPlanText(
      { plan: JSON.parse(JSON.stringify(result.plan)) as Plan },
      { color: false, groupBy: 'target' },
    );
    expect(text).not.toContain('policy.ignore');
    expect(text).toContain('Plan: 1 to create, 5 to grant, 5 to revoke, 5 manual.');
  });
});
