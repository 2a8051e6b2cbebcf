// What a drift report covers: the workspaces, teams and users the config manages (resolved to Asana's
// gids by the plan engine's own resolver, so drift and plan agree on what a name means), and the
// emails the config mentions anywhere. Pure and linear.
import type { DesiredState } from '../model/desired.js';
import type { DriftScope } from '../model/drift.js';
import type { LiveIndex } from './live-index.js';
import { resolveDesired } from './resolve.js';

/** Every declared workspace, team and user; workspaces and teams only when they resolve in Asana. */
export function managedScope(desired: DesiredState, index: LiveIndex): DriftScope {
  const resolution = resolveDesired(desired, index);
  const workspaces = resolution.workspaces.map((rw) => ({
    gid: rw.live.gid,
    name: rw.live.name,
    mode: rw.declared.mode,
    at: rw.declared.at,
  }));
  const teams = resolution.workspaces.flatMap((rw) =>
    rw.teams.map((rt) => ({
      gid: rt.live.gid,
      name: rt.live.name,
      workspaceGid: rw.live.gid,
      workspaceName: rw.live.name,
      mode: rt.declared.mode,
      at: rt.declared.at,
    })),
  );
  const users = desired.users.map((u) => {
    const lu = index.userByEmail.get(u.email);
    const name = u.name ?? lu?.name;
    return {
      email: u.email,
      ...(name ? { name } : {}),
      ...(lu ? { gid: lu.gid } : {}),
      at: u.at,
    };
  });
  return { workspaces, teams, users };
}

/** Every email the config mentions: declared users and every member of every list. */
export function mentionedEmails(desired: DesiredState): Set<string> {
  const out = new Set(desired.users.map((u) => u.email.toLowerCase()));
  for (const w of desired.workspaces) {
    for (const m of w.members) out.add(m.email.toLowerCase());
    for (const t of w.teams) for (const m of t.members) out.add(m.email.toLowerCase());
  }
  return out;
}
