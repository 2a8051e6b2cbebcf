// What the config names must exist in Asana exactly once: otherwise a problem at the config location.
import { describe, expect, it } from 'vitest';
import type { PlanProblem } from '../../src/model/index.js';
import type { DesiredSpec, LiveSpec } from './fixtures.js';
import { ids, run } from './run.js';

const ORG = { gid: '1', name: 'Acme Corp' };

interface Case {
  name: string;
  desired: DesiredSpec;
  live: LiveSpec;
  problems: PlanProblem[];
}

const cases: Case[] = [
  {
    name: 'a workspace that does not exist, with a suggestion for a case slip',
    desired: { workspaces: [{ ref: 'acme corp', members: [] }] },
    live: { users: [], workspaces: [ORG] },
    problems: [
      {
        code: 'unknown-workspace',
        message: 'Workspace "acme corp" does not exist or the token cannot see it. Did you mean "Acme Corp"?',
        at: { file: 'access.yaml', line: 1, col: 5 },
      },
    ],
  },
  {
    name: 'an unknown gid',
    desired: { workspaces: [{ ref: '42', members: [] }] },
    live: { users: [], workspaces: [ORG] },
    problems: [
      {
        code: 'unknown-workspace',
        message: 'Workspace "42" does not exist or the token cannot see it.',
        at: { file: 'access.yaml', line: 1, col: 5 },
      },
    ],
  },
  {
    name: 'a workspace name shared by two workspaces',
    desired: { workspaces: [{ ref: 'Twin', members: [] }] },
    live: {
      users: [],
      workspaces: [
        { gid: '5', name: 'Twin' },
        { gid: '6', name: 'Twin' },
      ],
    },
    problems: [
      {
        code: 'ambiguous-name',
        message: 'Workspace name "Twin" matches 2 workspaces (gids 5, 6): write the gid instead.',
        at: { file: 'access.yaml', line: 1, col: 5 },
      },
    ],
  },
  {
    name: 'the same workspace declared by name and by gid',
    desired: {
      workspaces: [
        { ref: 'Acme Corp', members: [] },
        { ref: '1', members: [] },
      ],
    },
    live: { users: [], workspaces: [ORG] },
    problems: [
      {
        code: 'ambiguous-name',
        message:
          'Workspace "1" is the same workspace as "Acme Corp" (access.yaml:1:5), gid 1: declare it once.',
        at: { file: 'access.yaml', line: 2, col: 5 },
      },
    ],
  },
  {
    name: 'a workspace that was not read',
    desired: { workspaces: [{ ref: 'Acme Corp', members: [] }] },
    live: { users: [], workspaces: [{ ...ORG, inScope: false }] },
    problems: [
      {
        code: 'unknown-workspace',
        message: `Workspace "Acme Corp" (1) was not read from Asana, so its members are unknown; the live state's scope must include every declared workspace.`,
        at: { file: 'access.yaml', line: 1, col: 5 },
      },
    ],
  },
  {
    name: 'a team that does not exist',
    desired: { workspaces: [{ ref: 'Acme Corp', members: [], teams: [{ name: 'Enginering' }] }] },
    live: { users: [], workspaces: [{ ...ORG, teams: [{ gid: '11', name: 'Engineering' }] }] },
    problems: [
      {
        code: 'unknown-team',
        message:
          'Team "Enginering" does not exist in workspace "Acme Corp" or the token cannot see it (a private team is visible only to its members and admins).',
        at: { file: 'access.yaml', line: 2, col: 5 },
      },
    ],
  },
  {
    name: 'a team name shared by two teams',
    desired: { workspaces: [{ ref: 'Acme Corp', members: [], teams: [{ name: 'Ops' }] }] },
    live: {
      users: [],
      workspaces: [
        {
          ...ORG,
          teams: [
            { gid: '11', name: 'Ops' },
            { gid: '12', name: 'Ops' },
          ],
        },
      ],
    },
    problems: [
      {
        code: 'ambiguous-name',
        message:
          'Team name "Ops" matches 2 teams in workspace "Acme Corp" (gids 11, 12): rename one in Asana.',
        at: { file: 'access.yaml', line: 2, col: 5 },
      },
    ],
  },
  {
    name: 'a team in a workspace that is not an organization',
    desired: { workspaces: [{ ref: 'Lab', members: [], teams: [{ name: 'Eng' }] }] },
    live: { users: [], workspaces: [{ gid: '2', name: 'Lab', org: false }] },
    problems: [
      {
        code: 'unknown-team',
        message:
          'Team "Eng" cannot exist in workspace "Lab": it is not an organization, and only organizations have teams.',
        at: { file: 'access.yaml', line: 2, col: 5 },
      },
    ],
  },
  {
    name: 'a team that was not read',
    desired: { workspaces: [{ ref: 'Acme Corp', members: [], teams: [{ name: 'Eng' }] }] },
    live: { users: [], workspaces: [{ ...ORG, teams: [{ gid: '11', name: 'Eng', inScope: false }] }] },
    problems: [
      {
        code: 'unknown-team',
        message: `Team "Eng" (11) in workspace "Acme Corp" was not read from Asana, so its members are unknown; the live state's scope must include every declared team.`,
        at: { file: 'access.yaml', line: 2, col: 5 },
      },
    ],
  },
  {
    name: 'an unknown default workspace',
    desired: { defaultWorkspace: 'Nope', workspaces: [] },
    live: { users: [], workspaces: [ORG] },
    problems: [
      {
        code: 'unknown-workspace',
        message: 'settings.defaultWorkspace: Workspace "Nope" does not exist or the token cannot see it.',
      },
    ],
  },
  {
    name: 'a new account with nowhere to be invited',
    desired: { manageLicenses: false, users: ['new@acme.example', 'two@acme.example'], workspaces: [] },
    live: { scim: false, users: [], workspaces: [ORG] },
    problems: [
      {
        code: 'no-default-workspace',
        message:
          '2 declared user(s) have no Asana account (new@acme.example, two@acme.example) and cannot be created: without SCIM, an account is created by inviting it to a workspace it is declared in, or else to settings.defaultWorkspace, which is not set.',
        at: { file: 'access.yaml', line: 1, col: 5 },
      },
    ],
  },
  {
    name: 'an invitation that the authoritative default workspace would undo',
    desired: {
      manageLicenses: false,
      defaultWorkspace: 'Acme Corp',
      users: ['new@acme.example'],
      workspaces: [{ ref: 'Acme Corp', members: [] }],
    },
    live: { scim: false, users: [], workspaces: [ORG] },
    problems: [
      {
        code: 'no-default-workspace',
        message:
          '1 declared user(s) have no Asana account and belong to no declared workspace (new@acme.example): inviting them to settings.defaultWorkspace "Acme Corp" would add a membership its authoritative member list removes again. Declare them as members of a workspace.',
        at: { file: 'access.yaml', line: 1, col: 5 },
      },
    ],
  },
  {
    name: 'a SCIM account joins its organization, whose authoritative list must name it',
    desired: {
      users: [{ email: 'new@acme.example', license: 'view-only' }],
      workspaces: [
        { ref: 'Acme Corp', members: [] },
        { ref: 'Lab', members: ['new@acme.example'] },
      ],
    },
    live: { users: [], workspaces: [ORG, { gid: '2', name: 'Lab', org: false }] },
    problems: [
      {
        code: 'no-default-workspace',
        message:
          '1 declared user(s) have no Asana account (new@acme.example): an account created through SCIM joins the organization "Acme Corp", whose authoritative member list does not name them, so the next plan would remove it again. Declare them as members of "Acme Corp".',
        at: { file: 'access.yaml', line: 1, col: 5 },
      },
    ],
  },
  {
    name: 'an account with no organization to create it in through SCIM, and nowhere to invite it',
    desired: { users: [{ email: 'new@acme.example', license: 'view-only' }], workspaces: [] },
    live: { users: [], workspaces: [{ gid: '2', name: 'Lab', org: false }] },
    problems: [
      {
        code: 'no-default-workspace',
        message:
          '1 declared user(s) have no Asana account (new@acme.example) and cannot be created: no organization owns their email domain, so they must be invited, to a workspace they are declared in or else to settings.defaultWorkspace, which is not set.',
        at: { file: 'access.yaml', line: 1, col: 5 },
      },
    ],
  },
];

describe('resolving the config against Asana', () => {
  it.each(cases)('$name', (c) => {
    const result = run(c.desired, c.live);
    expect(result.problems).toEqual(c.problems);
  });

  it('a workspace may be named by gid, and teams resolve within it', () => {
    const result = run(
      {
        users: ['al@acme.example'],
        workspaces: [
          { ref: '1', members: ['al@acme.example'], teams: [{ name: 'Eng', members: ['al@acme.example'] }] },
        ],
      },
      {
        users: [{ email: 'al@acme.example' }],
        workspaces: [
          { ...ORG, teams: [{ gid: '11', name: 'Eng' }] },
          { gid: '3', name: 'Other', teams: [{ gid: '31', name: 'Eng' }] },
        ],
      },
    );
    expect(result.problems).toEqual([]);
    expect(ids(result)).toEqual(['grant-workspace:1:al@acme.example', 'grant-team:11:al@acme.example']);
  });

  it('plans the declarations that resolve even when others do not', () => {
    const result = run(
      {
        users: ['al@acme.example'],
        workspaces: [{ ref: 'Acme Corp', members: ['al@acme.example'], teams: [{ name: 'Ghost' }] }],
      },
      { users: [{ email: 'al@acme.example' }], workspaces: [ORG] },
    );
    expect(result.problems.map((p) => p.code)).toEqual(['unknown-team']);
    expect(ids(result)).toEqual(['grant-workspace:1:al@acme.example']);
  });
});
