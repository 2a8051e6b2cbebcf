// JSON Schema validation of one file with ajv, and the translation of ajv's errors into plain words
// placed at the right line and column ("unknown key 'memebers' (did you mean 'members'?)").
import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { type Diagnostic, errorAt, type Pos } from './diagnostic.js';
import { didYouMean } from './suggest.js';
import { type Located, locate, toPlain } from './yaml-tree.js';

/** schemas/config.schema.json; the same relative path from src/config/ and dist/config/. */
export const SCHEMA_URL = new URL('../../schemas/config.schema.json', import.meta.url);

let compiled: ValidateFunction | undefined;
/** Definition objects of the schema → their names, to tell which definition an error is about. */
let definitionNames = new Map<unknown, string>();

/** The compiled schema (compiled once per process). */
export function configValidator(): ValidateFunction {
  if (!compiled) {
    const schema = JSON.parse(readFileSync(SCHEMA_URL, 'utf8')) as { definitions?: Record<string, unknown> };
    definitionNames = new Map(Object.entries(schema.definitions ?? {}).map(([name, def]) => [def, name]));
    // verbose: errors carry the data and schema they concern, which the translation needs.
    // strictRequired off: `oneOf: [{required: [workspace]}, …]` names properties defined beside it.
    const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, strictRequired: false });
    compiled = ajv.compile(schema);
  }
  return compiled;
}

/** Validates one file's tree; returns its diagnostics (none when it conforms). */
export function checkSchema(file: string, root: Located): Diagnostic[] {
  const validate = configValidator();
  if (validate(toPlain(root))) return [];
  return translateErrors(file, root, validate.errors ?? []);
}

interface Placed {
  pointer: string;
  keyOf?: string;
}

export function translateErrors(file: string, root: Located, errors: readonly ErrorObject[]): Diagnostic[] {
  const kept = pruneErrors(errors);
  const out: Diagnostic[] = [];
  for (const e of kept) {
    const t = translate(e);
    if (!t) continue;
    const pos = position(root, t.place);
    out.push(errorAt(file, pos, t.code, t.message));
  }
  return out;
}

/**
 * Drops the errors that would only confuse: anyOf branches that do not fit the value's type, the
 * `required` errors inside a oneOf (the oneOf gets one message, or none when a `dependencies` error
 * already says what is missing), propertyNames wrappers (the inner error names the key), an anyOf
 * whose fitting branch reported its own problems, and anything else at a path that already has a
 * type error. Linear in the number of errors: a huge, badly broken file must not hang the loader.
 */
function pruneErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  const anyOfPaths = new Set<string>();
  const dependencyPaths = new Set<string>();
  const oneOfBranches = new Map<string, unknown[]>();
  for (const e of errors) {
    if (e.keyword === 'anyOf') anyOfPaths.add(e.instancePath);
    if (e.keyword === 'dependencies') dependencyPaths.add(e.instancePath);
    if (e.keyword === 'oneOf') oneOfBranches.set(e.instancePath, e.schema as unknown[]);
  }
  let kept = errors.filter((e) => {
    if (e.keyword === 'propertyNames') return false;
    if (e.keyword === 'oneOf') return !dependencyPaths.has(e.instancePath);
    if (oneOfBranches.get(e.instancePath)?.includes(e.parentSchema)) return false;
    if (anyOfPaths.has(e.instancePath) && e.keyword !== 'anyOf' && !branchFits(e)) return false;
    return true;
  });
  // Every path at or above a remaining (non-anyOf) error: an anyOf there is already explained.
  const explained = new Set<string>();
  for (const e of kept) {
    if (e.keyword === 'anyOf') continue;
    for (let p = e.instancePath; ; p = p.slice(0, p.lastIndexOf('/'))) {
      explained.add(p);
      if (p === '') break;
    }
  }
  kept = kept.filter((e) => e.keyword !== 'anyOf' || !explained.has(e.instancePath));
  const typeErrorPaths = new Set(
    kept.filter((e) => e.keyword === 'type' && e.propertyName === undefined).map((e) => e.instancePath),
  );
  return kept.filter(
    (e) =>
      e.keyword === 'type' ||
      e.propertyName !== undefined ||
      e.keyword === 'additionalProperties' ||
      !typeErrorPaths.has(e.instancePath),
  );
}

/** Whether the branch an error came from is for values of the data's type. */
function branchFits(e: ErrorObject): boolean {
  if (e.keyword === 'type') return false;
  const declared = (e.parentSchema as { type?: string | string[] } | undefined)?.type;
  if (declared === undefined) return true;
  const types = Array.isArray(declared) ? declared : [declared];
  return types.some((t) => typeMatches(t, e.data));
}

function isMapping(data: unknown): boolean {
  return data !== null && typeof data === 'object' && !Array.isArray(data);
}

/** Whether a path is the role of a `{ user, role }` entry of a workspace's or a team's member list. */
function isMemberRole(path: string[]): boolean {
  return path[0] === 'workspaces' && path[path.length - 1] === 'role' && path[path.length - 3] === 'members';
}

function typeMatches(type: string, data: unknown): boolean {
  switch (type) {
    case 'null':
      return data === null;
    case 'array':
      return Array.isArray(data);
    case 'object':
      return data !== null && typeof data === 'object' && !Array.isArray(data);
    case 'integer':
      return typeof data === 'number' && Number.isInteger(data);
    default:
      return typeof data === type;
  }
}

function segments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function childPointer(pointer: string, key: string): string {
  return `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

function position(root: Located, place: Placed): Pos {
  if (place.keyOf !== undefined) {
    const hit = locate(root, childPointer(place.pointer, place.keyOf));
    if (hit?.keyPos) return hit.keyPos;
  }
  // The closest node that exists (an error may concern a value the tree has only partly).
  let pointer = place.pointer;
  for (;;) {
    const hit = locate(root, pointer);
    if (hit) return hit.node.pos;
    pointer = pointer.slice(0, pointer.lastIndexOf('/'));
  }
}

/** What a value at a path is called in a message. */
function subject(path: string[]): string {
  const last = path[path.length - 1];
  const parent = path[path.length - 2];
  if (last === undefined) return 'the file';
  if (/^\d+$/.test(last) && parent !== undefined) {
    if (path[0] === 'groups' && path.length === 3) return 'member';
    const nouns: Record<string, string> = {
      members: 'member',
      protected: 'protected user',
      ignore: 'ignore pattern',
      accept: 'accept entry',
    };
    return nouns[parent] ?? 'entry';
  }
  if (path.length === 2) {
    const containers: Record<string, string> = { users: 'user', groups: 'group', workspaces: 'workspace' };
    const noun = parent !== undefined ? containers[parent] : undefined;
    if (noun) return `${noun} '${last}'`;
  }
  if (parent === 'teams' && path.length === 4) return `team '${last}'`;
  return last;
}

const TYPE_NOUNS: Record<string, string> = {
  string: 'a string',
  boolean: 'true or false',
  integer: 'a whole number',
  number: 'a number',
  array: 'a list',
  object: 'a mapping',
  null: 'empty',
};

function describe(data: unknown): string {
  if (data === null || data === undefined) return 'nothing';
  if (Array.isArray(data)) return 'a list';
  if (typeof data === 'object') return 'a mapping';
  if (typeof data === 'string') return quote(data);
  return String(data);
}

function quote(s: string): string {
  const short = s.length > 60 ? `${s.slice(0, 57)}...` : s;
  return `'${short}'`;
}

/** The schema definition (email, member, date, …) a keyword error belongs to. */
function definitionOf(e: ErrorObject): string | undefined {
  return definitionNames.get(e.parentSchema) ?? /^#\/definitions\/([^/]+)\//.exec(e.schemaPath)?.[1];
}

interface Translated {
  code: string;
  message: string;
  place: Placed;
}

function translate(e: ErrorObject): Translated | undefined {
  const path = segments(e.instancePath);
  const at: Placed = { pointer: e.instancePath };
  const what = subject(path);
  const params = e.params as Record<string, unknown>;

  // An error about a key's name (propertyNames): placed on that key.
  if (e.propertyName !== undefined) {
    const key = e.propertyName;
    const place = { pointer: e.instancePath, keyOf: key };
    const container = path[path.length - 1];
    if (definitionOf(e) === 'email')
      return { code: 'invalid-email', message: `invalid email '${key}'`, place };
    if (definitionOf(e) === 'groupName') {
      return {
        code: 'invalid-name',
        message: `invalid group name '${key}': use letters, digits, '.', '_' and '-', starting with a letter or digit`,
        place,
      };
    }
    const noun = container === 'teams' ? 'team' : 'workspace';
    return { code: 'invalid-name', message: `a ${noun} name must not be empty`, place };
  }

  switch (e.keyword) {
    case 'type': {
      const expected = String(params.type);
      if (path.length === 0) {
        return {
          code: 'wrong-type',
          message: `a config file must be a mapping (version: 1, users:, workspaces: …), not ${describe(e.data)}`,
          place: at,
        };
      }
      const hint =
        expected === 'string' && typeof e.data === 'number'
          ? ': put it in quotes'
          : path[0] === 'groups' && isMapping(e.data)
            ? ': roles are declared in workspace and team member lists, not in groups'
            : '';
      return {
        code: 'wrong-type',
        message: `${what} must be ${TYPE_NOUNS[expected] ?? expected} (got ${describe(e.data)}${hint})`,
        place: at,
      };
    }
    case 'const':
      if (path.length === 1 && path[0] === 'version') {
        return { code: 'bad-version', message: `version must be 1 (got ${describe(e.data)})`, place: at };
      }
      return {
        code: 'bad-value',
        message: `${what} must be ${JSON.stringify(params.allowedValue)} (got ${describe(e.data)})`,
        place: at,
      };
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map(String).join(', ');
      if (isMemberRole(path) && path[2] === 'members' && e.data === 'limited-access') {
        return {
          code: 'bad-value',
          message: `role limited-access exists only in teams: a workspace member's role is member or admin (got 'limited-access')`,
          place: at,
        };
      }
      // The shorthand `email: enterprise` is the user's license.
      const name = path[0] === 'users' && path.length === 2 ? 'license' : what;
      return {
        code: 'bad-value',
        message: `${name} must be one of ${allowed} (got ${describe(e.data)})`,
        place: at,
      };
    }
    case 'required': {
      const missing = String(params.missingProperty);
      if (path.length === 0 && missing === 'version') {
        return {
          code: 'missing-key',
          message: 'missing version: 1 (every config file starts with it)',
          place: at,
        };
      }
      return { code: 'missing-key', message: `${what} is missing '${missing}'`, place: at };
    }
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const known = Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      const hint = didYouMean(key, known) || ` (expected ${known.join(', ')})`;
      return { code: 'unknown-key', message: `unknown key '${key}'${hint}`, place: { ...at, keyOf: key } };
    }
    case 'pattern':
      return translatePattern(e, what, at);
    case 'minLength':
      return { code: 'bad-value', message: `${what} must not be empty`, place: at };
    case 'minimum':
      return {
        code: 'bad-value',
        message: `${what} must be at least ${params.limit} (got ${describe(e.data)})`,
        place: at,
      };
    case 'maximum':
      return {
        code: 'bad-value',
        message: `${what} must be at most ${params.limit} (got ${describe(e.data)})`,
        place: at,
      };
    case 'minProperties':
      return { code: 'bad-value', message: `${what} needs count, percent or both`, place: at };
    case 'dependencies':
      return {
        code: 'missing-key',
        message: `${params.property} needs ${params.missingProperty} (the workspace the team is in)`,
        place: { ...at, keyOf: String(params.property) },
      };
    case 'oneOf':
      return {
        code: 'bad-accept',
        message: Array.isArray(params.passingSchemas)
          ? 'accept entry names both a workspace and the license: one entry accepts one difference, use two'
          : 'accept entry needs workspace (and team, for a team) or license: true',
        place: at,
      };
    case 'anyOf':
      if (path[0] === 'users' && path.length === 2) {
        return {
          code: 'wrong-type',
          message: `${what} must be a license (enterprise, view-only, none), a mapping such as { license: enterprise, name: Ada Lovelace }, or empty (got ${describe(e.data)})`,
          place: at,
        };
      }
      if (path[0] === 'workspaces' && path[path.length - 2] === 'members') {
        const roles = path[2] === 'teams' ? 'admin | limited-access' : 'admin';
        return {
          code: 'wrong-type',
          message: `${what} must be a user's email, group:NAME or { user: EMAIL, role: ${roles} } (got ${describe(e.data)})`,
          place: at,
        };
      }
      return {
        code: 'wrong-type',
        message: `${what} has the wrong form (got ${describe(e.data)})`,
        place: at,
      };
    default:
      return { code: 'schema', message: `${what} ${e.message ?? 'is invalid'}`, place: at };
  }
}

function translatePattern(e: ErrorObject, what: string, at: Placed): Translated {
  const value = describe(e.data);
  switch (definitionOf(e)) {
    case 'email':
    case 'workspaceMemberRole':
    case 'teamMemberRole':
      return { code: 'invalid-email', message: `invalid email ${value}`, place: at };
    case 'member':
      return {
        code: 'invalid-member',
        message: `invalid member ${value}: expected a user's email or group:NAME`,
        place: at,
      };
    case 'date':
      return { code: 'bad-date', message: `${what} must be a date YYYY-MM-DD (got ${value})`, place: at };
    default:
      return { code: 'bad-value', message: `${what} must not contain spaces (got ${value})`, place: at };
  }
}
