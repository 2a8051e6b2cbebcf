// LiveState → configuration YAML (schemas/config.schema.json), for `export`: what exists, written so
// that it loads without errors and, planned against the same domain, gives no action and no role
// item. Memberships are exported authoritative, with their roles (workspace and team admins,
// limited-access team members); what the format cannot say (guests, members without a usable email)
// is said in comments and kept out of harm's way with `policy.ignore`.
import { Document, isMap, isSeq, type Node, type YAMLMap } from 'yaml';
import type {
  LiveScimUser,
  LiveState,
  LiveTeam,
  LiveTeamMembership,
  LiveUser,
  LiveWorkspace,
  LiveWorkspaceMembership,
  MemberRole,
} from '../model/index.js';

/** The schema's email pattern (schemas/config.schema.json `definitions.email`). */
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/u;

export interface ExportOptions {
  toolVersion: string;
  /** ISO time written in the header. */
  generatedAt: string;
  baseUrl: string;
}

export interface ExportResult {
  yaml: string;
  /** One line each, for stderr: what the export could not express faithfully. */
  warnings: string[];
  counts: { users: number; workspaces: number; teams: number; ignored: number };
}

type License = 'enterprise' | 'view-only' | 'none';

interface ExportUser {
  email: string;
  name: string;
  license?: License;
  /** Why the license is a stand-in (not a SCIM user). */
  licenseNote?: string;
}

export function liveStateToConfig(state: LiveState, options: ExportOptions): ExportResult {
  const warnings: string[] = [];
  const scim = state.scimUsers !== null;
  const usersByGid = new Map<string, LiveUser>(state.users.map((u) => [u.gid, u]));
  const usersByEmail = new Map<string, LiveUser>(state.users.map((u) => [u.email, u]));
  const scimByEmail = new Map<string, LiveScimUser>();
  for (const s of state.scimUsers ?? []) scimByEmail.set(s.userName, s);
  const licenseOf = (email: string): License | undefined => {
    const s = scimByEmail.get(email);
    if (!s) return undefined;
    if (!s.active) return 'none';
    return /view/i.test(s.userType) ? 'view-only' : 'enterprise';
  };

  /** email → why it cannot be declared (it goes to policy.ignore instead). */
  const ignored = new Map<string, string>();
  const ignore = (email: string, why: string): void => {
    if (!ignored.has(email)) ignored.set(email, why);
  };

  const scopedWs = new Set(state.scope.workspaceGids);
  const scopedTeams = new Set(state.scope.teamGids);
  const workspaces = state.workspaces.filter((w) => scopedWs.has(w.gid)).sort(byName);
  const nameCount = countBy(state.workspaces, (w) => w.name);

  const declared = new Map<string, ExportUser>();
  const noteUser = (u: LiveUser): string | undefined => {
    if (!EMAIL.test(u.email)) return undefined;
    if (!declared.has(u.email)) declared.set(u.email, { email: u.email, name: u.name });
    return u.email;
  };

  interface TargetOut {
    members: string[];
    /** The role of each member who is not a plain member. */
    roles: Map<string, MemberRole>;
    /** Members the config cannot name: the target must stay additive so they are not removed. */
    unnamed: number;
  }
  const collect = (held: { gid: string; role: MemberRole }[], where: string): TargetOut => {
    const members = new Set<string>();
    const roles = new Map<string, MemberRole>();
    let unnamed = 0;
    for (const { gid, role } of held) {
      const u = usersByGid.get(gid);
      if (!u || u.email === '') {
        unnamed++;
        continue;
      }
      if (!EMAIL.test(u.email)) {
        ignore(u.email, `not an email the config format accepts (member of ${where})`);
        continue;
      }
      members.add(u.email);
      if (role !== 'member') roles.set(u.email, role);
    }
    if (unnamed > 0) {
      warnings.push(
        `${where} has ${unnamed} member(s) whose email Asana does not show: exported as additive so they are not removed`,
      );
    }
    return { members: [...members].sort(), roles, unnamed };
  };

  interface WorkspaceOut {
    key: string;
    ws: LiveWorkspace;
    out: TargetOut;
    teams: Array<{ team: LiveTeam; out: TargetOut }>;
    skippedTeams: string[];
  }
  const wsOut: WorkspaceOut[] = [];
  // Grouped once: a domain may hold thousands of teams and a hundred thousand team memberships.
  const teamMembers = new Map<string, { gid: string; role: MemberRole }[]>();
  for (const m of state.teamMemberships) {
    const held = { gid: m.userGid, role: teamRole(m) };
    const list = teamMembers.get(m.teamGid);
    if (list) list.push(held);
    else teamMembers.set(m.teamGid, [held]);
  }
  for (const ws of workspaces) {
    // A name shared by two workspaces cannot be resolved: such a workspace is keyed by its gid.
    const key = ws.name !== '' && nameCount.get(ws.name) === 1 ? ws.name : ws.gid;
    const where = `workspace ${ws.name} (${ws.gid})`;
    const activeMembers = state.workspaceMemberships.filter((m) => m.workspaceGid === ws.gid && m.isActive);
    const out = collect(
      activeMembers.map((m) => ({ gid: m.userGid, role: workspaceRole(m) })),
      where,
    );
    const memberSet = new Set(out.members);
    const teamsHere = state.teams
      .filter((t) => t.workspaceGid === ws.gid && scopedTeams.has(t.gid))
      .sort(byName);
    const teamNameCount = countBy(
      state.teams.filter((t) => t.workspaceGid === ws.gid),
      (t) => t.name,
    );
    const teams: WorkspaceOut['teams'] = [];
    const skippedTeams: string[] = [];
    for (const team of teamsHere) {
      if (team.name === '' || teamNameCount.get(team.name) !== 1) {
        skippedTeams.push(`${team.name} (${team.gid})`);
        warnings.push(
          `team "${team.name}" (${team.gid}) in ${where} shares its name with another team: not exported (a config names teams by name)`,
        );
        continue;
      }
      const teamWhere = `team ${team.name} (${team.gid}) of ${where}`;
      const t = collect(teamMembers.get(team.gid) ?? [], teamWhere);
      // The format requires every team member to be a workspace member.
      for (const email of t.members) {
        if (!memberSet.has(email))
          ignore(email, `member of ${teamWhere} but not an active member of the workspace`);
      }
      teams.push({ team, out: t });
    }
    wsOut.push({ key, ws, out, teams, skippedTeams });
  }

  // Every member needs a users entry; so does every SCIM user (its license is managed).
  for (const m of state.workspaceMemberships) {
    if (m.isActive && scopedWs.has(m.workspaceGid)) {
      const u = usersByGid.get(m.userGid);
      if (u) noteUser(u);
    }
  }
  for (const m of state.teamMemberships) {
    const u = usersByGid.get(m.userGid);
    if (u && scopedTeams.has(m.teamGid)) noteUser(u);
  }
  if (scim) {
    for (const s of state.scimUsers ?? []) {
      if (!EMAIL.test(s.userName)) {
        ignore(s.userName, 'its SCIM userName is not an email the config format accepts');
        continue;
      }
      if (!declared.has(s.userName)) {
        // The name, when REST met the account (e.g. an inactive membership); SCIM names are not kept.
        const name = usersByEmail.get(s.userName)?.name ?? '';
        declared.set(s.userName, { email: s.userName, name });
      }
    }
    for (const u of declared.values()) {
      const license = licenseOf(u.email);
      if (license !== undefined) u.license = license;
      else {
        // Not a SCIM user (a guest, or an account outside the domain): it holds no license, and the
        // format needs one when licenses are managed; view-only is the one that matches it in a plan.
        u.license = 'view-only';
        u.licenseNote = 'not a SCIM user (guest?): holds no license; view-only matches';
      }
    }
    // A deprovisioned account that is still a member cannot be declared (license none forbids it).
    for (const w of wsOut) {
      for (const email of [...w.out.members, ...w.teams.flatMap((t) => t.out.members)]) {
        if (declared.get(email)?.license === 'none') {
          ignore(email, 'deprovisioned in SCIM but still a member');
        }
      }
    }
  }
  for (const email of ignored.keys()) declared.delete(email);
  for (const [email, why] of ignored) warnings.push(`${email}: ${why}; added to policy.ignore`);
  /** A member list: plain emails, and `{ user, role }` for the roles the plan would otherwise list. */
  const keep = (out: TargetOut) =>
    out.members
      .filter((e) => !ignored.has(e))
      .map((e) => {
        const role = out.roles.get(e);
        return role === undefined ? e : { user: e, role };
      });

  const admins = new Set<string>();
  for (const m of state.workspaceMemberships) {
    if (!m.isActive || !m.isAdmin || !scopedWs.has(m.workspaceGid)) continue;
    const email = usersByGid.get(m.userGid)?.email;
    if (email && declared.has(email) && declared.get(email)?.license !== 'none') admins.add(email);
  }
  const me = state.me.email;
  if (declared.has(me) && declared.get(me)?.license !== 'none') admins.add(me);

  // ---- the document ----
  const users: Record<string, unknown> = {};
  for (const u of [...declared.values()].sort((a, b) => cmp(a.email, b.email))) {
    const entry: Record<string, unknown> = {};
    if (u.license !== undefined) entry.license = u.license;
    if (u.name.trim() !== '') entry.name = u.name;
    users[u.email] = Object.keys(entry).length === 0 ? null : entry;
  }
  const workspacesOut: Record<string, unknown> = {};
  for (const w of wsOut) {
    const body: Record<string, unknown> = {};
    if (w.out.unnamed > 0) body.policy = 'additive';
    body.members = keep(w.out);
    if (w.teams.length > 0) {
      const teams: Record<string, unknown> = {};
      for (const t of w.teams) {
        teams[t.team.name] = {
          // Teams do not inherit the workspace's policy: each says its own.
          ...(t.out.unnamed > 0 ? { policy: 'additive' } : {}),
          members: keep(t.out),
        };
      }
      body.teams = teams;
    }
    workspacesOut[w.key] = body;
  }
  const defaultWs = wsOut.find((w) => w.ws.isOrganization) ?? wsOut[0];
  const settings: Record<string, unknown> = {};
  if (defaultWs) settings.defaultWorkspace = defaultWs.key;
  settings.manageLicenses = scim;
  const policy: Record<string, unknown> = { membership: 'authoritative' };
  if (admins.size > 0) policy.protected = [...admins].sort();
  if (ignored.size > 0) policy.ignore = [...ignored.keys()].sort();

  const doc = new Document({
    version: 1,
    settings,
    users,
    workspaces: workspacesOut,
    policy,
  });
  doc.commentBefore = [
    ` Exported from Asana by asana-access ${options.toolVersion} at ${options.generatedAt}`,
    ` from ${options.baseUrl} as ${state.me.email || state.me.gid}.`,
    ' Memberships are authoritative: `apply` removes members that are not listed. Review before applying.',
    ' Roles are declared as { user, role }: workspace admins, team admins, limited-access team members.',
    " Guests are plain members here: Asana makes guests of emails outside the organization's domains.",
    scim
      ? ' Licenses come from SCIM: enterprise, view-only, or none (deprovisioned).'
      : ' Licenses were not read (export --scim with a service-account token reads them).',
  ].join('\n');

  // Compact one-line user entries and notes where the format cannot say everything.
  const usersNode = doc.get('users', true) as YAMLMap | undefined;
  if (isMap(usersNode)) {
    for (const pair of usersNode.items) {
      const email = String((pair.key as { value?: unknown }).value ?? pair.key);
      const value = pair.value as Node | null;
      if (isMap(value)) value.flow = true;
      const u = declared.get(email);
      if (u?.licenseNote && value) value.comment = ` ${u.licenseNote}`;
    }
  }
  for (const w of wsOut) {
    const node = doc.getIn(['workspaces', w.key], true) as YAMLMap | undefined;
    if (!isMap(node)) continue;
    flowEntries(doc.getIn(['workspaces', w.key, 'members'], true));
    for (const t of w.teams)
      flowEntries(doc.getIn(['workspaces', w.key, 'teams', t.team.name, 'members'], true));
    const notes = [`${w.ws.name} (gid ${w.ws.gid})${w.ws.isOrganization ? ', an organization' : ''}`];
    if (w.out.unnamed > 0) notes.push(`additive: ${w.out.unnamed} member(s) have no email Asana shows`);
    if (w.skippedTeams.length > 0) notes.push(`not exported (duplicate names): ${w.skippedTeams.join(', ')}`);
    node.commentBefore = notes.map((n) => ` ${n}`).join('\n');
    for (const t of w.teams) {
      const tn = doc.getIn(['workspaces', w.key, 'teams', t.team.name], true) as YAMLMap | undefined;
      if (isMap(tn)) tn.commentBefore = ` gid ${t.team.gid}`;
    }
  }
  const ignoreNode = doc.getIn(['policy', 'ignore'], true);
  if (isSeq(ignoreNode)) {
    ignoreNode.commentBefore = [...ignored]
      .sort(([a], [b]) => cmp(a, b))
      .map(([email, why]) => ` ${email}: ${why}`)
      .join('\n');
  }

  return {
    yaml: doc.toString({ lineWidth: 0 }),
    warnings,
    counts: {
      users: declared.size,
      workspaces: wsOut.length,
      teams: wsOut.reduce((n, w) => n + w.teams.length, 0),
      ignored: ignored.size,
    },
  };
}

function workspaceRole(m: LiveWorkspaceMembership): MemberRole {
  return m.isAdmin ? 'admin' : 'member';
}

/** As the plan reads it: an admin who is also marked limited-access is an admin. */
function teamRole(m: LiveTeamMembership): MemberRole {
  return m.isAdmin ? 'admin' : m.isLimitedAccess ? 'limited-access' : 'member';
}

/** `{ user, role }` entries on one line each, like the plain emails around them. */
function flowEntries(list: unknown): void {
  if (!isSeq(list)) return;
  for (const item of list.items) if (isMap(item)) item.flow = true;
}

function countBy<T>(items: T[], key: (t: T) => string): Map<string, number> {
  const m = new Map<string, number>();
  for (const i of items) m.set(key(i), (m.get(key(i)) ?? 0) + 1);
  return m;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function byName<T extends { name: string; gid: string }>(a: T, b: T): number {
  return cmp(a.name, b.name) || cmp(a.gid, b.gid);
}
