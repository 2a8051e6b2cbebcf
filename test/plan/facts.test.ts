// Preconditions re-checked against a fresh live state, the one-line descriptions, and the digest.
import { describe, expect, it } from 'vitest';
import type { Action, Fact, Plan } from '../../src/model/index.js';
import {
  computePlanDigest,
  createFactEvaluator,
  describeAction,
  describeFact,
  evaluateFact,
  planChanges,
  verifyPlanDigest,
} from '../../src/plan/index.js';
import { makeLive, OPTIONS, scenario } from './fixtures.js';

const live = makeLive({
  users: [
    { email: 'al@acme.example', gid: '10' },
    { email: 'vo@acme.example', gid: '11', license: 'view-only' },
    { email: 'gone@acme.example', gid: '12', license: 'deprovisioned' },
    { email: 'gus@partner.example', gid: '13', license: 'guest' },
    { email: 'sc@acme.example', gid: '14', scimOnly: true },
  ],
  workspaces: [
    {
      gid: '1',
      name: 'Acme',
      members: ['al@acme.example', { email: 'vo@acme.example', active: false }],
      teams: [
        { gid: '21', name: 'Eng', members: ['al@acme.example'] },
        { gid: '22', name: 'Hidden', inScope: false },
      ],
    },
    { gid: '2', name: 'Unread', inScope: false },
  ],
});
const noScim = makeLive({ scim: false, users: [{ email: 'al@acme.example' }], workspaces: [] });

describe('evaluateFact', () => {
  it.each<[string, Fact, boolean, string]>([
    [
      'account exists (REST)',
      { type: 'account', email: 'al@acme.example', exists: true },
      true,
      'al@acme.example has an Asana account',
    ],
    [
      'account exists (SCIM only)',
      { type: 'account', email: 'sc@acme.example', exists: false },
      false,
      'sc@acme.example has an Asana account',
    ],
    [
      'no account',
      { type: 'account', email: 'new@acme.example', exists: false },
      true,
      'new@acme.example has no Asana account',
    ],
    [
      'a workspace member',
      { type: 'workspace-membership', email: 'al@acme.example', workspaceGid: '1', member: true },
      true,
      'al@acme.example is a member of workspace "Acme" (1)',
    ],
    [
      'an inactive membership is no membership',
      { type: 'workspace-membership', email: 'vo@acme.example', workspaceGid: '1', member: true },
      false,
      'vo@acme.example is not a member of workspace "Acme" (1)',
    ],
    [
      'a user without an account is no member',
      { type: 'workspace-membership', email: 'new@acme.example', workspaceGid: '1', member: false },
      true,
      'new@acme.example is not a member of workspace "Acme" (1)',
    ],
    [
      'a workspace that was not read',
      { type: 'workspace-membership', email: 'al@acme.example', workspaceGid: '2', member: false },
      false,
      'workspace 2 was not read, so membership of al@acme.example is unknown',
    ],
    [
      'a team member',
      { type: 'team-membership', email: 'al@acme.example', teamGid: '21', member: false },
      false,
      'al@acme.example is a member of team "Eng" (21)',
    ],
    [
      'not a team member',
      { type: 'team-membership', email: 'vo@acme.example', teamGid: '21', member: false },
      true,
      'vo@acme.example is not a member of team "Eng" (21)',
    ],
    [
      'a team that was not read',
      { type: 'team-membership', email: 'al@acme.example', teamGid: '22', member: false },
      false,
      'team 22 was not read, so membership of al@acme.example is unknown',
    ],
    [
      'an enterprise license',
      { type: 'license', email: 'al@acme.example', license: 'enterprise' },
      true,
      'al@acme.example holds an enterprise license',
    ],
    [
      'a changed license',
      { type: 'license', email: 'vo@acme.example', license: 'enterprise' },
      false,
      'vo@acme.example holds a view-only license',
    ],
    [
      'deprovisioned',
      { type: 'license', email: 'gone@acme.example', license: 'deprovisioned' },
      true,
      'gone@acme.example is deprovisioned',
    ],
    [
      'a guest has no SCIM record',
      { type: 'license', email: 'gus@partner.example', license: 'view-only' },
      false,
      'gus@partner.example is not a SCIM user',
    ],
  ])('%s', (_name, fact, holds, actual) => {
    expect(evaluateFact(fact, live)).toEqual({ holds, actual });
  });

  it('a license is unknown when SCIM was not read', () => {
    expect(
      evaluateFact({ type: 'license', email: 'al@acme.example', license: 'enterprise' }, noScim),
    ).toEqual({
      holds: false,
      actual: 'the license of al@acme.example is unknown: SCIM was not read',
    });
  });

  it('every precondition of a fresh plan holds against the state it was made from, and not after the change', () => {
    const { desired, live: before } = scenario();
    const { plan } = planChanges(desired, before, OPTIONS);
    const evaluate = createFactEvaluator(before);
    for (const a of plan.actions) expect(evaluate(a.precondition), a.id).toMatchObject({ holds: true });
  });
});

describe('descriptions', () => {
  const { desired, live: before } = scenario();
  const { plan } = planChanges(desired, before, OPTIONS);
  const byId = (id: string): Action => plan.actions.find((a) => a.id === id)!;

  it.each([
    [
      'create-account:fay@acme.example',
      'create an account for fay@acme.example through SCIM with an enterprise license',
    ],
    ['grant-workspace:1:fay@acme.example', 'add fay@acme.example to workspace "Acme Corp"'],
    ['grant-team:11:bob@acme.example', 'add bob@acme.example to team "Engineering" in "Acme Corp"'],
    ['revoke-team:12:cat@acme.example', 'remove cat@acme.example from team "Design" in "Acme Corp"'],
    [
      'revoke-workspace:1:dan@acme.example',
      'remove dan@acme.example from workspace "Acme Corp", which deprovisions the account',
    ],
    ['grant-license:bob@acme.example', 'upgrade the license of bob@acme.example: view-only → enterprise'],
    ['revoke-license:cat@acme.example', 'downgrade the license of cat@acme.example: enterprise → view-only'],
    ['revoke-license:dan@acme.example', 'deprovision dan@acme.example (license enterprise → deprovisioned)'],
  ])('%s', (id, text) => {
    expect(describeAction(byId(id))).toBe(text);
  });

  it('an invitation', () => {
    const invite: Action = {
      id: 'create-account:x@acme.example',
      kind: 'create-account',
      via: 'invite',
      user: { email: 'x@acme.example' },
      dependsOn: [],
      precondition: { type: 'account', email: 'x@acme.example', exists: false },
      workspace: { type: 'workspace', gid: '1', name: 'Acme Corp' },
      license: 'view-only',
    };
    expect(describeAction(invite)).toBe(
      'create an account for x@acme.example by inviting it to workspace "Acme Corp"',
    );
  });

  it('facts by gid without a live state, by name with one', () => {
    const fact: Fact = { type: 'team-membership', email: 'al@acme.example', teamGid: '21', member: false };
    expect(describeFact(fact)).toBe('al@acme.example is not a member of team 21');
    expect(describeFact(fact, live)).toBe('al@acme.example is not a member of team "Eng" (21)');
  });
});

describe('plan digest', () => {
  const { desired, live: before } = scenario();
  const { plan } = planChanges(desired, before, OPTIONS);

  it('verifies a fresh plan and its JSON round trip', () => {
    expect(verifyPlanDigest(plan)).toBe(true);
    expect(verifyPlanDigest(JSON.parse(JSON.stringify(plan)) as Plan)).toBe(true);
    expect(plan.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('does not depend on key order', () => {
    const reordered = Object.fromEntries(Object.entries(plan).reverse()) as unknown as Plan;
    expect(verifyPlanDigest(reordered)).toBe(true);
  });

  it.each<[string, (p: Plan) => void]>([
    ['an edited action', (p) => (p.actions[0]!.user.email = 'mallory@acme.example')],
    ['a removed dependency', (p) => p.actions.find((a) => a.dependsOn.length > 0)!.dependsOn.pop()],
    ['a dropped action', (p) => p.actions.pop()],
    ['another timestamp', (p) => (p.createdAt = '2030-01-01T00:00:00.000Z')],
    ['another domain', (p) => (p.domain.baseUrl = 'https://evil.example/api/1.0')],
    ['a changed digest', (p) => (p.digest = `sha256:${'0'.repeat(64)}`)],
  ])('fails after %s', (_name, edit) => {
    const copy = structuredClone(plan);
    edit(copy);
    expect(verifyPlanDigest(copy)).toBe(false);
  });

  it('computePlanDigest ignores a digest field already present', () => {
    const { digest, ...rest } = plan;
    expect(computePlanDigest(rest)).toBe(digest);
    expect(computePlanDigest(plan)).toBe(digest);
  });

  it('rejects values that are not plans', () => {
    expect(verifyPlanDigest(null as unknown as Plan)).toBe(false);
    expect(verifyPlanDigest({} as Plan)).toBe(false);
  });
});
