// Every action kind: when it is planned, its id, target, precondition and config location.
import { describe, expect, it } from 'vitest';
import type { Action } from '../../src/model/index.js';
import type { DesiredSpec, LiveSpec } from './fixtures.js';
import { action, ids, problemCodes, run } from './run.js';

const ORG = { gid: '1', name: 'Acme' };

interface Case {
  name: string;
  desired: DesiredSpec;
  live: LiveSpec;
  /** The plan's action ids, in order. */
  ids: string[];
  /** Spot checks on one action. */
  check?: { id: string; expect: Partial<Action> };
}

const cases: Case[] = [
  {
    name: 'create-account through SCIM with the declared license, then its workspace grant',
    desired: {
      users: [{ email: 'new@acme.example', license: 'enterprise' }],
      workspaces: [{ ref: 'Acme', members: ['new@acme.example'] }],
    },
    live: { users: [], workspaces: [{ ...ORG, members: [] }] },
    ids: ['create-account:new@acme.example', 'grant-workspace:1:new@acme.example'],
    check: {
      id: 'create-account:new@acme.example',
      expect: {
        kind: 'create-account',
        via: 'scim',
        license: 'enterprise',
        workspace: { type: 'workspace', gid: '1', name: 'Acme' },
        precondition: { type: 'account', email: 'new@acme.example', exists: false },
        user: { email: 'new@acme.example' },
      } as Partial<Action>,
    },
  },
  {
    name: 'create-account through SCIM gets settings.newAccountLicense when no license is declared',
    desired: {
      users: ['new@acme.example'],
      newAccountLicense: 'view-only',
      workspaces: [{ ref: 'Acme', members: [], mode: 'additive' }],
    },
    live: { users: [], workspaces: [{ ...ORG }] },
    ids: ['create-account:new@acme.example'],
    check: {
      id: 'create-account:new@acme.example',
      expect: { via: 'scim', license: 'view-only' } as Partial<Action>,
    },
  },
  {
    name: 'a guest (outside every organization domain) is invited even when licenses are managed',
    desired: {
      users: [{ email: 'gus@partner.example', license: 'view-only' }],
      workspaces: [{ ref: 'Acme', members: ['gus@partner.example'] }],
    },
    live: { users: [], workspaces: [{ ...ORG }] },
    ids: ['create-account:gus@partner.example'],
    check: {
      id: 'create-account:gus@partner.example',
      expect: { via: 'invite', workspace: { type: 'workspace', gid: '1', name: 'Acme' } } as Partial<Action>,
    },
  },
  {
    name: 'create-account by invitation when SCIM was not read: it is the workspace grant',
    desired: {
      defaultWorkspace: 'Acme',
      users: [{ email: 'new@acme.example', license: 'enterprise' }],
      workspaces: [
        {
          ref: 'Acme',
          members: ['new@acme.example'],
          teams: [{ name: 'Eng', members: ['new@acme.example'] }],
        },
      ],
      manageLicenses: false,
    },
    live: { scim: false, users: [], workspaces: [{ ...ORG, teams: [{ gid: '11', name: 'Eng' }] }] },
    ids: ['create-account:new@acme.example', 'grant-team:11:new@acme.example'],
    check: {
      id: 'create-account:new@acme.example',
      expect: { via: 'invite', workspace: { type: 'workspace', gid: '1', name: 'Acme' } } as Partial<Action>,
    },
  },
  {
    name: 'create-account by invitation when licenses are not managed, even with SCIM read',
    desired: {
      manageLicenses: false,
      defaultWorkspace: '1',
      users: ['new@acme.example'],
      workspaces: [{ ref: 'Acme', members: ['new@acme.example'] }],
    },
    live: { users: [], workspaces: [{ ...ORG }] },
    ids: ['create-account:new@acme.example'],
    check: { id: 'create-account:new@acme.example', expect: { via: 'invite' } as Partial<Action> },
  },
  {
    name: 'an invitation goes to a workspace the user is declared in when the default one does not list them',
    desired: {
      manageLicenses: false,
      defaultWorkspace: 'Acme',
      users: ['new@acme.example'],
      workspaces: [
        { ref: 'Acme', members: [] },
        { ref: 'Lab', members: ['new@acme.example'] },
      ],
    },
    live: { scim: false, users: [], workspaces: [{ ...ORG }, { gid: '2', name: 'Lab', org: false }] },
    ids: ['create-account:new@acme.example'],
    check: {
      id: 'create-account:new@acme.example',
      expect: { workspace: { type: 'workspace', gid: '2', name: 'Lab' } } as Partial<Action>,
    },
  },
  {
    name: 'no account is created for a user declared with license none',
    desired: { users: [{ email: 'gone@acme.example', license: 'none' }] },
    live: { users: [], workspaces: [] },
    ids: [],
  },
  {
    name: 'an account known only to SCIM is not created again',
    desired: {
      users: [{ email: 'rosa@acme.example', license: 'view-only' }],
      workspaces: [{ ref: 'Acme', members: ['rosa@acme.example'] }],
    },
    live: {
      users: [{ email: 'rosa@acme.example', license: 'view-only', scimOnly: true }],
      workspaces: [{ ...ORG }],
    },
    ids: ['grant-workspace:1:rosa@acme.example'],
    check: {
      id: 'grant-workspace:1:rosa@acme.example',
      expect: { user: { email: 'rosa@acme.example', scimId: '1000' } } as Partial<Action>,
    },
  },
  {
    name: 'grant workspace to an existing account',
    desired: { users: ['al@acme.example'], workspaces: [{ ref: 'Acme', members: ['al@acme.example'] }] },
    live: { users: [{ email: 'al@acme.example', gid: '77' }], workspaces: [{ ...ORG }] },
    ids: ['grant-workspace:1:al@acme.example'],
    check: {
      id: 'grant-workspace:1:al@acme.example',
      expect: {
        kind: 'grant',
        target: { type: 'workspace', gid: '1', name: 'Acme' },
        precondition: {
          type: 'workspace-membership',
          email: 'al@acme.example',
          workspaceGid: '1',
          member: false,
        },
        user: { email: 'al@acme.example', gid: '77', scimId: '77', name: 'Al' },
        dependsOn: [],
        at: { file: 'access.yaml', line: 3, col: 5 },
      },
    },
  },
  {
    name: 'an inactive workspace membership is not a membership',
    desired: { users: ['al@acme.example'], workspaces: [{ ref: 'Acme', members: ['al@acme.example'] }] },
    live: {
      users: [{ email: 'al@acme.example' }],
      workspaces: [{ ...ORG, members: [{ email: 'al@acme.example', active: false }] }],
    },
    ids: ['grant-workspace:1:al@acme.example'],
  },
  {
    name: 'revoke workspace from an undeclared member under authoritative mode',
    desired: { users: [], workspaces: [{ ref: 'Acme', members: [] }] },
    live: {
      users: [{ email: 'old@acme.example', gid: '5' }],
      workspaces: [{ ...ORG, members: ['old@acme.example'] }],
    },
    ids: ['revoke-workspace:1:old@acme.example'],
    check: {
      id: 'revoke-workspace:1:old@acme.example',
      expect: {
        kind: 'revoke',
        precondition: {
          type: 'workspace-membership',
          email: 'old@acme.example',
          workspaceGid: '1',
          member: true,
        },
        user: { email: 'old@acme.example', gid: '5', scimId: '5', name: 'Old' },
      },
    },
  },
  {
    name: 'additive mode never revokes',
    desired: {
      users: [],
      workspaces: [
        { ref: 'Acme', mode: 'additive', members: [], teams: [{ name: 'Eng', mode: 'additive' }] },
      ],
    },
    live: {
      users: [{ email: 'old@acme.example' }],
      workspaces: [
        {
          ...ORG,
          members: ['old@acme.example'],
          teams: [{ gid: '11', name: 'Eng', members: ['old@acme.example'] }],
        },
      ],
    },
    ids: [],
  },
  {
    name: 'grant team to a workspace member',
    desired: {
      users: ['al@acme.example'],
      workspaces: [
        { ref: 'Acme', members: ['al@acme.example'], teams: [{ name: 'Eng', members: ['al@acme.example'] }] },
      ],
    },
    live: {
      users: [{ email: 'al@acme.example' }],
      workspaces: [{ ...ORG, members: ['al@acme.example'], teams: [{ gid: '11', name: 'Eng' }] }],
    },
    ids: ['grant-team:11:al@acme.example'],
    check: {
      id: 'grant-team:11:al@acme.example',
      expect: {
        target: { type: 'team', gid: '11', name: 'Eng', workspaceGid: '1', workspaceName: 'Acme' },
        precondition: { type: 'team-membership', email: 'al@acme.example', teamGid: '11', member: false },
        dependsOn: [],
      },
    },
  },
  {
    name: 'revoke team from an undeclared member, keeping the workspace',
    desired: {
      users: ['al@acme.example'],
      workspaces: [{ ref: 'Acme', members: ['al@acme.example'], teams: [{ name: 'Eng', members: [] }] }],
    },
    live: {
      users: [{ email: 'al@acme.example' }],
      workspaces: [
        {
          ...ORG,
          members: ['al@acme.example'],
          teams: [{ gid: '11', name: 'Eng', members: ['al@acme.example'] }],
        },
      ],
    },
    ids: ['revoke-team:11:al@acme.example'],
    check: {
      id: 'revoke-team:11:al@acme.example',
      expect: {
        precondition: { type: 'team-membership', email: 'al@acme.example', teamGid: '11', member: true },
      },
    },
  },
  {
    name: 'grant license view-only → enterprise',
    desired: { users: [{ email: 'al@acme.example', license: 'enterprise' }] },
    live: { users: [{ email: 'al@acme.example', license: 'view-only' }], workspaces: [] },
    ids: ['grant-license:al@acme.example'],
    check: {
      id: 'grant-license:al@acme.example',
      expect: {
        kind: 'grant',
        target: { type: 'license', from: 'view-only', to: 'enterprise' },
        precondition: { type: 'license', email: 'al@acme.example', license: 'view-only' },
      },
    },
  },
  {
    name: 'revoke license enterprise → view-only',
    desired: { users: [{ email: 'al@acme.example', license: 'view-only' }] },
    live: { users: [{ email: 'al@acme.example', license: 'enterprise' }], workspaces: [] },
    ids: ['revoke-license:al@acme.example'],
    check: {
      id: 'revoke-license:al@acme.example',
      expect: { kind: 'revoke', target: { type: 'license', from: 'enterprise', to: 'view-only' } },
    },
  },
  {
    name: 'revoke license view-only → deprovisioned for license none',
    desired: { users: [{ email: 'al@acme.example', license: 'none' }] },
    live: { users: [{ email: 'al@acme.example', license: 'view-only' }], workspaces: [] },
    ids: ['revoke-license:al@acme.example'],
    check: {
      id: 'revoke-license:al@acme.example',
      expect: { target: { type: 'license', from: 'view-only', to: 'deprovisioned' } },
    },
  },
  {
    name: 'revoke license enterprise → deprovisioned in one action',
    desired: { users: [{ email: 'al@acme.example', license: 'none' }] },
    live: { users: [{ email: 'al@acme.example', license: 'enterprise' }], workspaces: [] },
    ids: ['revoke-license:al@acme.example'],
    check: {
      id: 'revoke-license:al@acme.example',
      expect: { target: { type: 'license', from: 'enterprise', to: 'deprovisioned' } },
    },
  },
  {
    name: 'licenses are not planned when settings.manageLicenses is off',
    desired: { manageLicenses: false, users: [{ email: 'al@acme.example' }] },
    live: { users: [{ email: 'al@acme.example', license: 'view-only' }], workspaces: [] },
    ids: [],
  },
  {
    name: 'an already deprovisioned user declared none needs nothing',
    desired: { users: [{ email: 'al@acme.example', license: 'none' }] },
    live: { users: [{ email: 'al@acme.example', license: 'deprovisioned' }], workspaces: [] },
    ids: [],
  },
  {
    name: 'emails are compared case-insensitively',
    desired: { users: ['Al@Acme.Example'], workspaces: [{ ref: 'Acme', members: ['AL@acme.example'] }] },
    live: { users: [{ email: 'al@acme.example' }], workspaces: [{ ...ORG, members: ['al@acme.example'] }] },
    ids: [],
  },
  {
    name: 'nothing to do when Asana matches',
    desired: {
      users: [{ email: 'al@acme.example', license: 'enterprise' }],
      workspaces: [
        { ref: 'Acme', members: ['al@acme.example'], teams: [{ name: 'Eng', members: ['al@acme.example'] }] },
      ],
    },
    live: {
      users: [{ email: 'al@acme.example' }],
      workspaces: [
        {
          ...ORG,
          members: ['al@acme.example'],
          teams: [{ gid: '11', name: 'Eng', members: ['al@acme.example'] }],
        },
      ],
    },
    ids: [],
  },
];

describe('action kinds', () => {
  it.each(cases)('$name', (c) => {
    const result = run(c.desired, c.live);
    expect(problemCodes(result)).toEqual([]);
    expect(ids(result)).toEqual(c.ids);
    if (c.check) expect(action(result, c.check.id)).toMatchObject(c.check.expect);
  });

  it('counts actions in the summary', () => {
    const result = run(
      {
        users: [
          { email: 'new@acme.example', license: 'view-only' },
          { email: 'up@acme.example', license: 'enterprise' },
        ],
        workspaces: [{ ref: 'Acme', members: ['new@acme.example', 'up@acme.example'] }],
      },
      {
        users: [{ email: 'up@acme.example', license: 'view-only' }, { email: 'old@acme.example' }],
        workspaces: [{ ...ORG, members: ['up@acme.example', 'old@acme.example'] }],
      },
    );
    expect(result.plan.summary).toEqual({ create: 1, grant: 2, revoke: 1, manual: 0 });
  });

  it('records the plan metadata from the options and the live state', () => {
    const result = run(
      { users: [] },
      {
        users: [],
        workspaces: [
          { gid: '7', name: 'B' },
          { gid: '3', name: 'A' },
        ],
      },
      { toolVersion: '9.9.9', baseUrl: 'http://127.0.0.1:1/api/1.0' },
    );
    expect(result.plan).toMatchObject({
      formatVersion: 1,
      toolVersion: '9.9.9',
      createdAt: '2026-01-02T03:04:05.000Z',
      domain: {
        baseUrl: 'http://127.0.0.1:1/api/1.0',
        meGid: '900',
        meEmail: 'bot@acme.example',
        workspaceGids: ['3', '7'],
      },
      actions: [],
      manual: [],
      summary: { create: 0, grant: 0, revoke: 0, manual: 0 },
    });
  });
});
