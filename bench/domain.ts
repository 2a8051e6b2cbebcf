// The synthetic domain as the bench sees it: read out of a sandbox seed (the format of
// examples/acme/sandbox.yaml, docs/sandbox.md) into flat arrays indexed by user and team, so that
// choosing changes, writing the desired config and building states are all linear.

/** The parts of a sandbox seed the bench reads. */
export interface SeedTokenLike {
  name: string;
  value: string;
  kind: string;
  gid?: string;
  email?: string;
  displayName?: string;
  user?: string;
}

export type SeedMemberLike = string | { user: string; admin?: boolean; role?: string };

export interface SeedLike {
  tokens: SeedTokenLike[];
  users: Array<{ gid?: string; email: string; name?: string; license?: string; active?: boolean }>;
  workspaces: Array<{
    gid?: string;
    name: string;
    organization?: boolean;
    emailDomains?: string[];
    members?: SeedMemberLike[];
    teams?: Array<{ gid?: string; name: string; visibility?: string; members?: SeedMemberLike[] }>;
  }>;
}

export interface DomainUser {
  gid: string;
  email: string;
  name: string;
  /** Null for guests (licenses belong to the domain's own users). */
  license: 'enterprise' | 'view-only' | null;
  active: boolean;
  guest: boolean;
  workspaceAdmin: boolean;
}

export interface DomainTeam {
  gid: string;
  name: string;
  /** User indices, in seed order. */
  members: number[];
  /** Roles other than plain member, by user index. */
  roles: Map<number, 'admin' | 'limited-access'>;
}

export interface DomainView {
  org: { gid: string; name: string; emailDomains: string[] };
  /** The service-account token the CLI runs with. */
  token: { value: string; gid: string; email: string; name: string };
  users: DomainUser[];
  /** Users who are members of the organization, by index. */
  orgMembers: number[];
  teams: DomainTeam[];
  /** Team memberships in all. */
  teamMemberships: number;
}

const memberEmail = (m: SeedMemberLike): string => (typeof m === 'string' ? m : m.user).toLowerCase();

const gidOf = (o: { gid?: string }, what: string): string => {
  if (o.gid === undefined)
    throw new Error(`seed: ${what} has no gid (read the sandbox's state dump, which has them all)`);
  return o.gid;
};

/** Reads a seed with exactly one organization (the bench's synthetic domain); every gid must be set. */
export function domainFromSeed(seed: SeedLike, tokenName?: string): DomainView {
  const orgs = seed.workspaces.filter((w) => w.organization === true);
  if (orgs.length !== 1)
    throw new Error(`the bench needs a seed with one organization, found ${orgs.length}`);
  const org = orgs[0]!;
  const emailDomains = (org.emailDomains ?? []).map((d) => d.toLowerCase());
  const sa = seed.tokens.find(
    (t) => t.kind === 'service-account' && (tokenName === undefined || t.name === tokenName),
  );
  if (!sa?.gid || !sa.email)
    throw new Error('the bench needs a service-account token (with gid and email) in the seed');

  const index = new Map<string, number>();
  const users: DomainUser[] = seed.users.map((u, i) => {
    const email = u.email.toLowerCase();
    index.set(email, i);
    const domain = email.slice(email.indexOf('@') + 1);
    const guest = !emailDomains.includes(domain);
    const license = guest ? null : u.license === 'view-only' ? 'view-only' : 'enterprise';
    return {
      gid: gidOf(u, email),
      email,
      name: u.name ?? email.slice(0, email.indexOf('@')),
      license,
      active: u.active !== false,
      guest,
      workspaceAdmin: false,
    };
  });
  const at = (email: string, where: string): number => {
    const i = index.get(email);
    if (i === undefined) throw new Error(`seed: ${where} names ${email}, who is not among the users`);
    return i;
  };

  const orgMembers = (org.members ?? []).map((m) => {
    const i = at(memberEmail(m), `organization ${org.name}`);
    if (typeof m !== 'string' && m.admin) users[i]!.workspaceAdmin = true;
    return i;
  });
  let teamMemberships = 0;
  const teams: DomainTeam[] = (org.teams ?? []).map((t) => {
    const roles = new Map<number, 'admin' | 'limited-access'>();
    const members = (t.members ?? []).map((m) => {
      const i = at(memberEmail(m), `team ${t.name}`);
      if (typeof m !== 'string' && (m.role === 'admin' || m.role === 'limited-access')) roles.set(i, m.role);
      return i;
    });
    teamMemberships += members.length;
    return { gid: gidOf(t, `team ${t.name}`), name: t.name, members, roles };
  });
  return {
    org: { gid: gidOf(org, org.name), name: org.name, emailDomains },
    token: { value: sa.value, gid: sa.gid, email: sa.email.toLowerCase(), name: sa.displayName ?? sa.name },
    users,
    orgMembers,
    teams,
    teamMemberships,
  };
}

/** Counts for the report. */
export function domainCounts(d: DomainView): {
  users: number;
  guests: number;
  viewOnly: number;
  teams: number;
  teamMemberships: number;
  workspaceMemberships: number;
  scimUsers: number;
} {
  let guests = 0;
  let viewOnly = 0;
  for (const u of d.users) {
    if (u.guest) guests++;
    else if (u.license === 'view-only') viewOnly++;
  }
  return {
    users: d.users.length,
    guests,
    viewOnly,
    teams: d.teams.length,
    teamMemberships: d.teamMemberships,
    workspaceMemberships: d.orgMembers.length,
    scimUsers: d.users.length - guests,
  };
}
