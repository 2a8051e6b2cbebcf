// What part of the domain a read covers. The config's workspaces and teams, written as the config
// wrote them (names or gids); resolving them to exactly one gid is the plan's job, so a ref here
// simply selects every workspace or team it could mean.
import type { DesiredState } from '../model/index.js';

export interface ReadScope {
  /** Workspaces whose memberships and teams are read: every one, or these refs (name or gid). */
  workspaces: 'all' | string[];
  /** Teams whose memberships are read: every team of the scoped workspaces, or these. */
  teams: 'all' | Array<{ workspace: string; team: string }>;
  /** Whether SCIM users (licenses, deprovisioned accounts) are read. */
  scim: boolean;
}

/** Everything: what `export` reads. */
export function fullScope(scim: boolean): ReadScope {
  return { workspaces: 'all', teams: 'all', scim };
}

/**
 * The scope a config needs: its workspaces (and the default workspace new accounts are invited into,
 * so the plan knows who already has an account there), its teams, and SCIM when licenses are managed.
 */
export function scopeFromDesired(desired: DesiredState): ReadScope {
  const workspaces = desired.workspaces.map((w) => w.ref);
  const def = desired.settings.defaultWorkspace;
  if (def !== undefined && !workspaces.includes(def)) workspaces.push(def);
  return {
    workspaces,
    teams: desired.workspaces.flatMap((w) => w.teams.map((t) => ({ workspace: w.ref, team: t.name }))),
    scim: desired.settings.manageLicenses,
  };
}

/** Whether a workspace or team ref (gid, or exact name) can mean this object. */
export function refMatches(ref: string, gid: string, name: string): boolean {
  return ref === gid || ref === name;
}
