import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  generateDomain,
  loadSeed,
  type Seed,
  SeedError,
  startSandbox,
  validateSeed,
} from '../../src/sandbox/index.js';
import { tempDir } from '../helpers/temp-dir.js';
import { ACME_SEED } from './helpers.js';

const tmp = tempDir('sandbox-seed');

function seedFile(name: string, text: string): string {
  const file = join(tmp, name);
  writeFileSync(file, text);
  return file;
}

function errorOf(fn: () => unknown): SeedError {
  try {
    fn();
  } catch (e) {
    if (e instanceof SeedError) return e;
    throw e;
  }
  throw new Error('expected a SeedError');
}

const minimal = (): Seed => ({
  version: 1,
  plan: 'enterprise',
  tokens: [{ name: 'pat', value: 'minimal-token', kind: 'pat', user: 'a@x.example' }],
  users: [{ email: 'a@x.example' }],
  workspaces: [{ name: 'X', organization: true, emailDomains: ['x.example'], members: ['a@x.example'] }],
});

describe('the acme seed', () => {
  it('describes the domain the issue asks for', () => {
    const seed = loadSeed(ACME_SEED);
    expect(seed.plan).toBe('enterprise');
    expect(seed.users).toHaveLength(40);
    const [corp, lab] = seed.workspaces;
    expect(corp).toMatchObject({ name: 'Acme Corp', organization: true, emailDomains: ['acme.example'] });
    expect(lab).toMatchObject({ name: 'Acme Partners Lab', organization: false });
    expect(corp!.teams!.map((t) => t.name)).toEqual([
      'Engineering',
      'Design',
      'Marketing',
      'Sales',
      'Security',
      'Leadership',
    ]);
    expect(seed.users.filter((u) => u.license === 'view-only').length).toBeGreaterThanOrEqual(5);
    expect(seed.users.filter((u) => u.active === false)).toHaveLength(1);
    expect(seed.users.filter((u) => !u.email.endsWith('@acme.example')).length).toBeGreaterThanOrEqual(2);
    const roles = corp!
      .teams!.flatMap((t) => t.members ?? [])
      .map((m) => (typeof m === 'string' ? 'member' : m.role));
    expect(roles).toContain('admin');
    expect(roles).toContain('limited-access');
    expect(seed.tokens.map((t) => [t.value, t.kind])).toEqual(
      expect.arrayContaining([
        ['acme-sandbox-service-account-token', 'service-account'],
        ['acme-sandbox-admin-pat', 'pat'],
      ]),
    );
  });
});

describe('seed validation', () => {
  it('names the file, line, column and field of each problem', () => {
    const file = seedFile(
      'bad.yaml',
      [
        'plan: enterprise',
        'tokens:',
        '  - { name: pat, value: some-token-value, kind: pat, user: nobody@x.example }',
        'users:',
        '  - { email: a@x.example, license: gold }',
        '  - { email: not-an-email }',
        'workspaces:',
        '  - name: X',
        '    organization: true',
        '    emailDomains: [x.example]',
        '    members: [a@x.example, b@x.example]',
        '    teams:',
        '      - { name: T, members: [{ user: a@x.example, role: owner }] }',
      ].join('\n'),
    );
    const err = errorOf(() => loadSeed(file));
    expect(err.message).toContain(
      `${file}:3:60 tokens[0].user: required: the email of the user this token acts as`,
    );
    expect(err.message).toContain(`${file}:5:36 users[0].license: must be enterprise or view-only`);
    expect(err.message).toContain(`${file}:6:14 users[1].email: required: an email address`);
    expect(err.message).toContain(
      `${file}:11:28 workspaces[0].members[1]: b@x.example is not listed under users`,
    );
    expect(err.message).toContain(
      `${file}:13:57 workspaces[0].teams[0].members[0].role: must be member, admin or limited-access`,
    );
    expect(err.problems).toHaveLength(5);
  });

  it('reports YAML syntax errors with their position', () => {
    const file = seedFile('syntax.yaml', 'plan: enterprise\nusers: [a, b\n');
    expect(errorOf(() => loadSeed(file)).message).toMatch(new RegExp(`${file}:\\d+:\\d+ `));
  });

  it('reports a missing file by name', () => {
    expect(errorOf(() => loadSeed(join(tmp, 'missing.yaml'))).message).toContain(
      'missing.yaml: cannot read the seed',
    );
  });

  it.each<[string, (s: Seed) => void, string]>([
    [
      'an unknown field',
      (s) => Object.assign(s.users[0]!, { licence: 'x' }),
      'users[0].licence: unknown field',
    ],
    ['a bad plan', (s) => Object.assign(s, { plan: 'gold' }), 'plan: required: free, premium or enterprise'],
    [
      'duplicate emails (any case)',
      (s) => s.users.push({ email: 'A@x.example' }),
      'users[1].email: A@x.example is already users[0]',
    ],
    [
      'a duplicate gid',
      (s) => {
        s.users[0]!.gid = '1200000000000001';
        s.workspaces[0]!.gid = '1200000000000001';
      },
      'workspaces[0].gid: gid 1200000000000001 is already used by users[0].gid',
    ],
    [
      'a non-numeric gid',
      (s) => {
        s.users[0]!.gid = 'abc';
      },
      'users[0].gid: a gid must be a string of 1 to 16 digits',
    ],
    [
      'a deprovisioned member',
      (s) => {
        s.users[0]!.active = false;
      },
      'is deprovisioned (active: false) and cannot hold memberships',
    ],
    [
      'a license on a guest',
      (s) => s.users.push({ email: 'g@other.example', license: 'enterprise' }),
      'guests hold no license',
    ],
    [
      'teams in a plain workspace',
      (s) => s.workspaces.push({ name: 'P', teams: [{ name: 'T' }] }),
      'only an organization',
    ],
    [
      'a team member outside the organization',
      (s) => {
        s.users.push({ email: 'b@x.example' });
        s.workspaces[0]!.teams = [{ name: 'T', members: ['b@x.example'] }];
      },
      "must be a member of the team's organization",
    ],
    ['no tokens', (s) => Object.assign(s, { tokens: [] }), 'tokens: required: at least one token'],
    [
      'a service account posing as a user',
      (s) =>
        s.tokens.push({ name: 'sa', value: 'service-token', kind: 'service-account', email: 'a@x.example' }),
      'a service account has its own identity',
    ],
  ])('rejects %s', (_label, mutate, expected) => {
    const seed = minimal();
    mutate(seed);
    expect(errorOf(() => validateSeed(seed)).message).toContain(expected);
  });

  it('accepts a minimal seed and fills in gids and defaults', async () => {
    const sb = await startSandbox({ seed: minimal() });
    try {
      const state = sb.state();
      expect(state.users[0]).toMatchObject({ email: 'a@x.example', name: 'a', license: 'enterprise' });
      expect(state.users[0]!.gid).toMatch(/^\d{16}$/);
      expect(state.workspaces[0]!.members![0]).toMatchObject({ user: 'a@x.example' });
    } finally {
      await sb.close();
    }
  });
});

describe('generateDomain', () => {
  it('builds the same valid seed for the same options', () => {
    const options = { users: 500, teams: 20, teamMemberships: 1000, seed: 7 };
    const a = generateDomain(options);
    expect(generateDomain(options)).toEqual(a);
    expect(generateDomain({ ...options, seed: 8 })).not.toEqual(a);
    expect(() => validateSeed(a)).not.toThrow();
    expect(a.users).toHaveLength(500);
    expect(a.workspaces[0]!.teams).toHaveLength(20);
    expect(a.workspaces[0]!.teams!.reduce((n, t) => n + t.members!.length, 0)).toBe(1000);
    expect(a.users.some((u) => u.license === 'view-only')).toBe(true);
    expect(a.users.some((u) => u.email.endsWith('@partner.example'))).toBe(true);
  });
});
