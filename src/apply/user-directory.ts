// How apply names a user to Asana while the plan runs. REST takes an email as a user reference, so
// a user created a moment ago can be named before its gid is known; SCIM needs the SCIM id, which
// comes from the plan (when SCIM was read), from the create-account that made the user, or, failing
// both, from one SCIM lookup by email.
import type { Action } from '../model/index.js';

export interface UserDirectory {
  /** The reference for REST calls: the gid when known, else the email. */
  restRef(email: string): string;
  /** The SCIM id; null when SCIM has no user with this email. */
  scimId(email: string): Promise<string | null>;
  /** Records what a create-account (or a lookup) learned. */
  learn(email: string, ids: { gid?: string; scimId?: string }): void;
}

export function createUserDirectory(
  actions: readonly Action[],
  lookupScimId: (email: string) => Promise<string | null>,
): UserDirectory {
  const gids = new Map<string, string>();
  const scimIds = new Map<string, string>();
  /** One lookup per email even when several actions ask at once. */
  const lookups = new Map<string, Promise<string | null>>();
  for (const a of actions) {
    const email = a.user.email.toLowerCase();
    if (a.user.gid) gids.set(email, a.user.gid);
    if (a.user.scimId) scimIds.set(email, a.user.scimId);
  }
  return {
    restRef(email) {
      return gids.get(email.toLowerCase()) ?? email.toLowerCase();
    },
    async scimId(email) {
      const key = email.toLowerCase();
      const known = scimIds.get(key);
      if (known !== undefined) return known;
      let lookup = lookups.get(key);
      if (lookup === undefined) {
        lookup = lookupScimId(key).then(
          (id) => {
            if (id !== null) scimIds.set(key, id);
            lookups.delete(key);
            return id;
          },
          (err: unknown) => {
            lookups.delete(key);
            throw err;
          },
        );
        lookups.set(key, lookup);
      }
      return lookup;
    },
    learn(email, ids) {
      const key = email.toLowerCase();
      if (ids.gid) gids.set(key, ids.gid);
      if (ids.scimId) scimIds.set(key, ids.scimId);
    },
  };
}
