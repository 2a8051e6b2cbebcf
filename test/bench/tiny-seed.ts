// A small hand-made seed in the sandbox's format, for testing the bench's pieces without a generator.
import type { SeedLike } from '../../bench/domain.js';

export function tinySeed(users = 30, teams = 4): SeedLike {
  const list: SeedLike['users'] = [];
  for (let i = 0; i < users; i++) {
    const guest = i % 10 === 9;
    list.push({
      gid: String(1300000000000100 + i),
      email: guest ? `guest${i}@partner.example` : `user${i}@bench.example`,
      name: `User ${i}`,
      ...(guest ? {} : { license: i % 5 === 4 ? 'view-only' : 'enterprise' }),
    });
  }
  const teamList = [];
  for (let t = 0; t < teams; t++) {
    const members: Array<string | { user: string; role?: string }> = [];
    for (let i = t; i < users; i += teams) {
      const email = list[i]!.email;
      members.push(i === t ? { user: email, role: 'admin' } : email);
    }
    teamList.push({ gid: String(1300000000000010 + t), name: `Team ${t}`, members });
  }
  return {
    tokens: [
      {
        name: 'bench',
        value: 'bench-token',
        kind: 'service-account',
        gid: '1300000000000009',
        email: 'bot@bench.example',
        displayName: 'Bench bot',
      },
    ],
    users: list,
    workspaces: [
      {
        gid: '1300000000000001',
        name: 'Bench Org',
        organization: true,
        emailDomains: ['bench.example'],
        members: list.map((u, i) => (i === 0 ? { user: u.email, admin: true } : u.email)),
        teams: teamList,
      },
    ],
  };
}
