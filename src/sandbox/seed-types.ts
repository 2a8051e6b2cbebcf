// The seed: the YAML (or object) that describes one simulated Asana domain. docs/sandbox.md
// documents every field; seed.ts validates it. The sandbox's state dump has this shape too, so a
// dump can be loaded back as a seed.

/** The domain's plan. SCIM needs `enterprise`; `free` domains get 150 requests/minute. */
export type SeedPlan = 'free' | 'premium' | 'enterprise';

/** A domain user's license. Users outside the organizations' email domains (guests) hold none. */
export type SeedLicense = 'enterprise' | 'view-only';

export type TeamVisibility = 'public' | 'request_to_join' | 'secret';

export type TeamRole = 'member' | 'admin' | 'limited-access';

/** A personal access token: acts as one user, with that user's rights. */
export interface SeedPatToken {
  /** A label shown by `asana-access sandbox`; never sent by clients. */
  name: string;
  /** The bearer token value clients send. */
  value: string;
  kind: 'pat';
  /** Email of the user the token acts as. */
  user: string;
}

/** A service-account token: organization admin everywhere in the domain, and the only way into SCIM. */
export interface SeedServiceAccountToken {
  name: string;
  value: string;
  kind: 'service-account';
  /** The service account's own user identity (what `GET /users/me` answers). */
  gid?: string;
  email?: string;
  displayName?: string;
}

export type SeedToken = SeedPatToken | SeedServiceAccountToken;

export interface SeedUser {
  gid?: string;
  email: string;
  /** Defaults to the email's local part. */
  name?: string;
  /** Domain users only; defaults to `enterprise`. */
  license?: SeedLicense;
  /** `false` = deprovisioned (Asana's "zombie"): the account exists, holds no memberships, cannot log in. */
  active?: boolean;
}

/** A workspace member: an email, or an object for an admin or a fixed membership gid. */
export type SeedWorkspaceMember =
  | string
  | { user: string; admin?: boolean; gid?: string; createdAt?: string };

/** A team member: an email, or an object for a role or a fixed membership gid. */
export type SeedTeamMember = string | { user: string; role?: TeamRole; gid?: string };

export interface SeedTeam {
  gid?: string;
  name: string;
  visibility?: TeamVisibility;
  members?: SeedTeamMember[];
}

export interface SeedWorkspace {
  gid?: string;
  name: string;
  /** An organization has email domains and teams; a plain workspace has neither. */
  organization?: boolean;
  emailDomains?: string[];
  members?: SeedWorkspaceMember[];
  teams?: SeedTeam[];
}

export interface Seed {
  version: 1;
  /** A label for the domain (shown by the command). */
  domain?: string;
  plan: SeedPlan;
  /** The next gid the sandbox hands out (defaults to one above the highest gid in the seed). */
  nextGid?: string;
  tokens: SeedToken[];
  users: SeedUser[];
  workspaces: SeedWorkspace[];
}
