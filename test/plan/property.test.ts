// Properties over random domains and configs: plans are well-formed and deterministic, never touch
// ignored accounts, every precondition holds when its action runs, and applying a plan converges
// (the next plan has no action left, only manual items).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DesiredState, LiveState } from '../../src/model/index.js';
import { createFactEvaluator, planChanges } from '../../src/plan/index.js';
import {
  type DesiredSpec,
  type DesiredWorkspaceSpec,
  type LiveLicense,
  type LiveSpec,
  makeDesired,
  makeLive,
  OPTIONS,
} from './fixtures.js';
import { expectWellFormed } from './run.js';
import { applyToLive } from './simulate.js';

const EMAILS = [
  'a@acme.example',
  'b@acme.example',
  'c@acme.example',
  'd@acme.example',
  'e@acme.example',
  'f@acme.example',
  'bot@acme.example',
  'g@guest.example',
];
const IGNORE = ['bot@*'];
const isIgnored = (email: string) => email.startsWith('bot@');

const subset = <T>(items: readonly T[]) => fc.subarray([...items]);

interface Case {
  desired: DesiredState;
  live: LiveState;
}

const caseArb: fc.Arbitrary<Case> = fc
  .record({
    scim: fc.boolean(),
    manageLicenses: fc.boolean(),
    defaultWorkspace: fc.constantFrom(undefined, 'Acme', 'Lab'),
    me: fc.constantFrom(undefined, 'a@acme.example'),
    existing: fc.array(
      fc.record({
        email: fc.constantFrom(...EMAILS),
        license: fc.constantFrom<LiveLicense>('enterprise', 'view-only', 'deprovisioned'),
        acmeRole: fc.constantFrom('none', 'member', 'admin'),
        labMember: fc.boolean(),
        eng: fc.constantFrom('none', 'member', 'admin', 'limited'),
        ops: fc.boolean(),
      }),
      { maxLength: 8 },
    ),
    declared: fc.array(
      fc.record({
        email: fc.constantFrom(...EMAILS),
        license: fc.constantFrom('enterprise', 'view-only', 'none') as fc.Arbitrary<
          'enterprise' | 'view-only' | 'none'
        >,
        acme: fc.boolean(),
        lab: fc.boolean(),
        eng: fc.boolean(),
        ops: fc.boolean(),
      }),
      { maxLength: 8 },
    ),
    modes: fc.array(
      fc.constantFrom('authoritative', 'additive') as fc.Arbitrary<'authoritative' | 'additive'>,
      {
        minLength: 4,
        maxLength: 4,
      },
    ),
    protectedUsers: subset(EMAILS),
  })
  .map((g): Case => {
    // Live: unique users; the guest is never a SCIM user; deprovisioned users hold no membership.
    const seen = new Set<string>();
    const users = g.existing.filter((u) => !seen.has(u.email) && seen.add(u.email));
    const license = (u: (typeof users)[number]): LiveLicense =>
      u.email.endsWith('@guest.example') ? 'guest' : u.license;
    const active = users.filter((u) => license(u) !== 'deprovisioned');
    const me = g.me && active.some((u) => u.email === g.me) ? g.me : undefined;
    const inAcme = active.filter((u) => u.acmeRole !== 'none');
    const liveSpec: LiveSpec = {
      // Only a service account may read SCIM: a personal token's user never comes with it.
      scim: g.scim && !me,
      ...(me ? { me } : {}),
      users: users.map((u) => ({ email: u.email, license: license(u) })),
      workspaces: [
        {
          gid: '1',
          name: 'Acme',
          members: inAcme.map((u) => ({ email: u.email, admin: u.acmeRole === 'admin' })),
          teams: [
            {
              gid: '11',
              name: 'Eng',
              members: inAcme
                .filter((u) => u.eng !== 'none')
                .map((u) => ({ email: u.email, admin: u.eng === 'admin', limited: u.eng === 'limited' })),
            },
            { gid: '12', name: 'Ops', members: inAcme.filter((u) => u.ops).map((u) => u.email) },
          ],
        },
        { gid: '2', name: 'Lab', org: false, members: active.filter((u) => u.labMember).map((u) => u.email) },
      ],
    };
    // Desired, valid as config/ makes it: a user with license none is a member nowhere, and team
    // members are members of the team's workspace.
    const seenDeclared = new Set<string>();
    const declared = g.declared.filter((u) => !seenDeclared.has(u.email) && seenDeclared.add(u.email));
    const withAccess = declared.filter((u) => u.license !== 'none');
    const acme = withAccess.filter((u) => u.acme || u.eng || u.ops).map((u) => u.email);
    const [acmeMode, labMode, engMode, opsMode] = g.modes as Array<'authoritative' | 'additive'>;
    const workspaces: DesiredWorkspaceSpec[] = [
      {
        ref: 'Acme',
        mode: acmeMode,
        members: acme,
        teams: [
          { name: 'Eng', mode: engMode, members: withAccess.filter((u) => u.eng).map((u) => u.email) },
          { name: 'Ops', mode: opsMode, members: withAccess.filter((u) => u.ops).map((u) => u.email) },
        ],
      },
      { ref: 'Lab', mode: labMode, members: withAccess.filter((u) => u.lab).map((u) => u.email) },
    ];
    const desiredSpec: DesiredSpec = {
      manageLicenses: g.manageLicenses,
      ...(g.defaultWorkspace ? { defaultWorkspace: g.defaultWorkspace } : {}),
      users: declared.map((u) =>
        g.manageLicenses
          ? { email: u.email, license: u.license }
          : { email: u.email, ...(u.license === 'none' ? { license: u.license } : {}) },
      ),
      workspaces,
      protected: g.protectedUsers,
      ignore: IGNORE,
      revocationLimit: { count: 1000 },
    };
    return { desired: makeDesired(desiredSpec), live: makeLive(liveSpec) };
  });

// PROPERTY_RUNS raises the count for a local stress run.
const RUNS = Number(process.env.PROPERTY_RUNS ?? 300);

describe('plan properties', () => {
  it('plans are well-formed and deterministic, whatever the order of the live lists', () => {
    fc.assert(
      fc.property(caseArb, fc.integer(), ({ desired, live }, seed) => {
        const first = planChanges(desired, live, OPTIONS);
        expectWellFormed(first.plan);
        expect(planChanges(desired, live, OPTIONS)).toEqual(first);
        const shuffled = shuffleLive(live, seed);
        expect(planChanges(desired, shuffled, OPTIONS).plan).toEqual(first.plan);
      }),
      { numRuns: RUNS },
    );
  });

  it('never acts on an ignored account, nor lists one as a manual step', () => {
    fc.assert(
      fc.property(caseArb, ({ desired, live }) => {
        const { plan } = planChanges(desired, live, OPTIONS);
        for (const a of plan.actions) expect(isIgnored(a.user.email), a.id).toBe(false);
        for (const m of plan.manual) expect(isIgnored(m.user.email), m.id).toBe(false);
      }),
      { numRuns: RUNS },
    );
  });

  it('every precondition holds when its action runs (or its goal already does), and a second plan has no action left', () => {
    let converged = 0;
    fc.assert(
      fc.property(caseArb, ({ desired, live }) => {
        const first = planChanges(desired, live, OPTIONS);
        if (first.problems.length > 0) return;
        let state = live;
        for (const a of first.plan.actions) {
          const evaluate = createFactEvaluator(state);
          if (!evaluate(a.precondition).holds) {
            // An action may find its goal reached before it runs only when an earlier action of the
            // plan reached it (apply counts it as done): the workspace grant of an account SCIM just
            // created, which Asana made a member of its organization; the license deprovisioning of
            // a user an organization removal already deprovisioned.
            const after = (prefix: string) => a.dependsOn.some((d) => d.startsWith(prefix));
            const scimMember =
              a.kind === 'grant' &&
              a.precondition.type === 'workspace-membership' &&
              after('create-account:');
            const deprovisioned =
              a.kind === 'revoke' &&
              a.target.type === 'license' &&
              a.target.to === 'deprovisioned' &&
              first.plan.actions.some(
                (b) => b.kind === 'revoke' && b.deprovisions && a.dependsOn.includes(b.id),
              );
            expect(
              scimMember || deprovisioned,
              `${a.id}: its precondition no longer holds when it runs`,
            ).toBe(true);
            const goal =
              a.kind === 'grant'
                ? { ...a.precondition, member: true }
                : { ...a.precondition, license: 'deprovisioned' };
            expect(evaluate(goal as typeof a.precondition).holds, `${a.id}: its goal holds already`).toBe(
              true,
            );
          }
          state = applyToLive(state, [a]);
        }
        const second = planChanges(desired, state, OPTIONS);
        expect(second.problems).toEqual([]);
        expect(second.plan.actions.map((a) => a.id)).toEqual([]);
        converged++;
      }),
      { numRuns: RUNS },
    );
    // The generator must produce appliable plans often enough for this property to mean something.
    expect(converged).toBeGreaterThan(RUNS / 4);
  });
});

/** The same state with every list in another order (the planner must not depend on it). */
function shuffleLive(live: LiveState, seed: number): LiveState {
  let s = seed >>> 0 || 1;
  const rand = () => {
    s = (s * 1103515245 + 12345) >>> 0;
    return s / 2 ** 32;
  };
  const shuffle = <T>(xs: readonly T[]): T[] => {
    const out = [...xs];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  };
  return {
    ...live,
    workspaces: shuffle(live.workspaces),
    users: shuffle(live.users),
    workspaceMemberships: shuffle(live.workspaceMemberships),
    teams: shuffle(live.teams),
    teamMemberships: shuffle(live.teamMemberships),
    scimUsers: live.scimUsers ? shuffle(live.scimUsers) : null,
    scope: {
      ...live.scope,
      workspaceGids: shuffle(live.scope.workspaceGids),
      teamGids: shuffle(live.scope.teamGids),
    },
  };
}
