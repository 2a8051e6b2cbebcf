// What the token's own user may change, as far as the live state tells. Asana's rules
// (asana-api.md): removing from a workspace needs a workspace admin; team changes need a full (not
// limited-access) team member or an organization admin; a view-only or guest caller cannot write at all. When the token's user
// holds no membership in a workspace (a service account), nothing is known and everything is
// assumed allowed: Asana will say otherwise at apply time.
import type { LiveWorkspace, LiveWorkspaceMembership } from '../model/index.js';
import type { LiveIndex } from './live-index.js';

export interface Permissions {
  /**
   * Whether the token is a service account: it could read SCIM (only service accounts may), or its
   * user holds no membership in any workspace read (a personal token's user is a member of every
   * workspace it can see).
   */
  serviceAccount: boolean;
  /**
   * Whether removing this user from this workspace deprovisions the account: with a service-account
   * token Asana treats an organization's removeUser of a domain user as SCIM's delete. An
   * organization that shows no email domains is assumed to own the address.
   */
  removalDeprovisions(workspace: LiveWorkspace, email: string): boolean;
  /** Why the token cannot add members to this workspace, or undefined when it can. */
  addToWorkspace(workspaceGid: string): string | undefined;
  removeFromWorkspace(workspaceGid: string): string | undefined;
  changeTeam(workspaceGid: string, teamGid: string): string | undefined;
}

/**
 * `enforce: false` (a `report-only` plan) allows every change: what the token may do says nothing
 * about what differs. `serviceAccount` and `removalDeprovisions` are facts about the token, kept either way.
 */
export function permissionsOf(index: LiveIndex, enforce = true): Permissions {
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
  const live = index.live;
  const serviceAccount =
    live.scimUsers !== null ||
    (live.scope.workspaceGids.length > 0 && !live.workspaceMemberships.some((m) => m.userGid === me.gid));
  const removalDeprovisions = (ws: LiveWorkspace, email: string): boolean => {
    if (!serviceAccount || !ws.isOrganization) return false;
    const domain = email.slice(email.lastIndexOf('@') + 1).toLowerCase();
    return ws.emailDomains.length === 0 || ws.emailDomains.some((d) => d.toLowerCase() === domain);
  };
  if (!enforce) {
    const allowed = (): undefined => undefined;
    return {
      serviceAccount,
      removalDeprovisions,
      addToWorkspace: allowed,
      removeFromWorkspace: allowed,
      changeTeam: allowed,
    };
  }
  return {
    serviceAccount,
    removalDeprovisions,
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
      const inTeam = index.teamMembers.get(team)?.get(me.gid);
      // A limited-access member sees only what is shared with them and cannot change the team.
      if (denied || !m || m.isAdmin || (inTeam && !inTeam.isLimitedAccess)) return denied;
      if (inTeam)
        return `the token's user (${me.email}) is a limited-access member of this team, which cannot change its members`;
      return `the token's user (${me.email}) is neither an admin of the organization nor a member of this team`;
    },
  };
}
