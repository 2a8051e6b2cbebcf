// Dependency edges and order: explicit edges for each rule of design.md, and a plan order that is a
// valid topological order with deterministic ties.
import { describe, expect, it } from 'vitest';
import { planChanges } from '../../src/plan/index.js';
import { makeDesired, makeLive, OPTIONS, scenario } from './fixtures.js';
import { action, ids, run } from './run.js';

const ORG = { gid: '1', name: 'Acme' };

describe('dependency rules', () => {
  it.each([
    {
      rule: 'an account before its workspace membership',
      id: 'grant-workspace:1:new@acme.example',
      dependsOn: ['create-account:new@acme.example'],
    },
    {
      rule: 'an account and the workspace grant before the team grant',
      id: 'grant-team:11:new@acme.example',
      dependsOn: ['create-account:new@acme.example', 'grant-workspace:1:new@acme.example'],
    },
    {
      rule: 'the workspace grant before the team grant of an existing account',
      id: 'grant-team:11:old@acme.example',
      dependsOn: ['grant-workspace:1:old@acme.example'],
    },
  ])('$rule', ({ id, dependsOn }) => {
    const result = run(
      {
        users: [{ email: 'new@acme.example', license: 'view-only' }, 'old@acme.example'],
        workspaces: [
          {
            ref: 'Acme',
            members: ['new@acme.example', 'old@acme.example'],
            teams: [{ name: 'Eng', members: ['new@acme.example', 'old@acme.example'] }],
          },
        ],
      },
      {
        users: [{ email: 'old@acme.example' }],
        workspaces: [{ ...ORG, teams: [{ gid: '11', name: 'Eng' }] }],
      },
    );
    expect(action(result, id).dependsOn).toEqual(dependsOn);
  });

  it('team revokes before the revoke of their workspace, and nothing else', () => {
    const result = run(
      { users: [], workspaces: [{ ref: 'Acme', members: [], teams: [{ name: 'Eng' }, { name: 'Ops' }] }] },
      {
        users: [{ email: 'old@acme.example' }, { email: 'other@acme.example' }],
        workspaces: [
          {
            ...ORG,
            members: ['old@acme.example', 'other@acme.example'],
            teams: [
              { gid: '11', name: 'Eng', members: ['old@acme.example', 'other@acme.example'] },
              { gid: '12', name: 'Ops', members: ['old@acme.example'] },
            ],
          },
        ],
      },
    );
    expect(action(result, 'revoke-workspace:1:old@acme.example').dependsOn).toEqual([
      'revoke-team:11:old@acme.example',
      'revoke-team:12:old@acme.example',
    ]);
    expect(action(result, 'revoke-workspace:1:other@acme.example').dependsOn).toEqual([
      'revoke-team:11:other@acme.example',
    ]);
    expect(action(result, 'revoke-team:11:old@acme.example').dependsOn).toEqual([]);
  });

  it('deprovisioning last, after every revoke of that user', () => {
    const result = run(
      {
        users: [{ email: 'gone@acme.example', license: 'none' }],
        workspaces: [{ ref: 'Acme', members: [], teams: [{ name: 'Eng' }] }],
      },
      {
        users: [{ email: 'gone@acme.example' }],
        workspaces: [
          {
            ...ORG,
            members: ['gone@acme.example'],
            teams: [{ gid: '11', name: 'Eng', members: ['gone@acme.example'] }],
          },
        ],
      },
    );
    expect(ids(result)).toEqual([
      'revoke-team:11:gone@acme.example',
      'revoke-workspace:1:gone@acme.example',
      'revoke-license:gone@acme.example',
    ]);
    expect(action(result, 'revoke-license:gone@acme.example').dependsOn).toEqual([
      'revoke-team:11:gone@acme.example',
      'revoke-workspace:1:gone@acme.example',
    ]);
  });

  it('a license downgrade does not wait for membership revokes', () => {
    const result = run(
      {
        users: [{ email: 'al@acme.example', license: 'view-only' }],
        workspaces: [{ ref: 'Acme', members: ['al@acme.example'], teams: [{ name: 'Eng' }] }],
      },
      {
        users: [{ email: 'al@acme.example' }],
        workspaces: [
          {
            ...ORG,
            members: ['al@acme.example'],
            teams: [{ gid: '11', name: 'Eng', members: ['al@acme.example'] }],
          },
        ],
      },
    );
    expect(action(result, 'revoke-license:al@acme.example').dependsOn).toEqual([]);
  });
});

describe('order', () => {
  it('follows design.md: creates, workspace grants, team grants, license grants, team revokes, workspace revokes, downgrades, deprovisioning', () => {
    const { desired, live } = scenario();
    const { plan } = planChanges(desired, live, OPTIONS);
    expect(plan.actions.map((a) => a.id)).toEqual([
      'create-account:fay@acme.example',
      'grant-workspace:1:fay@acme.example',
      'grant-workspace:2:cat@acme.example',
      'grant-team:11:bob@acme.example',
      'grant-team:11:fay@acme.example',
      'grant-license:bob@acme.example',
      'revoke-team:11:dan@acme.example',
      'revoke-team:12:cat@acme.example',
      'revoke-license:cat@acme.example',
      // With a service-account token, removing dan from the organization deprovisions him: it runs
      // with the deprovisionings, before the (then already done) license deprovisioning.
      'revoke-workspace:1:dan@acme.example',
      'revoke-license:dan@acme.example',
    ]);
  });

  it('ties are broken by target gid, then email, whatever the order of the live lists', () => {
    const desired = makeDesired({
      users: ['a@acme.example', 'b@acme.example', 'c@acme.example'],
      workspaces: [
        { ref: 'Zed', members: ['c@acme.example', 'a@acme.example'] },
        { ref: 'Acme', members: ['b@acme.example', 'a@acme.example'] },
      ],
    });
    const live = makeLive({
      users: [{ email: 'c@acme.example' }, { email: 'b@acme.example' }, { email: 'a@acme.example' }],
      workspaces: [
        { gid: '9', name: 'Zed' },
        { gid: '1', name: 'Acme' },
      ],
    });
    const forward = planChanges(desired, live, OPTIONS).plan;
    const reversed = planChanges(
      desired,
      { ...live, users: [...live.users].reverse(), workspaces: [...live.workspaces].reverse() },
      OPTIONS,
    ).plan;
    expect(forward.actions.map((a) => a.id)).toEqual([
      'grant-workspace:1:a@acme.example',
      'grant-workspace:1:b@acme.example',
      'grant-workspace:9:a@acme.example',
      'grant-workspace:9:c@acme.example',
    ]);
    expect(reversed).toEqual(forward);
  });
});
