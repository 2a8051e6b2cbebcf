// Manual items: differences no API can fix become steps for a person, never actions.
import { describe, expect, it } from 'vitest';
import type { ManualItem } from '../../src/model/index.js';
import type { DesiredSpec, LiveSpec } from './fixtures.js';
import { ids, manualIds, problemCodes, run } from './run.js';

const ORG = { gid: '1', name: 'Acme' };

interface Case {
  name: string;
  desired: DesiredSpec;
  live: LiveSpec;
  manual: Array<Omit<Partial<ManualItem>, 'message'> & { id: string; message: RegExp }>;
  /** Actions still planned alongside (default none). */
  actions?: string[];
}

const cases: Case[] = [
  {
    name: 'team admin declared as a plain member',
    desired: {
      users: ['al@acme.example'],
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
          teams: [{ gid: '11', name: 'Eng', members: [{ email: 'al@acme.example', admin: true }] }],
        },
      ],
    },
    manual: [
      {
        id: 'manual-team-role:team:11:al@acme.example',
        reason: 'team-role',
        target: { type: 'team', gid: '11', name: 'Eng', workspaceGid: '1', workspaceName: 'Acme' },
        message: /al@acme\.example is a team admin of team "Eng" in "Acme".*no API changes this role/,
        at: { file: 'access.yaml', line: 5, col: 5 },
      },
    ],
  },
  {
    name: 'limited-access team member',
    desired: {
      users: ['al@acme.example'],
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
          teams: [{ gid: '11', name: 'Eng', members: [{ email: 'al@acme.example', limited: true }] }],
        },
      ],
    },
    manual: [
      { id: 'manual-team-role:team:11:al@acme.example', message: /is a limited-access member of team "Eng"/ },
    ],
  },
  {
    name: 'workspace admin declared as a plain member',
    desired: { users: ['al@acme.example'], workspaces: [{ ref: 'Acme', members: ['al@acme.example'] }] },
    live: {
      users: [{ email: 'al@acme.example' }],
      workspaces: [{ ...ORG, members: [{ email: 'al@acme.example', admin: true }] }],
    },
    manual: [
      {
        id: 'manual-workspace-role:workspace:1:al@acme.example',
        reason: 'workspace-role',
        message: /is a workspace admin of workspace "Acme"/,
      },
    ],
  },
  {
    name: 'declared admin, plain member in Asana: make them an admin by hand',
    desired: {
      users: ['al@acme.example'],
      workspaces: [
        {
          ref: 'Acme',
          members: [{ email: 'al@acme.example', role: 'admin' }],
          teams: [{ name: 'Eng', members: [{ email: 'al@acme.example', role: 'admin' }] }],
        },
      ],
    },
    live: {
      users: [{ email: 'al@acme.example' }],
      workspaces: [
        {
          ...ORG,
          members: ['al@acme.example'],
          teams: [{ gid: '11', name: 'Eng', members: [{ email: 'al@acme.example', limited: true }] }],
        },
      ],
    },
    manual: [
      {
        id: 'manual-team-role:team:11:al@acme.example',
        reason: 'team-role',
        message:
          /^Make al@acme\.example a team admin of team "Eng" in "Acme" in Asana: the config declares role: admin, but al@acme\.example is a limited-access member; no API sets roles\.$/,
        at: { file: 'access.yaml', line: 5, col: 5 },
      },
      {
        id: 'manual-workspace-role:workspace:1:al@acme.example',
        reason: 'workspace-role',
        message:
          /^Make al@acme\.example a workspace admin of workspace "Acme" in Asana: the config declares role: admin, but al@acme\.example is a plain member; no API sets roles\.$/,
        at: { file: 'access.yaml', line: 3, col: 5 },
      },
    ],
  },
  {
    name: 'declared limited-access, team admin in Asana',
    desired: {
      users: ['al@acme.example'],
      workspaces: [
        {
          ref: 'Acme',
          members: ['al@acme.example'],
          teams: [{ name: 'Eng', members: [{ email: 'al@acme.example', role: 'limited-access' }] }],
        },
      ],
    },
    live: {
      users: [{ email: 'al@acme.example' }],
      workspaces: [
        {
          ...ORG,
          members: ['al@acme.example'],
          teams: [{ gid: '11', name: 'Eng', members: [{ email: 'al@acme.example', admin: true }] }],
        },
      ],
    },
    manual: [
      {
        id: 'manual-team-role:team:11:al@acme.example',
        message:
          /^Make al@acme\.example a limited-access member of team "Eng" in "Acme" in Asana: .* is a team admin;/,
      },
    ],
  },
  {
    name: 'a declared admin who is a guest: the role and the guest status in one step',
    desired: {
      users: ['gus@partner.example'],
      workspaces: [{ ref: 'Acme', members: [{ email: 'gus@partner.example', role: 'admin' }] }],
    },
    live: {
      users: [{ email: 'gus@partner.example' }],
      workspaces: [{ ...ORG, members: [{ email: 'gus@partner.example', guest: true }] }],
    },
    manual: [
      {
        id: 'manual-workspace-role:workspace:1:gus@partner.example',
        message:
          /^Make gus@partner\.example a workspace admin of workspace "Acme" in Asana: .* is a plain member and a guest;/,
      },
    ],
  },
  {
    // Guest status comes from the email domain: nothing anyone can change, so nothing to list.
    name: 'a guest declared as a plain member with license view-only: nothing to do',
    desired: {
      users: [{ email: 'gus@partner.example', license: 'view-only' }],
      workspaces: [{ ref: 'Acme', members: ['gus@partner.example'] }],
    },
    live: {
      users: [{ email: 'gus@partner.example', license: 'guest' }],
      workspaces: [{ ...ORG, members: ['gus@partner.example'] }],
    },
    manual: [],
  },
  {
    name: 'a guest declared enterprise: it cannot hold that license',
    desired: {
      users: [{ email: 'gus@partner.example', license: 'enterprise' }],
      workspaces: [{ ref: 'Acme', members: ['gus@partner.example'] }],
    },
    live: {
      users: [{ email: 'gus@partner.example', license: 'guest' }],
      workspaces: [{ ...ORG, members: ['gus@partner.example'] }],
    },
    manual: [
      {
        id: 'manual-guest-license:gus@partner.example',
        reason: 'guest-license',
        message: /not a SCIM user.*cannot hold the enterprise license: declare license: view-only/,
      },
    ],
  },
  {
    name: 'a guest declared with license none cannot be deprovisioned through SCIM',
    desired: {
      users: [{ email: 'gus@partner.example', license: 'none' }],
      workspaces: [{ ref: 'Acme', members: [], mode: 'additive' }],
    },
    live: {
      users: [{ email: 'gus@partner.example', license: 'guest' }],
      workspaces: [{ ...ORG, members: ['gus@partner.example'] }],
    },
    manual: [
      { id: 'manual-guest-license:gus@partner.example', message: /cannot be deprovisioned through SCIM/ },
    ],
  },
  {
    name: 'reactivating a deprovisioned user, whose grants wait for it',
    desired: {
      users: [{ email: 'eve@acme.example', license: 'enterprise' }],
      workspaces: [
        {
          ref: 'Acme',
          members: ['eve@acme.example'],
          teams: [{ name: 'Eng', members: ['eve@acme.example'] }],
        },
      ],
    },
    live: {
      users: [{ email: 'eve@acme.example', license: 'deprovisioned' }],
      workspaces: [{ ...ORG, teams: [{ gid: '11', name: 'Eng' }] }],
    },
    manual: [
      {
        id: 'manual-reactivate:license:eve@acme.example',
        reason: 'reactivate',
        target: { type: 'license', from: 'deprovisioned', to: 'enterprise' },
        message: /deprovisioned in Asana and no API can reactivate/,
      },
    ],
  },
  {
    name: 'no permission: the token user is not a workspace admin and cannot remove members',
    desired: { users: ['me@acme.example'], workspaces: [{ ref: 'Acme', members: ['me@acme.example'] }] },
    live: {
      me: 'me@acme.example',
      users: [{ email: 'me@acme.example' }, { email: 'old@acme.example' }],
      workspaces: [{ ...ORG, members: ['me@acme.example', 'old@acme.example'] }],
    },
    manual: [
      {
        id: 'manual-no-permission:workspace:1:old@acme.example',
        reason: 'no-permission',
        message:
          /Remove old@acme\.example from workspace "Acme" by hand: the token's user \(me@acme\.example\) is not an admin/,
      },
    ],
  },
  {
    name: 'no permission: team changes need a team member or an organization admin',
    desired: {
      users: ['me@acme.example', 'al@acme.example'],
      workspaces: [
        {
          ref: 'Acme',
          members: ['me@acme.example', 'al@acme.example'],
          teams: [
            { name: 'Eng', members: ['al@acme.example'] },
            { name: 'Ops', members: ['al@acme.example', 'me@acme.example'] },
          ],
        },
      ],
    },
    live: {
      me: 'me@acme.example',
      users: [{ email: 'me@acme.example' }, { email: 'al@acme.example' }],
      workspaces: [
        {
          ...ORG,
          members: ['me@acme.example', 'al@acme.example'],
          teams: [
            { gid: '11', name: 'Eng' },
            { gid: '12', name: 'Ops', members: ['me@acme.example'] },
          ],
        },
      ],
    },
    manual: [
      {
        id: 'manual-no-permission:team:11:al@acme.example',
        message: /neither an admin of the organization nor a member of this team/,
      },
    ],
    actions: ['grant-team:12:al@acme.example'],
  },
  {
    name: 'no permission: a view-only token user cannot write',
    desired: {
      users: ['me@acme.example', 'al@acme.example'],
      workspaces: [{ ref: 'Acme', members: ['me@acme.example', 'al@acme.example'] }],
    },
    live: {
      me: 'me@acme.example',
      users: [{ email: 'me@acme.example', license: 'view-only' }, { email: 'al@acme.example' }],
      workspaces: [{ ...ORG, members: [{ email: 'me@acme.example', admin: true }] }],
    },
    manual: [
      {
        id: 'manual-no-permission:workspace:1:al@acme.example',
        message: /holds a view-only license and cannot write/,
      },
      { id: 'manual-workspace-role:workspace:1:me@acme.example', message: /workspace admin/ },
    ],
  },
  {
    name: 'an organization admin token may change every team',
    desired: {
      users: ['me@acme.example', 'al@acme.example'],
      workspaces: [
        {
          ref: 'Acme',
          members: ['me@acme.example', 'al@acme.example'],
          teams: [{ name: 'Eng', members: ['al@acme.example'] }],
        },
      ],
    },
    live: {
      me: 'me@acme.example',
      users: [{ email: 'me@acme.example' }, { email: 'al@acme.example' }, { email: 'old@acme.example' }],
      workspaces: [
        {
          ...ORG,
          members: [{ email: 'me@acme.example', admin: true }, 'al@acme.example', 'old@acme.example'],
          teams: [{ gid: '11', name: 'Eng' }],
        },
      ],
    },
    manual: [{ id: 'manual-workspace-role:workspace:1:me@acme.example', message: /workspace admin/ }],
    actions: ['grant-team:11:al@acme.example', 'revoke-workspace:1:old@acme.example'],
  },
  {
    name: 'SCIM unavailable: license differences told from the REST view-only flag',
    desired: {
      users: [
        { email: 'up@acme.example', license: 'enterprise' },
        { email: 'down@acme.example', license: 'view-only' },
        { email: 'same@acme.example', license: 'view-only' },
        { email: 'gone@acme.example', license: 'none' },
      ],
      workspaces: [
        {
          ref: 'Acme',
          mode: 'additive',
          members: ['up@acme.example', 'down@acme.example', 'same@acme.example'],
        },
      ],
    },
    live: {
      scim: false,
      users: [
        { email: 'up@acme.example', license: 'view-only' },
        { email: 'down@acme.example' },
        { email: 'same@acme.example', license: 'view-only' },
        { email: 'gone@acme.example' },
      ],
      workspaces: [
        {
          ...ORG,
          members: ['up@acme.example', 'down@acme.example', 'same@acme.example', 'gone@acme.example'],
        },
      ],
    },
    manual: [
      {
        id: 'manual-scim-unavailable:license:down@acme.example',
        reason: 'scim-unavailable',
        target: { type: 'license', from: 'enterprise', to: 'view-only' },
        message:
          /Change the license of down@acme\.example from enterprise to view-only in Asana's admin console: .*SCIM/,
      },
      {
        id: 'manual-scim-unavailable:license:gone@acme.example',
        message: /Deprovision gone@acme\.example in Asana's admin console/,
      },
      {
        id: 'manual-scim-unavailable:license:up@acme.example',
        target: { type: 'license', from: 'view-only', to: 'enterprise' },
        message: /from view-only to enterprise/,
      },
    ],
  },
  {
    name: 'SCIM unavailable: an invited account that should be enterprise needs a hand',
    desired: {
      defaultWorkspace: 'Acme',
      users: [{ email: 'new@acme.example', license: 'enterprise' }],
      workspaces: [{ ref: 'Acme', members: ['new@acme.example'] }],
    },
    live: { scim: false, users: [], workspaces: [{ ...ORG }] },
    manual: [
      { id: 'manual-scim-unavailable:license:new@acme.example', message: /from view-only to enterprise/ },
    ],
    actions: ['create-account:new@acme.example'],
  },
];

describe('manual items', () => {
  it.each(cases)('$name', (c) => {
    const result = run(c.desired, c.live);
    expect(problemCodes(result)).toEqual([]);
    expect(ids(result)).toEqual(c.actions ?? []);
    expect(manualIds(result)).toEqual(c.manual.map((m) => m.id));
    c.manual.forEach((expected, i) => {
      const { message, ...rest } = expected;
      const got = result.plan.manual[i]!;
      expect(got).toMatchObject(rest);
      expect(got.message).toMatch(message);
    });
    expect(result.plan.summary.manual).toBe(c.manual.length);
  });

  it('no manual items when the declared roles are the roles Asana holds', () => {
    const result = run(
      {
        users: ['al@acme.example', 'bo@acme.example', 'cy@acme.example'],
        workspaces: [
          {
            ref: 'Acme',
            members: [
              { email: 'al@acme.example', role: 'admin' },
              { email: 'bo@acme.example', role: 'member' },
              'cy@acme.example',
            ],
            teams: [
              {
                name: 'Eng',
                members: [
                  { email: 'al@acme.example', role: 'admin' },
                  { email: 'bo@acme.example', role: 'limited-access' },
                  'cy@acme.example',
                ],
              },
            ],
          },
        ],
      },
      {
        users: [{ email: 'al@acme.example' }, { email: 'bo@acme.example' }, { email: 'cy@acme.example' }],
        workspaces: [
          {
            ...ORG,
            members: [{ email: 'al@acme.example', admin: true }, 'bo@acme.example', 'cy@acme.example'],
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
      },
    );
    expect(result.plan.manual).toEqual([]);
    expect(result.plan.actions).toEqual([]);
  });

  it('a declared role on a member to be added is no manual item: the grant comes first', () => {
    const result = run(
      {
        users: ['al@acme.example'],
        workspaces: [{ ref: 'Acme', members: [{ email: 'al@acme.example', role: 'admin' }] }],
      },
      { users: [{ email: 'al@acme.example' }], workspaces: [{ ...ORG }] },
    );
    expect(ids(result)).toEqual(['grant-workspace:1:al@acme.example']);
    expect(result.plan.manual).toEqual([]);
  });

  it('no manual items for roles of members the config does not declare', () => {
    const result = run(
      {
        users: [],
        workspaces: [
          { ref: 'Acme', mode: 'additive', members: [], teams: [{ name: 'Eng', mode: 'additive' }] },
        ],
      },
      {
        users: [{ email: 'boss@acme.example' }],
        workspaces: [
          {
            ...ORG,
            members: [{ email: 'boss@acme.example', admin: true }],
            teams: [{ gid: '11', name: 'Eng', members: [{ email: 'boss@acme.example', admin: true }] }],
          },
        ],
      },
    );
    expect(result.plan.manual).toEqual([]);
  });
});
