// Saved plans, their scope, staleness and verification, on the plan engine's shared scenario (every
// action kind): pure functions over a Plan and hand-built LiveStates.
import { describe, expect, it } from 'vitest';
import { goalFact } from '../../src/apply/goal.js';
import { scopeOfActions } from '../../src/apply/plan-scope.js';
import { domainMismatch, PlanFileError, parseSavedPlan } from '../../src/apply/saved-plan.js';
import { findStaleFacts, renderStaleFacts } from '../../src/apply/staleness.js';
import { actionsNotVisible } from '../../src/apply/verify.js';
import type { LiveState, Plan } from '../../src/model/index.js';
import { computePlanDigest, planChanges } from '../../src/plan/index.js';
import { renderPlanJson } from '../../src/report/index.js';
import { OPTIONS, scenario } from '../plan/fixtures.js';

function fixture(): { plan: Plan; live: LiveState } {
  const { desired, live } = scenario();
  const result = planChanges(desired, live, OPTIONS);
  expect(result.problems).toEqual([]);
  return { plan: result.plan, live };
}

/** The plan as `plan --out` writes it, after `edit`, with its digest recomputed (a "valid" forgery). */
function resealed(plan: Plan, edit: (p: Plan) => void): string {
  const copy = JSON.parse(JSON.stringify(plan)) as Plan;
  edit(copy);
  copy.digest = computePlanDigest(copy);
  return JSON.stringify(copy);
}

describe('parseSavedPlan', () => {
  const { plan } = fixture();
  const text = renderPlanJson(plan);

  it('accepts a plan exactly as plan --out wrote it', () => {
    expect(plan.actions.length).toBeGreaterThan(5);
    expect(parseSavedPlan(text, 'plan.json')).toEqual(plan);
  });

  it('refuses text that is not JSON, not a plan, or another format version', () => {
    expect(() => parseSavedPlan('{"formatVersion": 1,', 'p.json')).toThrow(/^p\.json is not valid JSON: /);
    expect(() => parseSavedPlan('[]', 'p.json')).toThrow(
      'p.json is not an asana-access plan (no formatVersion)',
    );
    expect(() =>
      parseSavedPlan(
        resealed(plan, (p) => Object.assign(p, { formatVersion: 2 })),
        'p.json',
      ),
    ).toThrow('p.json is in plan format version 2; this asana-access applies format version 1 only');
  });

  it('refuses a hand edit (digest mismatch), even one that keeps the JSON valid', () => {
    const edited = JSON.parse(text) as Plan;
    edited.actions[0]!.user.email = 'mallory@acme.example';
    expect(() => parseSavedPlan(JSON.stringify(edited), 'p.json')).toThrow(PlanFileError);
    expect(() => parseSavedPlan(JSON.stringify(edited), 'p.json')).toThrow(
      'p.json was changed after it was made: its digest does not match its content',
    );
  });

  it('refuses a resealed plan that breaks the schema or the dependency graph', () => {
    const badKind = resealed(plan, (p) => Object.assign(p.actions[0]!, { kind: 'delete-everything' }));
    expect(() => parseSavedPlan(badKind, 'p.json')).toThrow(
      /^p\.json does not match the plan format: \/actions\/0/,
    );
    const cycle = resealed(plan, (p) => {
      const [a, b] = [p.actions[0]!, p.actions[1]!];
      a.dependsOn = [b.id];
      b.dependsOn = [a.id];
    });
    expect(() => parseSavedPlan(cycle, 'p.json')).toThrow(/^p\.json cannot be applied: .*cycle/);
    const unknown = resealed(plan, (p) => {
      p.actions[0]!.dependsOn = ['grant-team:999:nobody@acme.example'];
    });
    expect(() => parseSavedPlan(unknown, 'p.json')).toThrow(
      /depends on "grant-team:999:nobody@acme.example", which is not in the plan/,
    );
  });
});

describe('domainMismatch', () => {
  const { plan } = fixture();
  const me = { gid: plan.domain.meGid, email: plan.domain.meEmail };
  it('accepts the same base URL (trailing slash aside) and the same token user', () => {
    expect(domainMismatch(plan, plan.domain.baseUrl, me)).toBeNull();
    expect(domainMismatch(plan, `${plan.domain.baseUrl}/`, me)).toBeNull();
  });
  it('refuses another base URL or another user', () => {
    expect(domainMismatch(plan, 'http://127.0.0.1:9/api/1.0', me)).toContain('the plan was made against');
    expect(domainMismatch(plan, plan.domain.baseUrl, { gid: '1', email: 'x@acme.example' })).toContain(
      'but this token belongs to x@acme.example (1)',
    );
  });
});

describe('scopeOfActions', () => {
  it('covers every workspace and team the actions touch, and SCIM for licenses and accounts', () => {
    const { plan } = fixture();
    const scope = scopeOfActions(plan.actions);
    expect(scope.scim).toBe(true);
    const teams = plan.actions.flatMap((a) =>
      a.kind !== 'create-account' && a.target.type === 'team' ? [a.target.gid] : [],
    );
    expect(scope.teams).toEqual([...new Set(teams)].sort().map((t) => ({ workspace: '1', team: t })));
    expect(scope.workspaces).toContain('1');
  });
  it('a plan of team grants alone needs no SCIM', () => {
    const { plan } = fixture();
    const teamOnly = plan.actions.filter(
      (a) => a.kind === 'grant' && a.target.type === 'team' && !a.user.scimId,
    );
    expect(teamOnly.length).toBeGreaterThan(0);
    expect(scopeOfActions(teamOnly.map((a) => ({ ...a, user: { email: a.user.email } }))).scim).toBe(false);
  });
});

describe('findStaleFacts', () => {
  it('finds nothing against the state the plan was made from', () => {
    const { plan, live } = fixture();
    expect(findStaleFacts(plan.actions, live)).toEqual([]);
  });

  it('names each changed precondition: the action, what the plan saw, what is there now', () => {
    const { plan, live } = fixture();
    const grant = plan.actions.find((a) => a.kind === 'grant' && a.target.type === 'team' && a.user.gid)!;
    const team = grant.kind === 'grant' && grant.target.type === 'team' ? grant.target : undefined;
    const changed: LiveState = {
      ...live,
      teamMemberships: [
        ...live.teamMemberships,
        {
          teamGid: team!.gid,
          userGid: grant.user.gid!,
          isAdmin: false,
          isGuest: false,
          isLimitedAccess: false,
        },
      ],
    };
    const stale = findStaleFacts(plan.actions, changed);
    expect(stale).toHaveLength(1);
    expect(stale[0]).toMatchObject({
      actionId: grant.id,
      planSaw: `${grant.user.email} is not a member of team "${team!.name}" (${team!.gid})`,
      now: `${grant.user.email} is a member of team "${team!.name}" (${team!.gid})`,
    });
    const text = renderStaleFacts(stale);
    expect(text).toContain('The saved plan is stale: 1 fact it was computed from changed');
    expect(text).toContain(
      `  ${grant.id}\n    plan saw: ${stale[0]!.planSaw}\n    now:      ${stale[0]!.now}`,
    );
  });

  it('ignores a change that touches no precondition', () => {
    const { plan, live } = fixture();
    // Someone joins a team no action is about.
    const untouched = live.teams.find(
      (t) =>
        !plan.actions.some(
          (a) => a.kind !== 'create-account' && a.target.type === 'team' && a.target.gid === t.gid,
        ),
    );
    const member = live.users.find((u) => !plan.actions.some((a) => a.user.email === u.email))!;
    const changed: LiveState = untouched
      ? {
          ...live,
          teamMemberships: [
            ...live.teamMemberships,
            {
              teamGid: untouched.gid,
              userGid: member.gid,
              isAdmin: false,
              isGuest: false,
              isLimitedAccess: false,
            },
          ],
        }
      : {
          ...live,
          users: [...live.users, { gid: '4242', email: 'someone.else@acme.example', name: 'Someone' }],
        };
    expect(findStaleFacts(plan.actions, changed)).toEqual([]);
  });
});

describe('goals and verification', () => {
  it('before applying no goal holds; a goal that holds makes its action visible', () => {
    const { plan, live } = fixture();
    expect(actionsNotVisible(plan.actions, live).sort()).toEqual(plan.actions.map((a) => a.id).sort());
    const revoke = plan.actions.find((a) => a.kind === 'revoke' && a.target.type === 'team')!;
    expect(goalFact(revoke)).toMatchObject({ type: 'team-membership', member: false });
    const target = revoke.kind === 'revoke' && revoke.target.type === 'team' ? revoke.target : undefined;
    const after: LiveState = {
      ...live,
      teamMemberships: live.teamMemberships.filter(
        (m) => !(m.teamGid === target!.gid && m.userGid === revoke.user.gid),
      ),
    };
    expect(actionsNotVisible([revoke], after)).toEqual([]);
  });

  it('maps every action kind to the fact it makes true', () => {
    const { plan } = fixture();
    for (const a of plan.actions) {
      const goal = goalFact(a);
      expect(goal.email).toBe(a.user.email);
      if (a.kind === 'create-account')
        expect(goal).toEqual({ type: 'account', email: a.user.email, exists: true });
      else if (a.target.type === 'license')
        expect(goal).toMatchObject({ type: 'license', license: a.target.to });
      else expect(goal).toMatchObject({ member: a.kind === 'grant' });
    }
  });
});
