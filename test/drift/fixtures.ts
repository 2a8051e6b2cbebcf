// A small hand-built desired state, live state and the differences the plan engine finds between
// them: every drift kind, accepted / expired / unused acceptances, and ignored accounts.
import type { DesiredState, SourceLocation } from '../../src/model/desired.js';
import type { LiveState } from '../../src/model/live.js';
import type { Action, ManualItem, TeamTarget, WorkspaceTarget } from '../../src/model/plan.js';
import type { PlanDifferences } from '../../src/plan/drift.js';

const at = (line: number, col = 5): SourceLocation => ({ file: 'access.yaml', line, col });

export const ACME: WorkspaceTarget = { type: 'workspace', gid: '1001', name: 'Acme Corp' };
export const DESIGN: TeamTarget = {
  type: 'team',
  gid: '2001',
  name: 'Design',
  workspaceGid: '1001',
  workspaceName: 'Acme Corp',
};
export const SALES: TeamTarget = {
  type: 'team',
  gid: '2002',
  name: 'Sales',
  workspaceGid: '1001',
  workspaceName: 'Acme Corp',
};

export function desiredFixture(): DesiredState {
  return {
    settings: { defaultWorkspace: 'Acme Corp', manageLicenses: true, newAccountLicense: 'view-only' },
    users: [
      { email: 'alice@acme.example', name: 'Alice', license: 'enterprise', at: at(3) },
      { email: 'bob@acme.example', name: 'Bob', license: 'view-only', at: at(4) },
      { email: 'carol@acme.example', license: 'enterprise', at: at(5) },
      { email: 'erin@acme.example', name: 'Erin', license: 'view-only', at: at(6) },
    ],
    workspaces: [
      {
        ref: 'Acme Corp',
        mode: 'authoritative',
        at: at(8, 3),
        members: ['alice', 'bob', 'carol', 'erin'].map((n, i) => ({
          email: `${n}@acme.example`,
          at: at(9 + i, 7),
        })),
        teams: [
          {
            name: 'Design',
            mode: 'authoritative',
            at: at(14, 7),
            members: [
              { email: 'alice@acme.example', at: at(15, 11) },
              { email: 'carol@acme.example', at: at(16, 11) },
            ],
          },
          {
            name: 'Sales',
            mode: 'additive',
            at: at(17, 7),
            members: [{ email: 'bob@acme.example', at: at(18, 11) }],
          },
        ],
      },
    ],
    policy: { revocationLimit: {}, protected: [], ignore: ['*@contractor.example', 'bot@acme.example'] },
    accept: [
      {
        email: 'bob@acme.example',
        target: { type: 'license' },
        reason: 'enterprise trial for Q3',
        until: '2026-06-30',
        at: at(22, 5),
      },
      {
        email: 'bob@acme.example',
        target: { type: 'team', workspace: 'Acme Corp', team: 'Design' },
        reason: 'helping Design with the launch',
        until: '2026-05-31',
        at: at(26, 5),
      },
      {
        email: 'dave@acme.example',
        target: { type: 'workspace', ref: 'Acme Corp' },
        reason: 'left already',
        until: '2027-01-01',
        at: at(30, 5),
      },
    ],
    sources: ['access.yaml'],
  };
}

export function liveFixture(): LiveState {
  const users = [
    ['101', 'alice@acme.example', 'Alice'],
    ['102', 'bob@acme.example', 'Bob'],
    ['103', 'carol@acme.example', 'Carol'],
    ['104', 'mallory@acme.example', 'Mallory'],
    ['105', 'sam@contractor.example', 'Sam'],
    ['106', 'bot@acme.example', 'Bot'],
  ].map(([gid, email, name]) => ({ gid: gid!, email: email!, name: name! }));
  // The token's user (bot, 106) is a workspace admin, so the plan may make every change.
  const wm = (userGid: string) => ({
    workspaceGid: '1001',
    userGid,
    isActive: true,
    isAdmin: userGid === '106',
    isGuest: false,
    isViewOnly: false,
  });
  const tm = (teamGid: string, userGid: string, isAdmin = false) => ({
    teamGid,
    userGid,
    isAdmin,
    isGuest: false,
    isLimitedAccess: false,
  });
  return {
    me: { gid: '106', email: 'bot@acme.example', name: 'Bot' },
    workspaces: [{ gid: '1001', name: 'Acme Corp', isOrganization: true, emailDomains: ['acme.example'] }],
    users,
    workspaceMemberships: ['101', '102', '103', '104', '105', '106'].map(wm),
    teams: [
      { gid: '2001', name: 'Design', workspaceGid: '1001' },
      { gid: '2002', name: 'Sales', workspaceGid: '1001' },
    ],
    teamMemberships: [
      tm('2001', '101', true),
      tm('2001', '102'),
      tm('2001', '104'),
      tm('2002', '102'),
      tm('2002', '105'),
    ],
    scimUsers: [
      { id: 's1', userName: 'alice@acme.example', active: true, userType: 'enterprise' },
      { id: 's2', userName: 'bob@acme.example', active: true, userType: 'enterprise' },
      { id: 's3', userName: 'carol@acme.example', active: true, userType: 'enterprise' },
      { id: 's4', userName: 'mallory@acme.example', active: true, userType: 'view only' },
      { id: 's6', userName: 'bot@acme.example', active: true, userType: 'enterprise' },
    ],
    scope: { workspaceGids: ['1001'], teamGids: ['2001', '2002'], scim: true },
  };
}

const user = (name: string, gid?: string) => ({ email: `${name}@acme.example`, ...(gid ? { gid } : {}) });

/** What the plan engine would find for desiredFixture() against liveFixture(). */
export function planFixture(): PlanDifferences {
  const ACME_ = { ...ACME };
  const DESIGN_ = { ...DESIGN };
  const actions: Action[] = [
    {
      id: 'create-account:erin@acme.example',
      kind: 'create-account',
      via: 'scim',
      workspace: ACME_,
      license: 'view-only',
      user: user('erin'),
      dependsOn: [],
      precondition: { type: 'account', email: 'erin@acme.example', exists: false },
      at: at(6),
    },
    {
      id: 'grant-workspace:1001:erin@acme.example',
      kind: 'grant',
      target: ACME_,
      user: user('erin'),
      dependsOn: ['create-account:erin@acme.example'],
      precondition: {
        type: 'workspace-membership',
        email: 'erin@acme.example',
        workspaceGid: '1001',
        member: false,
      },
      at: at(12, 7),
    },
    {
      id: 'grant-team:2001:carol@acme.example',
      kind: 'grant',
      target: DESIGN_,
      user: user('carol', '103'),
      dependsOn: [],
      precondition: { type: 'team-membership', email: 'carol@acme.example', teamGid: '2001', member: false },
      at: at(16, 11),
    },
    {
      id: 'revoke-team:2001:bob@acme.example',
      kind: 'revoke',
      target: DESIGN_,
      user: user('bob', '102'),
      dependsOn: [],
      precondition: { type: 'team-membership', email: 'bob@acme.example', teamGid: '2001', member: true },
    },
    {
      id: 'revoke-team:2001:mallory@acme.example',
      kind: 'revoke',
      target: DESIGN_,
      user: user('mallory', '104'),
      dependsOn: [],
      precondition: { type: 'team-membership', email: 'mallory@acme.example', teamGid: '2001', member: true },
    },
    {
      id: 'revoke-workspace:1001:mallory@acme.example',
      kind: 'revoke',
      target: ACME_,
      user: user('mallory', '104'),
      dependsOn: ['revoke-team:2001:mallory@acme.example'],
      precondition: {
        type: 'workspace-membership',
        email: 'mallory@acme.example',
        workspaceGid: '1001',
        member: true,
      },
    },
    {
      id: 'revoke-license:bob@acme.example',
      kind: 'revoke',
      target: { type: 'license', from: 'enterprise', to: 'view-only' },
      user: user('bob', '102'),
      dependsOn: [],
      precondition: { type: 'license', email: 'bob@acme.example', license: 'enterprise' },
      at: at(4),
    },
  ];
  const manual: ManualItem[] = [
    {
      id: 'manual:team-role:2001:alice@acme.example',
      reason: 'team-role',
      user: user('alice', '101'),
      target: DESIGN_,
      message:
        'alice@acme.example is an admin of team "Design"; the config declares a plain member. Change the role in Asana.',
      at: at(15, 11),
    },
  ];
  return {
    actions,
    manual,
    configDigest: `sha256:${'a'.repeat(64)}`,
    liveDigest: `sha256:${'b'.repeat(64)}`,
    ignoredAccounts: 2,
  };
}

/** The instant the fixture's acceptances are judged at: bob's license acceptance holds, his team one expired. */
export const NOW = new Date('2026-06-15T09:30:00.000Z');

/** desiredFixture() without erin (the one declared user with no account): with an empty plan, no drift. */
export function desiredWithoutErin(): DesiredState {
  const d = desiredFixture();
  d.users = d.users.filter((u) => u.email !== 'erin@acme.example');
  for (const w of d.workspaces) w.members = w.members.filter((m) => m.email !== 'erin@acme.example');
  return d;
}
