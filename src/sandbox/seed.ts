// Loads and validates a seed. A bad seed fails with one SeedError that lists every problem as
// `file:line:col path: message`, so the author can fix them all in one go.
import { readFileSync, statSync } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import type { Seed } from './seed-types.js';

export class SeedError extends Error {
  constructor(
    message: string,
    readonly problems: string[],
  ) {
    super(message);
    this.name = 'SeedError';
  }
}

type Path = (string | number)[];
interface Problem {
  path: Path;
  message: string;
}

const GID_RE = /^[1-9][0-9]{0,15}$/;
export const EMAIL_RE = /^[^\s@"<>(),;:]+@[a-z0-9-]+(\.[a-z0-9-]+)+$/i;
const DOMAIN_RE = /^[a-z0-9-]+(\.[a-z0-9-]+)+$/i;

/**
 * Seed files above this size are refused before they are read: parsing them would take minutes. A
 * 20,000-user domain is about 3 MB of YAML; larger domains are built in code (generateDomain).
 */
export const MAX_SEED_BYTES = 20 * 1024 * 1024;

/** Reads a YAML seed file and validates it. Throws SeedError naming file, line and field. */
export function loadSeed(file: string): Seed {
  let text: string;
  try {
    const info = statSync(file);
    if (!info.isFile() && !info.isDirectory()) {
      // A device or pipe (/dev/zero, say) would be read without end.
      throw new SeedError(`${file}: cannot read the seed: not a regular file`, ['not a regular file']);
    }
    const size = info.size;
    if (size > MAX_SEED_BYTES) {
      const reason = `the file is too large (${(size / 1024 / 1024).toFixed(1)} MB; the limit is ${MAX_SEED_BYTES / 1024 / 1024} MB)`;
      throw new SeedError(`${file}: cannot read the seed: ${reason}`, [reason]);
    }
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if (err instanceof SeedError) throw err;
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message;
    throw new SeedError(`${file}: cannot read the seed: ${reason}`, [reason]);
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    const lines = doc.errors.map((e) => {
      const pos = e.linePos?.[0];
      return `${file}:${pos ? `${pos.line}:${pos.col}` : '1:1'} ${e.message.split('\n')[0]}`;
    });
    throw new SeedError(`invalid seed YAML:\n  ${lines.join('\n  ')}`, lines);
  }
  const locate = (path: Path): string => {
    // The deepest node that exists on the path: a missing field is reported at its parent.
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
      if (node && typeof node === 'object' && node.range) {
        const pos = lineCounter.linePos(node.range[0]);
        return `${file}:${pos.line}:${pos.col}`;
      }
    }
    return `${file}:1:1`;
  };
  let value: unknown;
  try {
    value = doc.toJS();
  } catch (err) {
    // The yaml library refuses to expand aliases past a limit ("billion laughs"): one clear error.
    const reason = (err as Error).message.split('\n')[0]!;
    throw new SeedError(`${file}: cannot read the seed: ${reason} (a YAML alias bomb?)`, [reason]);
  }
  return validateSeed(value, locate);
}

/**
 * Checks a parsed seed (from YAML or built in code) and returns it typed. `locate` turns a field path
 * into a `file:line:col` prefix; without it problems are reported as `seed <path>`.
 */
export function validateSeed(value: unknown, locate?: (path: Path) => string): Seed {
  const problems = checkSeed(value);
  if (problems.length > 0) {
    const lines = problems.map(
      (p) => `${locate ? locate(p.path) : 'seed'} ${formatPath(p.path)}: ${p.message}`,
    );
    const shown = lines.slice(0, 20);
    const more = lines.length > shown.length ? `\n  (and ${lines.length - shown.length} more)` : '';
    throw new SeedError(
      `invalid seed (${lines.length} problem${lines.length === 1 ? '' : 's'}):\n  ${shown.join('\n  ')}${more}`,
      lines,
    );
  }
  return value as Seed;
}

function formatPath(path: Path): string {
  if (path.length === 0) return '(root)';
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function checkSeed(root: unknown): Problem[] {
  const problems: Problem[] = [];
  const bad = (path: Path, message: string): void => {
    problems.push({ path, message });
  };
  if (!isObject(root)) {
    bad([], 'a seed must be a mapping with plan, tokens, users and workspaces');
    return problems;
  }
  const onlyKeys = (obj: Record<string, unknown>, path: Path, allowed: string[]) => {
    for (const key of Object.keys(obj)) {
      if (!allowed.includes(key)) bad([...path, key], `unknown field (allowed: ${allowed.join(', ')})`);
    }
  };
  onlyKeys(root, [], ['version', 'domain', 'plan', 'nextGid', 'tokens', 'users', 'workspaces']);
  if (root.version !== undefined && root.version !== 1) bad(['version'], 'must be 1');
  if (root.domain !== undefined && typeof root.domain !== 'string') bad(['domain'], 'must be a string');
  if (!['free', 'premium', 'enterprise'].includes(root.plan as string)) {
    bad(['plan'], 'required: free, premium or enterprise');
  }

  // Paths are formatted only for a duplicate: big generated seeds hold 100,000+ gids.
  const gids = new Map<string, Path>();
  const checkGid = (v: unknown, path: Path) => {
    if (v === undefined) return;
    if (typeof v !== 'string' || !GID_RE.test(v)) {
      bad(path, 'a gid must be a string of 1 to 16 digits, e.g. "1200000000000101"');
      return;
    }
    const first = gids.get(v);
    if (first) bad(path, `gid ${v} is already used by ${formatPath(first)}`);
    else gids.set(v, path);
  };
  if (root.nextGid !== undefined && (typeof root.nextGid !== 'string' || !GID_RE.test(root.nextGid))) {
    bad(['nextGid'], 'must be a string of 1 to 16 digits');
  }

  // Users first: everything else refers to them by email.
  const users = new Map<string, { active: boolean; index: number }>();
  const orgDomains = new Set<string>();
  const workspacesRaw = Array.isArray(root.workspaces) ? root.workspaces : [];
  for (const ws of workspacesRaw) {
    if (isObject(ws) && ws.organization === true && Array.isArray(ws.emailDomains)) {
      for (const d of ws.emailDomains) if (typeof d === 'string') orgDomains.add(d.toLowerCase());
    }
  }
  if (!Array.isArray(root.users)) bad(['users'], 'required: a list of users');
  else
    root.users.forEach((u, i) => {
      const path: Path = ['users', i];
      if (!isObject(u)) {
        bad(path, 'must be a mapping with at least an email');
        return;
      }
      onlyKeys(u, path, ['gid', 'email', 'name', 'license', 'active']);
      checkGid(u.gid, [...path, 'gid']);
      if (typeof u.email !== 'string' || !EMAIL_RE.test(u.email)) {
        bad([...path, 'email'], 'required: an email address');
        return;
      }
      const email = u.email.toLowerCase();
      const dup = users.get(email);
      if (dup) bad([...path, 'email'], `${u.email} is already users[${dup.index}]`);
      if (u.name !== undefined && (typeof u.name !== 'string' || u.name.trim() === '')) {
        bad([...path, 'name'], 'must be a non-empty string');
      }
      if (u.license !== undefined) {
        if (u.license !== 'enterprise' && u.license !== 'view-only') {
          bad([...path, 'license'], 'must be enterprise or view-only');
        } else if (!orgDomains.has(emailDomain(email))) {
          bad(
            [...path, 'license'],
            `${u.email} is outside the organizations' email domains (a guest): guests hold no license`,
          );
        }
      }
      if (u.active !== undefined && typeof u.active !== 'boolean')
        bad([...path, 'active'], 'must be true or false');
      if (!dup) users.set(email, { active: u.active !== false, index: i });
    });

  const memberRef = (v: unknown, path: Path): string | undefined => {
    const user = typeof v === 'string' ? users.get(v.toLowerCase()) : undefined;
    if (!user) {
      if (typeof v !== 'string' || !EMAIL_RE.test(v))
        bad(path, 'required: the email of a user listed under users');
      else bad(path, `${v} is not listed under users`);
      return undefined;
    }
    if (!user.active) {
      bad(path, `${v as string} is deprovisioned (active: false) and cannot hold memberships`);
      return undefined;
    }
    return (v as string).toLowerCase();
  };

  if (!Array.isArray(root.tokens) || root.tokens.length === 0)
    bad(['tokens'], 'required: at least one token');
  else {
    const names = new Set<string>();
    const values = new Set<string>();
    root.tokens.forEach((t, i) => {
      const path: Path = ['tokens', i];
      if (!isObject(t)) {
        bad(path, 'must be a mapping with name, value and kind');
        return;
      }
      if (typeof t.name !== 'string' || t.name === '') bad([...path, 'name'], 'required: a label');
      else if (names.has(t.name)) bad([...path, 'name'], `token name ${t.name} is used twice`);
      else names.add(t.name);
      if (typeof t.value !== 'string' || !/^\S{8,}$/.test(t.value)) {
        bad([...path, 'value'], 'required: at least 8 characters, no spaces');
      } else if (values.has(t.value)) bad([...path, 'value'], 'this token value is used twice');
      else values.add(t.value);
      if (t.kind === 'pat') {
        onlyKeys(t, path, ['name', 'value', 'kind', 'user']);
        if (typeof t.user !== 'string' || !users.has(t.user.toLowerCase())) {
          bad([...path, 'user'], 'required: the email of the user this token acts as (listed under users)');
        }
      } else if (t.kind === 'service-account') {
        onlyKeys(t, path, ['name', 'value', 'kind', 'gid', 'email', 'displayName']);
        checkGid(t.gid, [...path, 'gid']);
        if (t.email !== undefined && (typeof t.email !== 'string' || !EMAIL_RE.test(t.email))) {
          bad([...path, 'email'], 'must be an email address');
        } else if (typeof t.email === 'string' && users.has(t.email.toLowerCase())) {
          bad([...path, 'email'], `${t.email} is a user: a service account has its own identity`);
        }
        if (t.displayName !== undefined && typeof t.displayName !== 'string') {
          bad([...path, 'displayName'], 'must be a string');
        }
      } else bad([...path, 'kind'], 'required: pat or service-account');
    });
  }

  if (!Array.isArray(root.workspaces) || root.workspaces.length === 0) {
    bad(['workspaces'], 'required: at least one workspace');
  } else
    root.workspaces.forEach((ws, i) => {
      const path: Path = ['workspaces', i];
      if (!isObject(ws)) {
        bad(path, 'must be a mapping with at least a name');
        return;
      }
      onlyKeys(ws, path, ['gid', 'name', 'organization', 'emailDomains', 'members', 'teams']);
      checkGid(ws.gid, [...path, 'gid']);
      if (typeof ws.name !== 'string' || ws.name.trim() === '') bad([...path, 'name'], 'required: a name');
      if (ws.organization !== undefined && typeof ws.organization !== 'boolean') {
        bad([...path, 'organization'], 'must be true or false');
      }
      const isOrg = ws.organization === true;
      if (ws.emailDomains !== undefined) {
        if (!isOrg)
          bad([...path, 'emailDomains'], 'only an organization (organization: true) has email domains');
        else if (!Array.isArray(ws.emailDomains)) bad([...path, 'emailDomains'], 'must be a list of domains');
        else
          ws.emailDomains.forEach((d, j) => {
            if (typeof d !== 'string' || !DOMAIN_RE.test(d)) {
              bad([...path, 'emailDomains', j], 'must be a domain like acme.example');
            }
          });
      } else if (isOrg) bad([...path, 'emailDomains'], 'an organization needs at least one email domain');
      const members = new Set<string>();
      if (ws.members !== undefined && !Array.isArray(ws.members)) bad([...path, 'members'], 'must be a list');
      else
        (ws.members ?? []).forEach((m: unknown, j: number) => {
          const mpath: Path = [...path, 'members', j];
          let email: string | undefined;
          if (isObject(m)) {
            onlyKeys(m, mpath, ['user', 'admin', 'gid', 'createdAt']);
            email = memberRef(m.user, [...mpath, 'user']);
            if (m.admin !== undefined && typeof m.admin !== 'boolean') {
              bad([...mpath, 'admin'], 'must be true or false');
            }
            checkGid(m.gid, [...mpath, 'gid']);
            if (
              m.createdAt !== undefined &&
              (typeof m.createdAt !== 'string' || Number.isNaN(Date.parse(m.createdAt)))
            ) {
              bad([...mpath, 'createdAt'], 'must be an ISO date-time');
            }
          } else email = memberRef(m, mpath);
          if (email && members.has(email)) bad(mpath, `${email} is listed twice in this workspace`);
          if (email) members.add(email);
        });
      if (ws.teams !== undefined) {
        if (!isOrg) {
          bad([...path, 'teams'], 'only an organization (organization: true) has teams');
          return;
        }
        if (!Array.isArray(ws.teams)) {
          bad([...path, 'teams'], 'must be a list');
          return;
        }
        ws.teams.forEach((t: unknown, k: number) => {
          const tpath: Path = [...path, 'teams', k];
          if (!isObject(t)) {
            bad(tpath, 'must be a mapping with at least a name');
            return;
          }
          onlyKeys(t, tpath, ['gid', 'name', 'visibility', 'members']);
          checkGid(t.gid, [...tpath, 'gid']);
          if (typeof t.name !== 'string' || t.name.trim() === '') bad([...tpath, 'name'], 'required: a name');
          if (
            t.visibility !== undefined &&
            !['public', 'request_to_join', 'secret'].includes(t.visibility as string)
          ) {
            bad([...tpath, 'visibility'], 'must be public, request_to_join or secret');
          }
          if (t.members !== undefined && !Array.isArray(t.members)) {
            bad([...tpath, 'members'], 'must be a list');
            return;
          }
          const teamMembers = new Set<string>();
          (t.members ?? []).forEach((m: unknown, j: number) => {
            const mpath: Path = [...tpath, 'members', j];
            let email: string | undefined;
            if (isObject(m)) {
              onlyKeys(m, mpath, ['user', 'role', 'gid']);
              email = memberRef(m.user, [...mpath, 'user']);
              if (m.role !== undefined && !['member', 'admin', 'limited-access'].includes(m.role as string)) {
                bad([...mpath, 'role'], 'must be member, admin or limited-access');
              }
              checkGid(m.gid, [...mpath, 'gid']);
            } else email = memberRef(m, mpath);
            if (!email) return;
            if (teamMembers.has(email)) bad(mpath, `${email} is listed twice in this team`);
            else if (!members.has(email)) {
              bad(
                mpath,
                `${email} must be a member of the team's organization (list them under its members)`,
              );
            }
            teamMembers.add(email);
          });
        });
      }
    });
  return problems;
}

export function emailDomain(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1).toLowerCase();
}
