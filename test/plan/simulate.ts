// A minimal model of what applying each action does to Asana, on a LiveState, following the rules of
// asana-api.md (a workspace removal drops the user's teams there; deprovisioning drops everything; an
// invitation of a known email adds that account). Property tests apply a plan with it and plan again.
import type { Action, LiveState } from '../../src/model/index.js';

export function applyToLive(live: LiveState, actions: readonly Action[]): LiveState {
  const next: LiveState = structuredClone(live);
  // New gids continue after every gid in use, so applying one action at a time stays consistent.
  let gidSeq =
    1 +
    Math.max(
      50_000,
      ...next.users.map((u) => Number(u.gid)),
      ...(next.scimUsers ?? []).map((s) => Number(s.id)),
    );
  const gidOf = (email: string): string | undefined => next.users.find((u) => u.email === email)?.gid;
  const scimOf = (email: string) => next.scimUsers?.find((s) => s.userName === email);
  const teamsOf = (workspaceGid: string) =>
    new Set(next.teams.filter((t) => t.workspaceGid === workspaceGid).map((t) => t.gid));
  const isViewOnly = (email: string) => /view/.test(scimOf(email)?.userType ?? '');
  const addToWorkspace = (workspaceGid: string, email: string): void => {
    const userGid = gidOf(email)!;
    const existing = next.workspaceMemberships.find(
      (m) => m.workspaceGid === workspaceGid && m.userGid === userGid,
    );
    if (existing) existing.isActive = true;
    else {
      next.workspaceMemberships.push({
        workspaceGid,
        userGid,
        isActive: true,
        isAdmin: false,
        isGuest: !email.endsWith('@acme.example'),
        isViewOnly: isViewOnly(email),
      });
    }
  };
  // A service account (it reads SCIM, or holds no membership) removing a domain user from an
  // organization deprovisions the account, as Asana does.
  const serviceAccount =
    next.scimUsers !== null || !next.workspaceMemberships.some((m) => m.userGid === next.me.gid);
  const deprovisioned = new Set((next.scimUsers ?? []).filter((u) => !u.active).map((u) => u.userName));
  const deprovision = (email: string): void => {
    const gid = gidOf(email);
    const scim = scimOf(email);
    if (scim) scim.active = false;
    deprovisioned.add(email);
    if (gid) {
      next.workspaceMemberships = next.workspaceMemberships.filter((m) => m.userGid !== gid);
      next.teamMemberships = next.teamMemberships.filter((m) => m.userGid !== gid);
    }
  };
  const removeFromWorkspace = (workspaceGid: string, userGid: string): void => {
    const ws = next.workspaces.find((w) => w.gid === workspaceGid)!;
    const email = next.users.find((u) => u.gid === userGid)!.email;
    if (
      serviceAccount &&
      ws.isOrganization &&
      ws.emailDomains.includes(email.slice(email.indexOf('@') + 1))
    ) {
      deprovision(email);
      return;
    }
    const teams = teamsOf(workspaceGid);
    next.workspaceMemberships = next.workspaceMemberships.filter(
      (m) => !(m.workspaceGid === workspaceGid && m.userGid === userGid),
    );
    next.teamMemberships = next.teamMemberships.filter(
      (m) => !(teams.has(m.teamGid) && m.userGid === userGid),
    );
  };

  for (const a of actions) {
    const email = a.user.email;
    if (a.kind === 'create-account') {
      if (gidOf(email) === undefined) {
        const gid = String(gidSeq++);
        next.users.push({ gid, email, name: a.user.name ?? email });
        if (next.scimUsers && email.endsWith('@acme.example')) {
          next.scimUsers.push({
            id: gid,
            userName: email,
            active: true,
            userType: a.via === 'scim' && a.license === 'enterprise' ? 'enterprise' : 'view only',
          });
        }
      }
      // An invitation is a membership; so is a SCIM account of the organization owning its domain.
      if (a.via === 'invite') addToWorkspace(a.workspace.gid, email);
      else {
        const domain = email.slice(email.indexOf('@') + 1);
        const org = next.workspaces.find((w) => w.isOrganization && w.emailDomains.includes(domain));
        if (org) addToWorkspace(org.gid, email);
      }
      continue;
    }
    const t = a.target;
    if (t.type === 'license') {
      const scim = scimOf(email)!;
      if (t.to === 'deprovisioned') {
        deprovision(email);
      } else {
        scim.userType = t.to === 'enterprise' ? 'enterprise' : 'view only';
        for (const m of next.workspaceMemberships)
          if (m.userGid === gidOf(email)) m.isViewOnly = t.to === 'view-only';
      }
      continue;
    }
    if (a.kind === 'grant' && gidOf(email) === undefined) {
      // addUser by email with no account: Asana invites it (a SCIM-only account is found by email).
      const scim = scimOf(email);
      next.users.push({ gid: scim?.id ?? String(gidSeq++), email, name: email });
    }
    const userGid = gidOf(email)!;
    // Asana refuses to give a deprovisioned account access (reactivation is by hand only).
    if (a.kind === 'grant' && deprovisioned.has(email)) throw new Error(`${a.id}: ${email} is deprovisioned`);
    if (t.type === 'workspace') {
      if (a.kind === 'grant') addToWorkspace(t.gid, email);
      else removeFromWorkspace(t.gid, userGid);
    } else if (a.kind === 'grant') {
      const inWorkspace = next.workspaceMemberships.some(
        (m) => m.workspaceGid === t.workspaceGid && m.userGid === userGid && m.isActive,
      );
      // Asana refuses to add a user to a team of an organization they are not in.
      if (!inWorkspace) throw new Error(`${a.id}: ${email} is not in workspace ${t.workspaceGid}`);
      if (!next.teamMemberships.some((m) => m.teamGid === t.gid && m.userGid === userGid)) {
        next.teamMemberships.push({
          teamGid: t.gid,
          userGid,
          isAdmin: false,
          isGuest: false,
          isLimitedAccess: false,
        });
      }
    } else {
      next.teamMemberships = next.teamMemberships.filter(
        (m) => !(m.teamGid === t.gid && m.userGid === userGid),
      );
    }
  }
  return next;
}
