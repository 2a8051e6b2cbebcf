// A generated domain with every list longer than one page: 260 accounts (workspace members and SCIM
// users > 100), 105 teams, and one team of 150 members.

import type { Seed } from '../../src/sandbox/index.js';
import { generateDomain } from '../../src/sandbox/index.js';

export function largeSeed(): Seed {
  const seed = generateDomain({ users: 260, teams: 105, teamMemberships: 315, seed: 7 });
  const org = seed.workspaces[0]!;
  const active = (org.members ?? []).map((m) => (typeof m === 'string' ? m : m.user));
  org.teams![0]!.members = active.slice(0, 150);
  return seed;
}

export function largeSeedCounts(seed: Seed) {
  const org = seed.workspaces[0]!;
  return {
    workspaceMembers: org.members!.length,
    teams: org.teams!.length,
    bigTeamMembers: org.teams![0]!.members!.length,
    teamMembers: org.teams!.map((t) => t.members!.length),
    // SCIM lists domain users (deprovisioned ones too), not guests.
    scimUsers: seed.users.filter((u) => u.license !== undefined).length,
  };
}
