// A fixed domain and configuration for the fault, interruption and security tests: one plan that
// holds every kind of action (a SCIM account creation, workspace and team grants sent in batches,
// team revokes, license grants and a downgrade), and an organization of more than 100 members so
// that its member list takes two pages.
import type { Seed, SeedUser } from '../../../src/sandbox/index.js';
import { secret } from './secrets.js';

export const ACME = '1500000000000001';
export const LAB = '1500000000000002';
export const ENG = '1500000000000011';
export const OPS = '1500000000000012';

export interface FaultTokens {
  /** Service account: organization admin, SCIM allowed. */
  sa: string;
  /** A second service account (another identity): for reruns after the first token is revoked. */
  sa2: string;
  /** PAT of u05, a plain member of Acme, Eng and Ops (not an admin). */
  memberPat: string;
}

export function faultTokens(label = 'fault'): FaultTokens {
  return {
    sa: secret(`rel-${label}-service-account-token`),
    sa2: secret(`rel-${label}-second-service-account-token`),
    memberPat: secret(`rel-${label}-member-pat-u05`),
  };
}

const u = (n: number) => `u${String(n).padStart(2, '0')}@acme.example`;

/** `fillers` extra plain members of Acme (default 110: the member list takes two pages). */
export function faultSeed(tokens: FaultTokens, fillers = 110): Seed {
  const users: SeedUser[] = [
    { gid: '1500000000000100', email: 'ada@acme.example', name: 'Ada Admin', license: 'enterprise' },
  ];
  for (let i = 1; i <= 11; i++) {
    users.push({
      gid: String(1500000000000100n + BigInt(i)),
      email: u(i),
      name: `User ${i}`,
      license: i <= 6 ? 'enterprise' : 'view-only',
    });
  }
  const filler = Array.from(
    { length: fillers },
    (_, i) => `filler${String(i + 1).padStart(3, '0')}@acme.example`,
  );
  for (const [i, email] of filler.entries()) {
    users.push({
      gid: String(1500000000001000n + BigInt(i)),
      email,
      name: `Filler ${i + 1}`,
      license: 'view-only',
    });
  }
  return {
    version: 1,
    domain: 'Reliability faults',
    plan: 'enterprise',
    tokens: [
      {
        name: 'sa',
        value: tokens.sa,
        kind: 'service-account',
        gid: '1500000000000009',
        email: 'bot@svc.acme.example',
      },
      {
        name: 'sa2',
        value: tokens.sa2,
        kind: 'service-account',
        gid: '1500000000000008',
        email: 'bot2@svc.acme.example',
      },
      { name: 'member-pat', value: tokens.memberPat, kind: 'pat', user: u(5) },
    ],
    users,
    workspaces: [
      {
        gid: ACME,
        name: 'Acme',
        organization: true,
        emailDomains: ['acme.example'],
        members: [
          { user: 'ada@acme.example', admin: true },
          ...[1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map(u),
          ...filler,
        ],
        teams: [
          { gid: ENG, name: 'Eng', members: ['ada@acme.example', u(1), u(2), u(3), u(5)] },
          { gid: OPS, name: 'Ops', members: ['ada@acme.example', u(4), u(5), u(9), u(10)] },
        ],
      },
      { gid: LAB, name: 'Lab', organization: false, members: [{ user: 'ada@acme.example', admin: true }] },
    ],
  };
}

/**
 * With the service account: 1 SCIM account creation, 5 workspace grants, 7 team grants, 2 license
 * grants, 3 team revokes and 1 license downgrade (19 actions). Fillers are left alone (additive Acme).
 */
export const FAULT_CONFIG = `version: 1
settings:
  manageLicenses: true
  defaultWorkspace: Acme
users:
  ada@acme.example: enterprise
  u01@acme.example: enterprise
  u02@acme.example: enterprise
  u03@acme.example: view-only
  u04@acme.example: enterprise
  u05@acme.example: enterprise
  u06@acme.example: enterprise
  u07@acme.example: enterprise
  u08@acme.example: enterprise
  u09@acme.example: view-only
  u10@acme.example: view-only
  u11@acme.example: view-only
  u12@acme.example: { license: enterprise, name: New Twelve }
groups:
  core: [ada@acme.example, u01@acme.example, u02@acme.example, u03@acme.example]
workspaces:
  Acme:
    policy: additive
    members: [group:core, u04@acme.example, u05@acme.example, u06@acme.example, u07@acme.example,
      u08@acme.example, u09@acme.example, u10@acme.example, u11@acme.example, u12@acme.example]
    teams:
      Eng:
        policy: authoritative
        members: [ada@acme.example, u01@acme.example, u02@acme.example, u04@acme.example, u05@acme.example,
          u06@acme.example, u07@acme.example, u08@acme.example]
      Ops:
        policy: authoritative
        members: [ada@acme.example, u04@acme.example, u05@acme.example, u06@acme.example, u07@acme.example]
  Lab:
    policy: additive
    members: [group:core]
policy:
  revocationLimit: { count: 100 }
`;

export const FAULT_ACTIONS = 19;

/**
 * With u05's PAT (no SCIM, licenses not managed): a workspace grant and team grants in Eng and Ops,
 * which u05 may make as a full member of both teams.
 */
export const MEMBER_CONFIG = `version: 1
users:
  ada@acme.example:
  u04@acme.example:
  u05@acme.example:
  u06@acme.example:
  u07@acme.example:
  u08@acme.example:
  u11@acme.example:
workspaces:
  Acme:
    members: [ada@acme.example, u04@acme.example, u05@acme.example, u06@acme.example, u07@acme.example,
      u08@acme.example, u11@acme.example]
    teams:
      Eng:
        members: [u05@acme.example, u08@acme.example]
      Ops:
        members: [u05@acme.example, u06@acme.example, u07@acme.example, u08@acme.example]
`;
