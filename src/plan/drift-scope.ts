// What a drift report covers: the workspaces, teams and users the config manages (resolved to Asana's
// gids), the emails the config mentions anywhere, and the ignored accounts met in that scope.
// Pure and linear: maps and sets only.
import type { DesiredState } from '../model/desired.js';
import type { DriftScope, ManagedTeam, ManagedWorkspace } from '../model/drift.js';
import type { LiveState, LiveWorkspace } from '../model/live.js';

/** A declared workspace ref (a gid when all digits, otherwise a name) resolved against the live state. */
export function resolveWorkspaceRef(ref: string, live: LiveState): LiveWorkspace | undefined {
  if (/^\d+$/.test(ref)) return live.workspaces.find((w) => w.gid === ref);
  const byName = live.workspaces.filter((w) => w.name === ref);
  // An ambiguous name is the plan engine's error to report; drift resolves only what is certain.
  return byName.length === 1 ? byName[0] : undefined;
}

/** Resolves every declared workspace, team and user that exists in the live state; the rest is skipped. */
export function managedScope(desired: DesiredState, live: LiveState): DriftScope {
  const teamsByWorkspaceAndName = new Map<string, string[]>();
  for (const t of live.teams) {
    const key = `${t.workspaceGid}\u0000${t.name}`;
    const gids = teamsByWorkspaceAndName.get(key);
    if (gids) gids.push(t.gid);
    else teamsByWorkspaceAndName.set(key, [t.gid]);
  }
  const liveUserByEmail = new Map(live.users.map((u) => [u.email, u]));

  const workspaces: ManagedWorkspace[] = [];
  const teams: ManagedTeam[] = [];
  const seenWorkspaces = new Set<string>();
  for (const dw of desired.workspaces) {
    const lw = resolveWorkspaceRef(dw.ref, live);
    if (!lw || seenWorkspaces.has(lw.gid)) continue;
    seenWorkspaces.add(lw.gid);
    workspaces.push({ gid: lw.gid, name: lw.name, mode: dw.mode, at: dw.at });
    for (const dt of dw.teams) {
      const gids = teamsByWorkspaceAndName.get(`${lw.gid}\u0000${dt.name}`);
      if (gids?.length !== 1) continue;
      teams.push({
        gid: gids[0]!,
        name: dt.name,
        workspaceGid: lw.gid,
        workspaceName: lw.name,
        mode: dt.mode,
        at: dt.at,
      });
    }
  }
  const users = desired.users.map((u) => {
    const lu = liveUserByEmail.get(u.email);
    return {
      email: u.email,
      ...(u.name !== undefined || lu ? { name: u.name ?? lu?.name } : {}),
      ...(lu ? { gid: lu.gid } : {}),
      at: u.at,
    };
  });
  return { workspaces, teams, users };
}

/** Every email the config mentions: declared users and every member of every list. */
export function mentionedEmails(desired: DesiredState): Set<string> {
  const out = new Set(desired.users.map((u) => u.email));
  for (const w of desired.workspaces) {
    for (const m of w.members) out.add(m.email);
    for (const t of w.teams) for (const m of t.members) out.add(m.email);
  }
  return out;
}

/** `*` matches any run of characters; everything else is literal. Emails are compared lower-cased. */
export function ignoreMatcher(patterns: readonly string[]): (email: string) => boolean {
  if (patterns.length === 0) return () => false;
  const escaped = patterns.map((p) =>
    p
      .toLowerCase()
      .split('*')
      .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*'),
  );
  const re = new RegExp(`^(?:${escaped.join('|')})$`);
  return (email) => re.test(email.toLowerCase());
}

/**
 * Accounts matched by the ignore patterns among those the drift report looked at: members of the
 * managed workspaces and teams, and (when the config manages licenses) every SCIM user.
 */
export function countIgnoredAccounts(desired: DesiredState, live: LiveState, scope: DriftScope): number {
  const isIgnored = ignoreMatcher(desired.policy.ignore);
  const emailByGid = new Map(live.users.map((u) => [u.gid, u.email]));
  const workspaceGids = new Set(scope.workspaces.map((w) => w.gid));
  const teamGids = new Set(scope.teams.map((t) => t.gid));
  const seen = new Set<string>();
  const consider = (email: string | undefined) => {
    if (email !== undefined && isIgnored(email)) seen.add(email);
  };
  for (const m of live.workspaceMemberships) {
    if (workspaceGids.has(m.workspaceGid)) consider(emailByGid.get(m.userGid));
  }
  for (const m of live.teamMemberships) {
    if (teamGids.has(m.teamGid)) consider(emailByGid.get(m.userGid));
  }
  if (desired.settings.manageLicenses) for (const s of live.scimUsers ?? []) consider(s.userName);
  return seen.size;
}
