// The part of Asana a plan touches, as a read scope: apply re-reads exactly this to check a saved
// plan's preconditions and to verify what it changed, instead of the whole domain.
import type { Action, Fact } from '../model/index.js';
import type { ReadScope } from '../state/scope.js';

export function scopeOfActions(actions: readonly Action[]): ReadScope {
  const workspaces = new Set<string>();
  const teams = new Map<string, { workspace: string; team: string }>();
  let scim = false;
  const noteFact = (fact: Fact): void => {
    if (fact.type === 'workspace-membership') workspaces.add(fact.workspaceGid);
    if (fact.type === 'license') scim = true;
  };
  for (const a of actions) {
    noteFact(a.precondition);
    if (a.user.scimId !== undefined) scim = true;
    if (a.kind === 'create-account') {
      workspaces.add(a.workspace.gid);
      if (a.via === 'scim') scim = true;
      continue;
    }
    const t = a.target;
    if (t.type === 'workspace') workspaces.add(t.gid);
    else if (t.type === 'team') {
      workspaces.add(t.workspaceGid);
      teams.set(t.gid, { workspace: t.workspaceGid, team: t.gid });
    } else scim = true;
  }
  return {
    workspaces: [...workspaces].sort(),
    teams: [...teams.values()].sort((x, y) => (x.team < y.team ? -1 : x.team > y.team ? 1 : 0)),
    scim,
  };
}
