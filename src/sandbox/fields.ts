// Rendering records as Asana does: compact by default, or exactly the `opt_fields` asked for, where
// dotted paths reach into nested objects (`user.email`). `gid` is always present; an asked-for object
// without sub-fields comes back compact. A field Asana does not have is a 400 naming it, so a client
// asking for a misspelt field finds out here rather than in production.
import { ApiError } from './errors.js';
import {
  type DomainState,
  isGuestIn,
  isViewOnly,
  type TeamMembershipRec,
  type TeamRec,
  type UserRec,
  type WorkspaceMembershipRec,
  type WorkspaceRec,
} from './state.js';

export type ResourceKind = 'workspace' | 'user' | 'team' | 'workspace_membership' | 'team_membership';

/** A parsed opt_fields: each name maps to its sub-fields (empty for a leaf). */
export type FieldTree = Map<string, FieldTree>;

/** Who is looking: a user's `workspaces` only lists workspaces the caller shares. */
export interface RenderEnv {
  state: DomainState;
  caller: UserRec;
}

interface FieldDef {
  get: (rec: never, env: RenderEnv) => unknown;
  /** The field holds a record (or list of records) of this kind. */
  ref?: ResourceKind;
  /** Sub-fields of a plain object value (e.g. photo sizes). */
  sub?: string[];
}

interface KindDef {
  compact: string[];
  full: string[];
  fields: Record<string, FieldDef>;
}

const PHOTO_SIZES = [
  'image_21x21',
  'image_27x27',
  'image_36x36',
  'image_60x60',
  'image_128x128',
  'image_1024x1024',
];

/** Fields that name pagination parts, accepted in opt_fields and ignored (Asana lists them too). */
const PAGING_FIELDS = new Set(['offset', 'path', 'uri']);

const field = <T>(get: (rec: T, env: RenderEnv) => unknown, more: Partial<FieldDef> = {}): FieldDef => ({
  get: get as FieldDef['get'],
  ...more,
});

const KINDS: Record<ResourceKind, KindDef> = {
  workspace: {
    compact: ['gid', 'resource_type', 'name'],
    full: ['gid', 'resource_type', 'name', 'email_domains', 'is_organization'],
    fields: {
      gid: field<WorkspaceRec>((w) => w.gid),
      resource_type: field(() => 'workspace'),
      name: field<WorkspaceRec>((w) => w.name),
      email_domains: field<WorkspaceRec>((w) => [...w.emailDomains]),
      is_organization: field<WorkspaceRec>((w) => w.isOrganization),
    },
  },
  user: {
    compact: ['gid', 'resource_type', 'name'],
    full: ['gid', 'resource_type', 'name', 'email', 'photo', 'workspaces'],
    fields: {
      gid: field<UserRec>((u) => u.gid),
      resource_type: field(() => 'user'),
      name: field<UserRec>((u) => u.name),
      email: field<UserRec>((u) => u.email),
      photo: field(() => null, { sub: PHOTO_SIZES }),
      workspaces: field<UserRec>((u, env) => sharedWorkspaces(u, env), { ref: 'workspace' }),
    },
  },
  team: {
    compact: ['gid', 'resource_type', 'name'],
    full: [
      'gid',
      'resource_type',
      'name',
      'description',
      'html_description',
      'organization',
      'permalink_url',
      'visibility',
    ],
    fields: {
      gid: field<TeamRec>((t) => t.gid),
      resource_type: field(() => 'team'),
      name: field<TeamRec>((t) => t.name),
      description: field(() => ''),
      html_description: field(() => '<body></body>'),
      organization: field<TeamRec>((t, env) => env.state.workspaces.get(t.workspaceGid) ?? null, {
        ref: 'workspace',
      }),
      permalink_url: field<TeamRec>((t) => `https://app.asana.com/0/${t.gid}/list`),
      visibility: field<TeamRec>((t) => t.visibility),
    },
  },
  workspace_membership: {
    compact: ['gid', 'resource_type', 'user', 'workspace'],
    full: [
      'gid',
      'resource_type',
      'user',
      'workspace',
      'is_active',
      'is_admin',
      'is_guest',
      'is_view_only',
      'created_at',
    ],
    fields: {
      gid: field<WorkspaceMembershipRec>((m) => m.gid),
      resource_type: field(() => 'workspace_membership'),
      user: field<WorkspaceMembershipRec>((m, env) => env.state.users.get(m.userGid) ?? null, {
        ref: 'user',
      }),
      workspace: field<WorkspaceMembershipRec>((m, env) => env.state.workspaces.get(m.workspaceGid) ?? null, {
        ref: 'workspace',
      }),
      // Deprovisioned users hold no membership, so every membership listed is active.
      is_active: field(() => true),
      is_admin: field<WorkspaceMembershipRec>((m) => m.isAdmin),
      is_guest: field<WorkspaceMembershipRec>((m, env) => membershipGuest(m, env)),
      is_view_only: field<WorkspaceMembershipRec>((m, env) => {
        const user = env.state.users.get(m.userGid);
        return user !== undefined && isViewOnly(user) && !membershipGuest(m, env);
      }),
      created_at: field<WorkspaceMembershipRec>((m) => m.createdAt),
      vacation_dates: field(() => null, { sub: ['start_on', 'end_on'] }),
    },
  },
  team_membership: {
    compact: ['gid', 'resource_type', 'user', 'team', 'is_guest', 'is_limited_access', 'is_admin'],
    full: ['gid', 'resource_type', 'user', 'team', 'is_guest', 'is_limited_access', 'is_admin'],
    fields: {
      gid: field<TeamMembershipRec>((m) => m.gid),
      resource_type: field(() => 'team_membership'),
      user: field<TeamMembershipRec>((m, env) => env.state.users.get(m.userGid) ?? null, { ref: 'user' }),
      team: field<TeamMembershipRec>((m, env) => env.state.teams.get(m.teamGid) ?? null, { ref: 'team' }),
      is_guest: field<TeamMembershipRec>((m, env) => {
        const team = env.state.teams.get(m.teamGid);
        const ws = team && env.state.workspaces.get(team.workspaceGid);
        const user = env.state.users.get(m.userGid);
        return ws !== undefined && user !== undefined && isGuestIn(ws, user);
      }),
      is_limited_access: field<TeamMembershipRec>((m) => m.role === 'limited-access'),
      is_admin: field<TeamMembershipRec>((m) => m.role === 'admin'),
    },
  },
};

function membershipGuest(m: WorkspaceMembershipRec, env: RenderEnv): boolean {
  const ws = env.state.workspaces.get(m.workspaceGid);
  const user = env.state.users.get(m.userGid);
  return ws !== undefined && user !== undefined && isGuestIn(ws, user);
}

/** A user's workspaces that the caller can see too (service accounts see all). */
function sharedWorkspaces(user: UserRec, env: RenderEnv): WorkspaceRec[] {
  const out: WorkspaceRec[] = [];
  for (const ws of env.state.workspaces.items) {
    if (!user.workspaces.has(ws.gid) && !(user.serviceAccount && user === env.caller)) continue;
    if (env.caller.serviceAccount || env.caller.workspaces.has(ws.gid)) out.push(ws);
  }
  return out;
}

const parsed = new Map<string, FieldTree>();

/**
 * Parses and checks `opt_fields` for a kind of record. Undefined when absent (render the defaults).
 * Throws a 400 naming the first unknown field.
 */
export function parseOptFields(kind: ResourceKind, raw: string | null | undefined): FieldTree | undefined {
  if (raw === null || raw === undefined || raw.trim() === '') return undefined;
  const key = `${kind}\u0000${raw}`;
  const cached = parsed.get(key);
  if (cached) return cached;
  const tree: FieldTree = new Map();
  for (const path of raw.split(',')) {
    const parts = path.trim().split('.');
    if (parts.some((p) => p === ''))
      throw new ApiError(400, `opt_fields: "${path.trim()}" is not a valid field path`);
    let node = tree;
    for (const part of parts) {
      let child = node.get(part);
      if (!child) {
        child = new Map();
        node.set(part, child);
      }
      node = child;
    }
  }
  checkTree(kind, tree, '', true);
  if (parsed.size > 500) parsed.clear();
  parsed.set(key, tree);
  return tree;
}

function checkTree(kind: ResourceKind, tree: FieldTree, prefix: string, top: boolean): void {
  const def = KINDS[kind];
  for (const [name, sub] of tree) {
    if (top && PAGING_FIELDS.has(name) && sub.size === 0) continue;
    const f = def.fields[name];
    if (!f) throw new ApiError(400, `opt_fields: "${prefix}${name}" is not a field of ${kind}`);
    if (sub.size === 0) continue;
    if (f.ref) checkTree(f.ref, sub, `${prefix}${name}.`, false);
    else if (f.sub) {
      for (const s of sub.keys()) {
        if (!f.sub.includes(s) || (sub.get(s)?.size ?? 0) > 0) {
          throw new ApiError(400, `opt_fields: "${prefix}${name}.${s}" is not a field of ${kind}`);
        }
      }
    } else throw new ApiError(400, `opt_fields: "${prefix}${name}" of ${kind} has no sub-fields`);
  }
}

/** Renders one record: the fields in `tree`, or the kind's compact/full default set. */
export function render(
  kind: ResourceKind,
  rec: unknown,
  tree: FieldTree | undefined,
  env: RenderEnv,
  defaults: 'compact' | 'full' | readonly string[] = 'compact',
): Record<string, unknown> {
  const def = KINDS[kind];
  const names = tree
    ? ['gid', ...[...tree.keys()].filter((n) => n !== 'gid' && def.fields[n])]
    : typeof defaults === 'string'
      ? def[defaults]
      : defaults;
  const out: Record<string, unknown> = {};
  for (const name of names) {
    const f = def.fields[name]!;
    const value = f.get(rec as never, env);
    const sub = tree?.get(name);
    if (f.ref) {
      const subTree = sub && sub.size > 0 ? sub : undefined;
      if (Array.isArray(value)) out[name] = value.map((v) => render(f.ref!, v, subTree, env));
      else out[name] = value === null ? null : render(f.ref, value, subTree, env);
    } else out[name] = value;
  }
  return out;
}
