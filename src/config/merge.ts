// Per-file trees → one raw configuration. Files merge key by key: the top level, `settings`, `users`,
// `groups`, `workspaces`, each workspace, its `teams`, and `policy` are merged; anything defined twice
// (a setting, a user, a group, a workspace's members or policy, a team, a policy key) is an error
// that names both places. Reading is defensive: values the schema rejected are skipped here (the
// schema check already reported them), so one mistake gives one message.
import type {
  DeclaredLicense,
  MemberRole,
  MembershipMode,
  RevocationLimit,
  SourceLocation,
} from '../model/desired.js';
import { type Diagnostic, formatPlace } from './diagnostic.js';
import { GROUP_PREFIX, isEmail, isGroupName, normalizeEmail } from './emails.js';
import type { Located, LocatedEntry, LocatedMap } from './yaml-tree.js';

export interface Defined<T> {
  value: T;
  at: SourceLocation;
}

/** An entry of a member list as written: an email, `group:NAME`, or `{ user: EMAIL, role: ROLE }`. */
export interface MemberRef {
  /** Lower-cased email, or the group name for group references. */
  name: string;
  isGroup: boolean;
  written: string;
  /** The role of a `{ user, role }` entry; absent for plain entries (role member) and group references. */
  role?: MemberRole;
  /** A `{ user, role }` entry whose role the schema rejected: the membership counts, its role is unknown. */
  badRole?: boolean;
  at: SourceLocation;
}

/** The roles a `{ user, role }` entry may declare in a workspace's and in a team's member list. */
export const WORKSPACE_ROLES: ReadonlySet<string> = new Set<MemberRole>(['member', 'admin']);
export const TEAM_ROLES: ReadonlySet<string> = new Set<MemberRole>(['member', 'admin', 'limited-access']);

export interface RawUser {
  email: string;
  written: string;
  license?: Defined<DeclaredLicense>;
  name?: string;
  /** The value did not conform (the schema check reported it): no follow-up errors about it. */
  malformed: boolean;
  at: SourceLocation;
}

export interface RawGroup {
  name: string;
  members: MemberRef[];
  at: SourceLocation;
}

export interface RawTeam {
  name: string;
  policy?: Defined<MembershipMode>;
  members?: MemberRef[];
  at: SourceLocation;
}

export interface RawWorkspace {
  ref: string;
  policy?: Defined<MembershipMode>;
  members?: Defined<MemberRef[]>;
  teams: RawTeam[];
  /** Some file's entry for it did not conform: no follow-up errors about its members. */
  malformed: boolean;
  at: SourceLocation;
}

export interface RawAccept {
  email: string;
  workspace?: Defined<string>;
  team?: Defined<string>;
  license: boolean;
  reason: string;
  until: Defined<string>;
  at: SourceLocation;
}

export interface RawConfig {
  settings: {
    defaultWorkspace?: Defined<string>;
    manageLicenses?: Defined<boolean>;
    newAccountLicense?: Defined<'view-only' | 'enterprise'>;
  };
  /** Settings present but invalid (reported by the schema): checks that depend on them are skipped. */
  invalidSettings: Set<string>;
  /** By lower-cased email. */
  users: Map<string, RawUser>;
  groups: Map<string, RawGroup>;
  workspaces: RawWorkspace[];
  policy: {
    membership?: Defined<MembershipMode>;
    revocationLimit?: Defined<RevocationLimit>;
    protected?: Defined<MemberRef[]>;
    ignore?: Defined<Defined<string>[]>;
  };
  accept: RawAccept[];
}

export interface FileTree {
  file: string;
  root: Located;
}

const LICENSES = new Set<string>(['enterprise', 'view-only', 'none']);
const MODES = new Set<string>(['authoritative', 'additive']);
const WORKSPACE_KEYS = new Set<string>(['policy', 'members', 'teams']);

/** Workspace and team names are matched like Asana shows them: trimmed, case-insensitive. */
export function nameKey(name: string): string {
  return name.trim().toLowerCase();
}

export function mergeFiles(trees: readonly FileTree[]): { config: RawConfig; diagnostics: Diagnostic[] } {
  const config: RawConfig = {
    settings: {},
    invalidSettings: new Set(),
    users: new Map(),
    groups: new Map(),
    workspaces: [],
    policy: {},
    accept: [],
  };
  const diagnostics: Diagnostic[] = [];
  const workspaceIndex = new Map<string, RawWorkspace>();

  const conflict = (at: SourceLocation, code: string, message: string, first: SourceLocation) => {
    diagnostics.push({
      file: at.file,
      line: at.line,
      col: at.col,
      severity: 'error',
      code,
      message: `${message} is already defined at ${formatPlace(first.file, first)}`,
    });
  };

  for (const { file, root } of trees) {
    if (root.kind !== 'map') continue;
    const loc = (e: { pos: { line: number; col: number } }): SourceLocation => ({ file, ...e.pos });
    const keyLoc = (e: LocatedEntry): SourceLocation => ({ file, ...e.keyPos });

    for (const e of entriesOf(root.entries.get('settings')?.value)) {
      const v = e.value;
      const at = keyLoc(e);
      let value: unknown;
      if (e.key === 'defaultWorkspace' && typeof scalar(v) === 'string' && scalar(v) !== '')
        value = scalar(v);
      else if (e.key === 'manageLicenses' && typeof scalar(v) === 'boolean') value = scalar(v);
      else if (e.key === 'newAccountLicense' && (scalar(v) === 'view-only' || scalar(v) === 'enterprise')) {
        value = scalar(v);
      } else {
        config.invalidSettings.add(e.key);
        continue;
      }
      const key = e.key as keyof RawConfig['settings'];
      const first = config.settings[key];
      if (first) conflict(at, 'conflict', `setting '${e.key}'`, first.at);
      else (config.settings as Record<string, Defined<unknown>>)[key] = { value, at };
    }

    for (const e of entriesOf(root.entries.get('users')?.value)) {
      if (!isEmail(e.key)) continue;
      const email = normalizeEmail(e.key);
      const at = keyLoc(e);
      const first = config.users.get(email);
      if (first) {
        const message =
          first.written === e.key
            ? `user '${e.key}' is already declared at ${formatPlace(first.at.file, first.at)}`
            : `user '${e.key}' is already declared as '${first.written}' at ${formatPlace(first.at.file, first.at)} (emails are compared case-insensitively)`;
        diagnostics.push({ file, ...e.keyPos, severity: 'error', code: 'duplicate-user', message });
        continue;
      }
      const user: RawUser = { email, written: e.key, at, malformed: false };
      const v = e.value;
      if (v.kind === 'scalar' && typeof v.value === 'string' && LICENSES.has(v.value)) {
        user.license = { value: v.value as DeclaredLicense, at: loc(v) };
      } else if (v.kind === 'map') {
        const lic = v.entries.get('license')?.value;
        const l = scalar(lic);
        if (lic && typeof l === 'string' && LICENSES.has(l))
          user.license = { value: l as DeclaredLicense, at: loc(lic) };
        else if (lic) user.malformed = true;
        const name = scalar(v.entries.get('name')?.value);
        if (typeof name === 'string' && name !== '') user.name = name;
        if ([...v.entries.keys()].some((k) => k !== 'license' && k !== 'name')) user.malformed = true;
      } else if (!(v.kind === 'scalar' && v.value === null)) {
        user.malformed = true;
      }
      config.users.set(email, user);
    }

    for (const e of entriesOf(root.entries.get('groups')?.value)) {
      if (!isGroupName(e.key)) continue;
      const at = keyLoc(e);
      const first = config.groups.get(e.key);
      if (first) {
        conflict(at, 'conflict', `group '${e.key}'`, first.at);
        continue;
      }
      config.groups.set(e.key, { name: e.key, members: memberRefs(file, e.value), at });
    }

    for (const e of entriesOf(root.entries.get('workspaces')?.value)) {
      if (e.key.trim() === '') continue;
      const at = keyLoc(e);
      let ws = workspaceIndex.get(nameKey(e.key));
      if (!ws) {
        ws = { ref: e.key, teams: [], at, malformed: false };
        workspaceIndex.set(nameKey(e.key), ws);
        config.workspaces.push(ws);
      }
      const wsMap = e.value;
      if (wsMap.kind !== 'map') {
        ws.malformed = true;
        continue;
      }
      const members = wsMap.entries.get('members');
      if (
        [...wsMap.entries.keys()].some((k) => !WORKSPACE_KEYS.has(k)) ||
        (members !== undefined && members.value.kind !== 'seq')
      ) {
        ws.malformed = true;
      }
      const policy = modeOf(wsMap.entries.get('policy'), file);
      if (policy) {
        if (ws.policy) conflict(policy.at, 'conflict', `the policy of workspace '${ws.ref}'`, ws.policy.at);
        else ws.policy = policy;
      }
      if (members && members.value.kind === 'seq') {
        const at2 = keyLoc(members);
        if (ws.members) conflict(at2, 'conflict', `the member list of workspace '${ws.ref}'`, ws.members.at);
        else ws.members = { value: memberRefs(file, members.value, WORKSPACE_ROLES), at: at2 };
      }
      for (const t of entriesOf(wsMap.entries.get('teams')?.value)) {
        if (t.key.trim() === '' || t.value.kind !== 'map') continue;
        const tAt = keyLoc(t);
        const first = ws.teams.find((x) => nameKey(x.name) === nameKey(t.key));
        if (first) {
          conflict(tAt, 'conflict', `team '${t.key}' of workspace '${ws.ref}'`, first.at);
          continue;
        }
        const team: RawTeam = { name: t.key, at: tAt };
        const tPolicy = modeOf(t.value.entries.get('policy'), file);
        if (tPolicy) team.policy = tPolicy;
        const tMembers = t.value.entries.get('members')?.value;
        if (tMembers?.kind === 'seq') team.members = memberRefs(file, tMembers, TEAM_ROLES);
        ws.teams.push(team);
      }
    }

    for (const e of entriesOf(root.entries.get('policy')?.value)) {
      const at = keyLoc(e);
      const key = e.key as keyof RawConfig['policy'];
      let value: Defined<unknown> | undefined;
      if (key === 'membership') value = modeOf(e, file);
      else if (key === 'revocationLimit') value = revocationLimitOf(e, file);
      else if (key === 'protected' && e.value.kind === 'seq') {
        value = { value: memberRefs(file, e.value).filter((m) => !m.isGroup), at };
      } else if (key === 'ignore' && e.value.kind === 'seq') {
        const patterns = e.value.items.flatMap((item) => {
          const s = scalar(item);
          return typeof s === 'string' && s !== '' && !/\s/.test(s) ? [{ value: s, at: loc(item) }] : [];
        });
        value = { value: patterns, at };
      }
      if (!value) continue;
      const first = config.policy[key];
      if (first) conflict(at, 'conflict', `policy '${e.key}'`, first.at);
      else (config.policy as Record<string, Defined<unknown>>)[key] = value;
    }

    const accept = root.entries.get('accept')?.value;
    if (accept?.kind === 'seq') {
      for (const item of accept.items) {
        const a = acceptOf(file, item);
        if (a) config.accept.push(a);
      }
    }
  }
  return { config, diagnostics };
}

function entriesOf(node: Located | undefined): LocatedEntry[] {
  return node?.kind === 'map' ? [...node.entries.values()] : [];
}

function scalar(node: Located | undefined): string | number | boolean | null | undefined {
  return node?.kind === 'scalar' ? node.value : undefined;
}

function modeOf(e: LocatedEntry | undefined, file: string): Defined<MembershipMode> | undefined {
  const v = scalar(e?.value);
  if (!e || typeof v !== 'string' || !MODES.has(v)) return undefined;
  return { value: v as MembershipMode, at: { file, ...e.keyPos } };
}

function revocationLimitOf(e: LocatedEntry, file: string): Defined<RevocationLimit> | undefined {
  if (e.value.kind !== 'map') return undefined;
  const limit: RevocationLimit = {};
  const count = scalar(e.value.entries.get('count')?.value);
  const percent = scalar(e.value.entries.get('percent')?.value);
  if (typeof count === 'number' && Number.isInteger(count) && count >= 0) limit.count = count;
  if (typeof percent === 'number' && percent >= 0 && percent <= 100) limit.percent = percent;
  if (limit.count === undefined && limit.percent === undefined) return undefined;
  return { value: limit, at: { file, ...e.keyPos } };
}

/**
 * The valid entries of a member list (invalid ones were reported by the schema). `roles`: the roles a
 * `{ user, role }` entry may declare here; without it (groups, protected) such entries are not read.
 */
function memberRefs(file: string, node: Located, roles?: ReadonlySet<string>): MemberRef[] {
  if (node.kind !== 'seq') return [];
  const out: MemberRef[] = [];
  for (const item of node.items) {
    const at = { file, ...item.pos };
    if (item.kind === 'map') {
      if (roles) {
        const ref = roleEntry(item, roles, at);
        if (ref) out.push(ref);
      }
      continue;
    }
    if (item.kind !== 'scalar' || typeof item.value !== 'string') continue;
    const written = item.value;
    if (written.startsWith(GROUP_PREFIX)) {
      const name = written.slice(GROUP_PREFIX.length);
      if (isGroupName(name)) out.push({ name, isGroup: true, written, at });
    } else if (isEmail(written)) {
      out.push({ name: normalizeEmail(written), isGroup: false, written, at });
    }
  }
  return out;
}

/**
 * `{ user: EMAIL, role: ROLE }`. An entry whose user is not an email is skipped; one whose role is
 * not allowed here still counts as a membership (so its teams raise no follow-up errors), marked badRole.
 */
function roleEntry(item: LocatedMap, roles: ReadonlySet<string>, at: SourceLocation): MemberRef | undefined {
  const user = scalar(item.entries.get('user')?.value);
  if (typeof user !== 'string' || !isEmail(user)) return undefined;
  const ref: MemberRef = { name: normalizeEmail(user), isGroup: false, written: user, at };
  const role = scalar(item.entries.get('role')?.value);
  const known = [...item.entries.keys()].every((k) => k === 'user' || k === 'role');
  if (typeof role === 'string' && roles.has(role) && known) ref.role = role as MemberRole;
  else ref.badRole = true;
  return ref;
}

function acceptOf(file: string, node: Located): RawAccept | undefined {
  if (node.kind !== 'map') return undefined;
  const m: LocatedMap = node;
  const get = (k: string) => m.entries.get(k);
  const user = scalar(get('user')?.value);
  const reason = scalar(get('reason')?.value);
  const until = get('until');
  const untilValue = scalar(until?.value);
  const ws = get('workspace');
  const team = get('team');
  const license = scalar(get('license')?.value) === true;
  const wsValue = scalar(ws?.value);
  const teamValue = scalar(team?.value);
  if (typeof user !== 'string' || !isEmail(user) || typeof reason !== 'string' || reason === '')
    return undefined;
  if (!until || typeof untilValue !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(untilValue)) return undefined;
  if (license === (ws !== undefined)) return undefined;
  if (ws && (typeof wsValue !== 'string' || wsValue === '')) return undefined;
  if (team && (!ws || typeof teamValue !== 'string' || teamValue === '')) return undefined;
  const out: RawAccept = {
    email: normalizeEmail(user),
    license,
    reason,
    until: { value: untilValue, at: { file, ...until.value.pos } },
    at: { file, ...node.pos },
  };
  if (ws && typeof wsValue === 'string') out.workspace = { value: wsValue, at: { file, ...ws.value.pos } };
  if (team && typeof teamValue === 'string') out.team = { value: teamValue, at: { file, ...team.value.pos } };
  return out;
}
