// What the token's own user may change, as far as the live state tells. Asana's rules
// (asana-api.md): removing from a workspace needs a workspace admin; team changes need a team member
// or an organization admin; a view-only or guest caller cannot write at all. When the token's user
// holds no membership in a workspace (a service account), nothing is known and everything is
// assumed allowed: Asana will say otherwise at apply time.
import type { LiveWorkspaceMembership } from '../model/index.js';
import type { LiveIndex } from './live-index.js';

export interface Permissions {
  /** Why the token cannot add members to this workspace, or undefined when it can. */
  addToWorkspace(workspaceGid: string): string | undefined;
  removeFromWorkspace(workspaceGid: string): string | undefined;
  changeTeam(workspaceGid: string, teamGid: string): string | undefined;
}

export function permissionsOf(index: LiveIndex): Permissions {
  const me = index.live.me;
  const mine = (workspaceGid: string): LiveWorkspaceMembership | undefined =>
    index.workspaceMembers.get(workspaceGid)?.get(me.gid);
  const cannotWrite = (m: LiveWorkspaceMembership | undefined): string | undefined => {
    if (!m) return undefined;
    if (!m.isActive) return `the token's user (${me.email}) is no longer an active member of this workspace`;
    if (m.isViewOnly) return `the token's user (${me.email}) holds a view-only license and cannot write`;
    if (m.isGuest) return `the token's user (${me.email}) is a guest and cannot change memberships`;
    return undefined;
  };
  return {
    addToWorkspace: (ws) => cannotWrite(mine(ws)),
    removeFromWorkspace(ws) {
      const m = mine(ws);
      const denied = cannotWrite(m);
      if (denied || !m || m.isAdmin) return denied;
      return `the token's user (${me.email}) is not an admin of this workspace, and only admins can remove members`;
    },
    changeTeam(ws, team) {
      const m = mine(ws);
      const denied = cannotWrite(m);
      if (denied || !m || m.isAdmin || index.teamMembers.get(team)?.has(me.gid)) return denied;
      return `the token's user (${me.email}) is neither an admin of the organization nor a member of this team`;
    },
  };
}
