// A stable digest of a LiveState: equal content gives an equal digest whatever order the API
// listed things in. Saved plans record it to detect that Asana changed since planning.
import type { LiveState } from '../model/index.js';
import { digestOf } from '../util/digest.js';

/** Gids (digit strings, possibly beyond 2^53) in numeric order: shorter first, then by text. */
export function compareGids(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Orders by one or more gid keys, the first key deciding first. */
const byKey =
  <T>(key: (x: T) => string[]) =>
  (a: T, b: T): number => {
    const ka = key(a);
    const kb = key(b);
    for (let i = 0; i < ka.length; i++) {
      const c = compareGids(ka[i]!, kb[i]!);
      if (c !== 0) return c;
    }
    return 0;
  };

/** The state with every list in its canonical order (what readLiveState returns already). */
export function canonicalLiveState(state: LiveState): LiveState {
  return {
    me: state.me,
    workspaces: [...state.workspaces]
      .map((w) => ({ ...w, emailDomains: [...w.emailDomains].sort() }))
      .sort(byKey((w) => [w.gid])),
    users: [...state.users].sort(byKey((u) => [u.gid])),
    workspaceMemberships: [...state.workspaceMemberships].sort(byKey((m) => [m.workspaceGid, m.userGid])),
    teams: [...state.teams].sort(byKey((t) => [t.gid])),
    teamMemberships: [...state.teamMemberships].sort(byKey((m) => [m.teamGid, m.userGid])),
    scimUsers: state.scimUsers === null ? null : [...state.scimUsers].sort(byKey((u) => [u.id])),
    scope: {
      workspaceGids: [...state.scope.workspaceGids].sort(compareGids),
      teamGids: [...state.scope.teamGids].sort(compareGids),
      scim: state.scope.scim,
    },
  };
}

/** `sha256:<hex>` over the canonical form. */
export function liveDigest(state: LiveState): string {
  return digestOf(canonicalLiveState(state));
}
