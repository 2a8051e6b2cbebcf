// Safety gates: each makes the plan fail with a problem that says what and how to proceed.
import { describe, expect, it } from 'vitest';
import { checkRevocationLimit, effectiveRevocationLimit } from '../../src/plan/gates.js';
import type { LiveSpec } from './fixtures.js';
import { action, ids, manualIds, problemCodes, run } from './run.js';

const ORG = { gid: '1', name: 'Acme' };

/** Acme with `n` undeclared members (authoritative: n revocations) and `keep` declared ones. */
function crowd(n: number, keep = 0): { live: LiveSpec; declared: string[] } {
  const out = Array.from({ length: n }, (_, i) => `out${i}@acme.example`);
  const declared = Array.from({ length: keep }, (_, i) => `in${i}@acme.example`);
  return {
    live: {
      users: [...out, ...declared].map((email) => ({ email })),
      workspaces: [{ ...ORG, members: [...out, ...declared] }],
    },
    declared,
  };
}

describe('revocation limit', () => {
  it('fails above the count, saying the count, the limit and how to raise it', () => {
    const { live } = crowd(3);
    const result = run({ workspaces: [{ ref: 'Acme', members: [] }], revocationLimit: { count: 2 } }, live);
    expect(problemCodes(result)).toEqual(['revocation-limit']);
    expect(result.problems[0]!.message).toBe(
      'The plan revokes 3 access(es), more than the limit of 2 revocation(s) set by policy.revocationLimit.count. ' +
        'Check the revocations in the plan; if they are intended, raise policy.revocationLimit in the config or run with --max-revocations 3.',
    );
    // The plan itself is complete, so reviewers see what the gate stopped.
    expect(ids(result)).toHaveLength(3);
    expect(result.stats.revocations).toBe(3);
  });

  it('passes at exactly the count', () => {
    const { live } = crowd(2);
    expect(
      problemCodes(run({ workspaces: [{ ref: 'Acme', members: [] }], revocationLimit: { count: 2 } }, live)),
    ).toEqual([]);
  });

  it('fails above the percentage of managed memberships', () => {
    // 2 revoked + 8 declared members = 10 managed; 2/10 = 20% > 10%.
    const { live, declared } = crowd(2, 8);
    const result = run(
      { users: declared, workspaces: [{ ref: 'Acme', members: declared }], revocationLimit: { percent: 10 } },
      live,
    );
    expect(result.stats.managedMemberships).toBe(10);
    expect(problemCodes(result)).toEqual(['revocation-limit']);
    expect(result.problems[0]!.message).toContain(
      'more than the limit of 10% of the 10 managed membership(s), 1 revocation(s) set by policy.revocationLimit.percent (this plan revokes 20%)',
    );
  });

  it('passes at exactly the percentage', () => {
    const { live, declared } = crowd(1, 9);
    expect(
      problemCodes(
        run(
          {
            users: declared,
            workspaces: [{ ref: 'Acme', members: declared }],
            revocationLimit: { percent: 10 },
          },
          live,
        ),
      ),
    ).toEqual([]);
  });

  it('--max-revocations replaces the policy', () => {
    const { live } = crowd(3);
    const desired = { workspaces: [{ ref: 'Acme', members: [] }], revocationLimit: { count: 1, percent: 1 } };
    expect(problemCodes(run(desired, live, { maxRevocations: 3 }))).toEqual([]);
    const over = run(desired, live, { maxRevocations: 2 });
    expect(over.problems[0]!.message).toContain(
      'more than the limit of 2 revocation(s) set by --max-revocations.',
    );
    expect(over.stats.revocationLimit).toEqual({ count: 2, source: 'flag' });
  });

  it('license downgrades and deprovisionings count as revocations', () => {
    const result = run(
      {
        users: [
          { email: 'a@acme.example', license: 'view-only' },
          { email: 'b@acme.example', license: 'none' },
        ],
        revocationLimit: { count: 1 },
      },
      { users: [{ email: 'a@acme.example' }, { email: 'b@acme.example' }], workspaces: [] },
    );
    expect(result.stats.revocations).toBe(2);
    expect(problemCodes(result)).toEqual(['revocation-limit']);
  });

  it('applies the default when the config sets no limit, and says so', () => {
    expect(effectiveRevocationLimit({ revocationLimit: {}, protected: [], ignore: [] })).toEqual({
      count: 10,
      percent: 10,
      source: 'default',
    });
    expect(checkRevocationLimit(11, 1000, { count: 10, source: 'default' })?.message).toContain(
      'the limit of 10 revocation(s) (the default, as the config sets no policy.revocationLimit)',
    );
  });

  it('counts both reasons when both limits are exceeded', () => {
    const problem = checkRevocationLimit(5, 10, { count: 4, percent: 20, source: 'policy' });
    expect(problem?.message).toContain(
      'more than the limit of 4 revocation(s) set by policy.revocationLimit.count and more than the limit of 20%',
    );
  });

  it('zero revocations never fail, even with no managed memberships', () => {
    expect(checkRevocationLimit(0, 0, { count: 0, percent: 0, source: 'policy' })).toBeUndefined();
  });
});

describe('protected users', () => {
  it('are never removed: the revoke stays visible and the plan fails', () => {
    const result = run(
      { users: [], workspaces: [{ ref: 'Acme', members: [] }], protected: ['boss@acme.example'] },
      { users: [{ email: 'boss@acme.example' }], workspaces: [{ ...ORG, members: ['boss@acme.example'] }] },
    );
    expect(problemCodes(result)).toEqual(['protected-user']);
    expect(result.problems[0]).toMatchObject({
      message:
        'The plan would remove protected user boss@acme.example from workspace "Acme": declare them as a member there, or take them out of policy.protected.',
      at: { file: 'access.yaml', line: 1 },
    });
    expect(ids(result)).toEqual(['revoke-workspace:1:boss@acme.example']);
  });

  it.each([
    ['view-only', 'enterprise', 'downgrade', 'enterprise → view-only'],
    ['none', 'view-only', 'deprovision', 'view-only → deprovisioned'],
  ] as const)('are never downgraded (declared %s, holding %s)', (declared, held, verb, change) => {
    const result = run(
      { users: [{ email: 'boss@acme.example', license: declared }], protected: ['boss@acme.example'] },
      { users: [{ email: 'boss@acme.example', license: held }], workspaces: [] },
    );
    expect(problemCodes(result)).toEqual(['protected-user']);
    expect(result.problems[0]!.message).toBe(
      `The plan would ${verb} protected user boss@acme.example (license ${change}): declare their current license (${held}), or take them out of policy.protected.`,
    );
  });

  it('may still be granted access', () => {
    const result = run(
      {
        users: [{ email: 'boss@acme.example', license: 'enterprise' }],
        workspaces: [{ ref: 'Acme', members: ['boss@acme.example'] }],
        protected: ['boss@acme.example'],
      },
      { users: [{ email: 'boss@acme.example', license: 'view-only' }], workspaces: [{ ...ORG }] },
    );
    expect(problemCodes(result)).toEqual([]);
    expect(ids(result)).toEqual(['grant-workspace:1:boss@acme.example', 'grant-license:boss@acme.example']);
  });
});

describe("the token's own user", () => {
  it('is never removed from a workspace or a team', () => {
    const result = run(
      { users: [], workspaces: [{ ref: 'Acme', members: [], teams: [{ name: 'Eng' }] }] },
      {
        me: 'me@acme.example',
        users: [{ email: 'me@acme.example' }],
        workspaces: [
          {
            ...ORG,
            members: [{ email: 'me@acme.example', admin: true }],
            teams: [{ gid: '11', name: 'Eng', members: ['me@acme.example'] }],
          },
        ],
      },
    );
    expect(problemCodes(result)).toEqual(['own-user', 'own-user']);
    expect(result.problems.map((p) => p.message)).toEqual([
      `The plan would remove the token's own user me@acme.example from workspace "Acme", which would cut the tool off: declare it as a member there.`,
      `The plan would remove the token's own user me@acme.example from team "Eng" in "Acme", which would cut the tool off: declare it as a member there.`,
    ]);
  });

  it.each([
    ['none', 'deprovision'],
    ['view-only', 'downgrade to view-only'],
  ] as const)('is never deprovisioned or made view-only (declared %s)', (declared, verb) => {
    const result = run(
      { users: [{ email: 'me@acme.example', license: declared }] },
      { me: 'me@acme.example', users: [{ email: 'me@acme.example' }], workspaces: [] },
    );
    expect(problemCodes(result)).toEqual(['own-user']);
    expect(result.problems[0]!.message).toContain(`would ${verb} the token's own user me@acme.example`);
  });
});

describe('ignored accounts', () => {
  it('undeclared ones are never touched, only counted', () => {
    const result = run(
      {
        users: [],
        workspaces: [{ ref: 'Acme', members: [], teams: [{ name: 'Eng' }] }],
        ignore: ['*@bots.example'],
      },
      {
        users: [{ email: 'ci@bots.example' }, { email: 'ops@bots.example' }],
        workspaces: [
          {
            ...ORG,
            members: ['ci@bots.example', 'ops@bots.example'],
            teams: [{ gid: '11', name: 'Eng', members: ['ci@bots.example'] }],
          },
        ],
      },
    );
    expect(problemCodes(result)).toEqual([]);
    expect(ids(result)).toEqual([]);
    expect(manualIds(result)).toEqual([]);
    expect(result.stats.ignoredAccounts).toBe(2);
  });

  it('declared ones that the plan would change make it fail, naming the changes', () => {
    const result = run(
      {
        users: [{ email: 'ci@bots.example', license: 'enterprise' }],
        workspaces: [{ ref: 'Acme', members: ['ci@bots.example'], teams: [{ name: 'Eng' }] }],
        ignore: ['*@bots.example'],
      },
      {
        users: [{ email: 'ci@bots.example', license: 'view-only' }],
        workspaces: [{ ...ORG, teams: [{ gid: '11', name: 'Eng', members: ['ci@bots.example'] }] }],
      },
    );
    expect(problemCodes(result)).toEqual(['ignored-user']);
    expect(result.problems[0]).toMatchObject({
      message:
        'ci@bots.example matches policy.ignore pattern "*@bots.example", which the tool never touches, but the config declares it and the plan would add to workspace "Acme", change the license view-only → enterprise, remove from team "Eng" in "Acme": remove the declaration or narrow the pattern.',
      at: { file: 'access.yaml', line: 1, col: 5 },
    });
    expect(ids(result)).toEqual([]);
  });

  it('declared ones that need nothing are fine', () => {
    const result = run(
      {
        users: ['ci@bots.example'],
        workspaces: [{ ref: 'Acme', members: ['ci@bots.example'] }],
        ignore: ['ci@*'],
      },
      {
        users: [{ email: 'ci@bots.example' }],
        workspaces: [{ ...ORG, members: [{ email: 'ci@bots.example', admin: true }] }],
      },
    );
    expect(problemCodes(result)).toEqual([]);
    expect(manualIds(result)).toEqual([]);
  });

  it('patterns treat everything but * literally', () => {
    const result = run(
      { users: [], workspaces: [{ ref: 'Acme', members: [] }], ignore: ['a.b@x.example'] },
      {
        users: [{ email: 'a.b@x.example' }, { email: 'axb@x.example' }],
        workspaces: [{ ...ORG, members: ['a.b@x.example', 'axb@x.example'] }],
      },
    );
    expect(ids(result)).toEqual(['revoke-workspace:1:axb@x.example']);
  });
});

describe('an organization removal that deprovisions', () => {
  // The fixtures' token is a service account by default: it reads SCIM and holds no membership.
  it('is refused when the config still gives the user access elsewhere', () => {
    const result = run(
      {
        users: [{ email: 'al@acme.example', license: 'enterprise' }],
        workspaces: [
          { ref: 'Acme', members: [] },
          { ref: 'Lab', mode: 'additive', members: ['al@acme.example'] },
        ],
      },
      {
        users: [{ email: 'al@acme.example' }],
        workspaces: [
          { ...ORG, members: ['al@acme.example'] },
          { gid: '2', name: 'Lab', org: false, members: ['al@acme.example'] },
        ],
      },
    );
    expect(problemCodes(result)).toEqual(['removal-deprovisions']);
    expect(result.problems[0]).toMatchObject({
      message: `The plan would remove al@acme.example from workspace "Acme", which deprovisions the account (with a service-account token Asana treats removing a domain user from its organization as SCIM's delete), but the config still gives al@acme.example access: declare them as a member there, or declare license: none.`,
      at: { file: 'access.yaml', line: 1, col: 5 },
    });
    expect(action(result, 'revoke-workspace:1:al@acme.example')).toMatchObject({ deprovisions: true });
  });

  it('is planned for an account the config does not mention, last among its revokes', () => {
    const result = run(
      {
        workspaces: [
          { ref: 'Acme', members: [], teams: [{ name: 'Eng' }] },
          { ref: 'Lab', members: [] },
        ],
      },
      {
        users: [{ email: 'old@acme.example' }],
        workspaces: [
          {
            ...ORG,
            members: ['old@acme.example'],
            teams: [{ gid: '11', name: 'Eng', members: ['old@acme.example'] }],
          },
          { gid: '2', name: 'Lab', org: false, members: ['old@acme.example'] },
        ],
      },
    );
    expect(problemCodes(result)).toEqual([]);
    expect(ids(result)).toEqual([
      'revoke-team:11:old@acme.example',
      'revoke-workspace:2:old@acme.example',
      'revoke-workspace:1:old@acme.example',
    ]);
    expect(action(result, 'revoke-workspace:1:old@acme.example')).toMatchObject({
      deprovisions: true,
      dependsOn: ['revoke-team:11:old@acme.example', 'revoke-workspace:2:old@acme.example'],
    });
    expect(action(result, 'revoke-workspace:2:old@acme.example')).not.toHaveProperty('deprovisions');
  });

  it.each([
    ['a personal token of an admin', { me: 'me@acme.example', scim: false }, 'old@acme.example'],
    ['a guest of another domain', {}, 'gus@partner.example'],
  ])('does not happen with %s', (_name, token, email) => {
    const result = run(
      {
        users: ['me@acme.example', { email, license: 'view-only' }],
        workspaces: [
          { ref: 'Acme', members: ['me@acme.example'] },
          { ref: 'Lab', mode: 'additive', members: [email] },
        ],
      },
      {
        ...token,
        users: [
          { email: 'me@acme.example' },
          { email, license: email.startsWith('gus') ? 'guest' : 'enterprise' },
        ],
        workspaces: [
          { ...ORG, members: [{ email: 'me@acme.example', admin: true }, email] },
          { gid: '2', name: 'Lab', org: false, members: [email] },
        ],
      },
    );
    expect(problemCodes(result)).toEqual([]);
    expect(action(result, `revoke-workspace:1:${email}`)).not.toHaveProperty('deprovisions');
  });
});

describe("gates: 'report-only' (what drift asks)", () => {
  const options = { gates: 'report-only' as const };

  it('plans the differences the gates stop, without their problems', () => {
    const desired = {
      users: [
        { email: 'me@acme.example', license: 'none' as const },
        { email: 'boss@acme.example', license: 'view-only' as const },
        { email: 'ci@bots.example', license: 'enterprise' as const },
      ],
      workspaces: [{ ref: 'Acme', members: ['ci@bots.example'] }],
      protected: ['boss@acme.example'],
      ignore: ['*@bots.example'],
      revocationLimit: { count: 0 },
    };
    const live: LiveSpec = {
      me: 'me@acme.example',
      users: [
        { email: 'me@acme.example' },
        { email: 'boss@acme.example' },
        { email: 'ci@bots.example', license: 'view-only' },
      ],
      workspaces: [{ ...ORG, members: [{ email: 'me@acme.example', admin: true }, 'boss@acme.example'] }],
    };
    const enforced = run(desired, live);
    expect([...new Set(problemCodes(enforced))].sort()).toEqual([
      'ignored-user',
      'own-user',
      'protected-user',
      'removal-deprovisions',
      'revocation-limit',
    ]);
    const reported = run(desired, live, options);
    expect(problemCodes(reported)).toEqual([]);
    // The same differences either way: the gates hid none of them.
    expect(ids(reported)).toEqual(ids(enforced));
    expect(ids(reported)).toEqual([
      'revoke-license:boss@acme.example',
      'revoke-workspace:1:boss@acme.example',
      'revoke-workspace:1:me@acme.example',
      'revoke-license:me@acme.example',
    ]);
    // The real own user stays in the plan's domain.
    expect(reported.plan.domain).toMatchObject({ meEmail: 'me@acme.example' });
    expect(reported.stats.revocations).toBe(4);
  });

  it('keeps the problems that say a declaration matches nothing', () => {
    const result = run(
      { users: [], workspaces: [{ ref: 'Acme', members: [], teams: [{ name: 'Desgin' }] }] },
      { users: [], workspaces: [{ ...ORG, teams: [{ gid: '11', name: 'Design' }] }] },
      options,
    );
    expect(problemCodes(result)).toEqual(['unknown-team']);
  });

  it('plans what the token may not change as the action that would fix it, not as a step by hand', () => {
    const desired = {
      users: ['me@acme.example', 'al@acme.example'],
      workspaces: [
        {
          ref: 'Acme',
          members: ['me@acme.example', 'al@acme.example'],
          teams: [{ name: 'Eng', members: ['al@acme.example'] }],
        },
      ],
    };
    const live: LiveSpec = {
      me: 'me@acme.example',
      users: [{ email: 'me@acme.example' }, { email: 'al@acme.example' }, { email: 'old@acme.example' }],
      workspaces: [
        { ...ORG, members: ['me@acme.example', 'old@acme.example'], teams: [{ gid: '11', name: 'Eng' }] },
      ],
    };
    expect(manualIds(run(desired, live))).toEqual([
      'manual-no-permission:team:11:al@acme.example',
      'manual-no-permission:workspace:1:old@acme.example',
    ]);
    const reported = run(desired, live, options);
    expect(manualIds(reported)).toEqual([]);
    expect(ids(reported)).toEqual([
      'grant-workspace:1:al@acme.example',
      'grant-team:11:al@acme.example',
      'revoke-workspace:1:old@acme.example',
    ]);
  });

  it("keeps the real own user: a personal token's removals do not deprovision", () => {
    // The token is a PAT (its user is a member, SCIM not read): removing a domain user from the
    // organization is a plain removal. A stand-in own user would have made it look like a service account.
    const result = run(
      { users: ['me@acme.example'], workspaces: [{ ref: 'Acme', members: ['me@acme.example'] }] },
      {
        me: 'me@acme.example',
        scim: false,
        users: [{ email: 'me@acme.example' }, { email: 'old@acme.example' }],
        workspaces: [{ ...ORG, members: [{ email: 'me@acme.example', admin: true }, 'old@acme.example'] }],
      },
      options,
    );
    expect(action(result, 'revoke-workspace:1:old@acme.example')).not.toHaveProperty('deprovisions');
    expect(result.plan.domain.meEmail).toBe('me@acme.example');
  });
});
