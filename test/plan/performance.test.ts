// A sanity check that planning stays linear: 50,000 users, 2,000 teams and 200,000 team memberships
// (the benchmark issue's large case) must plan in seconds at most. The time is printed, not asserted
// tightly: CI machines vary; a quadratic step would take hours and trip the loose bound.
import { describe, expect, it } from 'vitest';
import type { DesiredMember, DesiredState, DesiredTeam, LiveState } from '../../src/model/index.js';
import { planChanges } from '../../src/plan/index.js';
import { OPTIONS } from './fixtures.js';

const USERS = 50_000;
const TEAMS = 2_000;
const PER_TEAM = 100;
const at = { file: 'access.yaml', line: 1, col: 1 };

function build(): { desired: DesiredState; live: LiveState } {
  const emails = Array.from({ length: USERS }, (_, i) => `user${String(i).padStart(5, '0')}@acme.example`);
  const gid = (i: number) => String(2_000_000 + i);
  const live: LiveState = {
    me: { gid: '1', email: 'bot@acme.example', name: 'bot' },
    workspaces: [{ gid: '100', name: 'Acme', isOrganization: true, emailDomains: ['acme.example'] }],
    users: emails.map((email, i) => ({ gid: gid(i), email, name: email })),
    workspaceMemberships: emails.map((_, i) => ({
      workspaceGid: '100',
      userGid: gid(i),
      isActive: true,
      isAdmin: false,
      isGuest: false,
      isViewOnly: i % 10 === 0,
    })),
    teams: Array.from({ length: TEAMS }, (_, t) => ({
      gid: String(500_000 + t),
      name: `Team ${t}`,
      workspaceGid: '100',
    })),
    teamMemberships: [],
    scimUsers: emails.map((email, i) => ({
      id: gid(i),
      userName: email,
      active: true,
      userType: i % 10 === 0 ? 'view only' : 'enterprise',
    })),
    scope: {
      workspaceGids: ['100'],
      teamGids: Array.from({ length: TEAMS }, (_, t) => String(500_000 + t)),
      scim: true,
    },
  };
  const teams: DesiredTeam[] = [];
  for (let t = 0; t < TEAMS; t++) {
    const members: DesiredMember[] = [];
    for (let k = 0; k < PER_TEAM; k++) {
      const u = (t * PER_TEAM + k) % USERS;
      live.teamMemberships.push({
        teamGid: String(500_000 + t),
        userGid: gid(u),
        isAdmin: false,
        isGuest: false,
        isLimitedAccess: false,
      });
      // Each team's first membership differs: the config names a user of another team instead (a
      // grant and a revoke per team).
      members.push({ email: emails[k === 0 ? (u + USERS / 2) % USERS : u]!, at });
    }
    teams.push({ name: `Team ${t}`, members, mode: 'authoritative', at });
  }
  const newUsers = Array.from({ length: 100 }, (_, i) => `new${i}@acme.example`);
  const desired: DesiredState = {
    settings: { manageLicenses: true, newAccountLicense: 'view-only' },
    users: [
      // Every 250th user, all view-only, is upgraded.
      ...emails.map((email, i) => ({
        email,
        license: (i % 10 === 0) !== (i % 250 === 0) ? ('view-only' as const) : ('enterprise' as const),
        at,
      })),
      ...newUsers.map((email) => ({ email, license: 'view-only' as const, at })),
    ].sort((a, b) => (a.email < b.email ? -1 : 1)),
    workspaces: [
      {
        ref: 'Acme',
        members: [...emails, ...newUsers].map((email) => ({ email, at })),
        mode: 'authoritative',
        teams,
        at,
      },
    ],
    policy: { revocationLimit: { count: 1_000_000 }, protected: [], ignore: ['svc-*@acme.example'] },
    accept: [],
    sources: ['access.yaml'],
  };
  return { desired, live };
}

describe('planning at enterprise scale', () => {
  it(`plans ${USERS} users, ${TEAMS} teams and ${TEAMS * PER_TEAM} team memberships`, () => {
    const { desired, live } = build();
    const started = performance.now();
    const { plan, problems } = planChanges(desired, live, OPTIONS);
    const ms = performance.now() - started;
    console.log(
      `planChanges: ${USERS} users, ${TEAMS} teams, ${live.teamMemberships.length} team memberships → ${plan.actions.length} actions in ${ms.toFixed(0)} ms`,
    );
    expect(problems).toEqual([]);
    // New accounts with their workspace grant; a team grant and a team revoke per team; 200 upgrades.
    expect(plan.summary).toEqual({ create: 100, grant: 100 + TEAMS + 200, revoke: TEAMS, manual: 0 });
    expect(ms).toBeLessThan(30_000);
  });
});
