// Conformance: the sandbox's answers, for every REST endpoint it serves, validate against the response
// schemas of Asana's OpenAPI description (../shared/asana-openapi/asana_oas.yaml). Default answers are
// checked strictly (no property the schema does not declare); answers shaped by opt_fields, which may
// hold fields the list schemas leave out, are checked for the types of what they hold.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { Sandbox } from '../../src/sandbox/index.js';
import { ACME, ACME_TOKENS, call, type Json, startAcme } from './helpers.js';

const OAS_FILE = fileURLToPath(new URL('../../../shared/asana-openapi/asana_oas.yaml', import.meta.url));
const haveOas = existsSync(OAS_FILE);
if (!haveOas) {
  console.warn(
    `conformance tests skipped: ${OAS_FILE} is absent (the OpenAPI file lives beside the repository, in ../shared)`,
  );
}

type Schema = Record<string, unknown>;

/** Inlines every $ref (a reference back into itself becomes `{}`), so the schema stands alone. */
function deref(spec: Json, node: unknown, stack: string[] = []): unknown {
  if (Array.isArray(node)) return node.map((n) => deref(spec, n, stack));
  if (!node || typeof node !== 'object') return node;
  const ref = (node as { $ref?: string }).$ref;
  if (typeof ref === 'string') {
    if (stack.includes(ref)) return {};
    const target = ref
      .slice(2)
      .split('/')
      .reduce((at: Json, key) => at?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], spec);
    if (target === undefined) throw new Error(`unresolved $ref ${ref}`);
    return deref(spec, target, [...stack, ref]);
  }
  const out: Schema = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, deref(spec, v, stack)]));
  // OpenAPI 3.0 allows `nullable` beside no `type` (anything goes, null too); Ajv needs a type with it.
  if (out.nullable === true && out.type === undefined) delete out.nullable;
  return out;
}

/** Forbids undeclared properties at every object position (not inside allOf parts, which see only their own). */
function strictify(node: unknown, insideAllOf = false): unknown {
  if (Array.isArray(node)) return node.map((n) => strictify(n));
  if (!node || typeof node !== 'object') return node;
  const s = { ...(node as Schema) };
  if (s.properties && typeof s.properties === 'object') {
    s.properties = Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, strictify(v)]));
  }
  if (s.items) s.items = strictify(s.items);
  if (Array.isArray(s.allOf)) s.allOf = s.allOf.map((part) => strictify(part, true));
  if (!insideAllOf && (s.properties || s.allOf)) s.unevaluatedProperties = false;
  return s;
}

interface Case {
  name: string;
  method: 'GET' | 'POST';
  /** The OpenAPI path template. */
  template: string;
  path: string;
  token?: string | null;
  body?: unknown;
  status: number;
  /** false for opt_fields answers: types are checked, extra fields allowed. */
  strict: boolean;
  /** Also validate each item of `data` against this component schema (types only). */
  itemSchema?: string;
}

const members = 'user.email,user.name,is_active,is_admin,is_guest,is_view_only';
const teamMembers = 'user.email,user.name,is_admin,is_guest,is_limited_access';
const CASES: Case[] = [
  { name: 'me', method: 'GET', template: '/users/{user_gid}', path: '/users/me', status: 200, strict: true },
  {
    name: 'a user by email with opt_fields',
    method: 'GET',
    template: '/users/{user_gid}',
    path: '/users/tomas.novak@acme.example?opt_fields=email,name,workspaces',
    status: 200,
    strict: true,
  },
  {
    name: 'an unknown user',
    method: 'GET',
    template: '/users/{user_gid}',
    path: '/users/1299999999999999',
    status: 404,
    strict: true,
  },
  {
    name: 'workspaces',
    method: 'GET',
    template: '/workspaces',
    path: '/workspaces?limit=100',
    status: 200,
    strict: true,
  },
  {
    name: 'a page of workspaces',
    method: 'GET',
    template: '/workspaces',
    path: '/workspaces?limit=1',
    status: 200,
    strict: true,
  },
  {
    name: 'workspaces with fields',
    method: 'GET',
    template: '/workspaces',
    path: '/workspaces?limit=100&opt_fields=name,is_organization,email_domains',
    status: 200,
    strict: false,
    itemSchema: 'WorkspaceResponse',
  },
  {
    name: 'no token',
    method: 'GET',
    template: '/workspaces',
    path: '/workspaces',
    token: null,
    status: 401,
    strict: true,
  },
  {
    name: 'a bad limit',
    method: 'GET',
    template: '/workspaces',
    path: '/workspaces?limit=0',
    status: 400,
    strict: true,
  },
  {
    name: 'a workspace',
    method: 'GET',
    template: '/workspaces/{workspace_gid}',
    path: `/workspaces/${ACME.corp}`,
    status: 200,
    strict: true,
  },
  {
    name: 'a workspace the caller is not in',
    method: 'GET',
    template: '/workspaces/{workspace_gid}',
    path: `/workspaces/${ACME.lab}`,
    token: ACME_TOKENS.memberPat,
    status: 403,
    strict: true,
  },
  {
    name: 'workspace memberships',
    method: 'GET',
    template: '/workspaces/{workspace_gid}/workspace_memberships',
    path: `/workspaces/${ACME.corp}/workspace_memberships?limit=10`,
    status: 200,
    strict: true,
  },
  {
    name: 'workspace memberships with the fields asana-access reads',
    method: 'GET',
    template: '/workspaces/{workspace_gid}/workspace_memberships',
    path: `/workspaces/${ACME.corp}/workspace_memberships?limit=100&opt_fields=${members}`,
    status: 200,
    strict: false,
    itemSchema: 'WorkspaceMembershipResponse',
  },
  {
    name: 'teams',
    method: 'GET',
    template: '/workspaces/{workspace_gid}/teams',
    path: `/workspaces/${ACME.corp}/teams?limit=2`,
    status: 200,
    strict: true,
  },
  {
    name: 'teams with fields',
    method: 'GET',
    template: '/workspaces/{workspace_gid}/teams',
    path: `/workspaces/${ACME.corp}/teams?limit=100&opt_fields=name,organization.name,visibility,permalink_url`,
    status: 200,
    strict: false,
    itemSchema: 'TeamResponse',
  },
  {
    name: 'team memberships',
    method: 'GET',
    template: '/teams/{team_gid}/team_memberships',
    path: `/teams/${ACME.teams.engineering}/team_memberships?limit=5`,
    status: 200,
    strict: true,
  },
  {
    name: 'team memberships with the fields asana-access reads',
    method: 'GET',
    template: '/teams/{team_gid}/team_memberships',
    path: `/teams/${ACME.teams.engineering}/team_memberships?limit=100&opt_fields=${teamMembers}`,
    status: 200,
    strict: false,
    itemSchema: 'TeamMembershipResponse',
  },
  {
    name: 'an unknown team',
    method: 'GET',
    template: '/teams/{team_gid}/team_memberships',
    path: '/teams/1299999999999999/team_memberships',
    status: 404,
    strict: true,
  },
  {
    name: 'team memberships by team',
    method: 'GET',
    template: '/team_memberships',
    path: `/team_memberships?team=${ACME.teams.design}&limit=100`,
    status: 200,
    strict: true,
  },
  {
    name: 'add to a workspace (an invitation)',
    method: 'POST',
    template: '/workspaces/{workspace_gid}/addUser',
    path: `/workspaces/${ACME.corp}/addUser`,
    body: { data: { user: 'conformance.new@acme.example' } },
    status: 200,
    strict: true,
  },
  {
    name: 'a view-only caller adding',
    method: 'POST',
    template: '/workspaces/{workspace_gid}/addUser',
    path: `/workspaces/${ACME.corp}/addUser`,
    token: ACME_TOKENS.viewOnlyPat,
    body: { data: { user: ACME.users.li } },
    status: 403,
    strict: true,
  },
  {
    name: 'remove from a workspace',
    method: 'POST',
    template: '/workspaces/{workspace_gid}/removeUser',
    path: `/workspaces/${ACME.lab}/removeUser`,
    body: { data: { user: ACME.users.ken } },
    status: 200,
    strict: true,
  },
  {
    name: 'a non-admin removing',
    method: 'POST',
    template: '/workspaces/{workspace_gid}/removeUser',
    path: `/workspaces/${ACME.corp}/removeUser`,
    token: ACME_TOKENS.memberPat,
    body: { data: { user: ACME.users.li } },
    status: 403,
    strict: true,
  },
  {
    name: 'add to a team',
    method: 'POST',
    template: '/teams/{team_gid}/addUser',
    path: `/teams/${ACME.teams.design}/addUser`,
    body: { data: { user: ACME.users.li } },
    status: 200,
    strict: true,
  },
  {
    name: 'add to a team without data.user',
    method: 'POST',
    template: '/teams/{team_gid}/addUser',
    path: `/teams/${ACME.teams.design}/addUser`,
    body: { data: {} },
    status: 400,
    strict: true,
  },
  {
    name: 'remove from a team',
    method: 'POST',
    template: '/teams/{team_gid}/removeUser',
    path: `/teams/${ACME.teams.design}/removeUser`,
    body: { data: { user: ACME.users.li } },
    status: 200,
    strict: true,
  },
  {
    name: 'a batch',
    method: 'POST',
    template: '/batch',
    path: '/batch',
    body: {
      data: {
        actions: [
          {
            relative_path: `/teams/${ACME.teams.design}/addUser`,
            method: 'post',
            data: { user: ACME.users.li },
          },
          { relative_path: '/scim/Users', method: 'get' },
        ],
      },
    },
    status: 200,
    strict: true,
  },
];

describe.skipIf(!haveOas)(`conformance with ${OAS_FILE}`, () => {
  let spec: Json;
  let ajv: Ajv2019;
  let sb: Sandbox;

  beforeAll(async () => {
    spec = parseYaml(readFileSync(OAS_FILE, 'utf8'));
    ajv = new Ajv2019({ strict: false, allErrors: true });
    // ajv-formats is CommonJS: under NodeNext its default export arrives as the module object.
    const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
      addFormatsModule) as (a: Ajv2019) => void;
    addFormats(ajv);
    // Asana declares email_domains as `format: uri` while its own example is "asana.com": accept a
    // reference, as the real API's answers would need.
    ajv.addFormat('uri', { validate: (s: string) => /^[^\s]+$/.test(s) });
    sb = await startAcme();
  });
  afterAll(() => sb?.close());

  const compiled = new Map<string, ValidateFunction>();
  const validator = (key: string, schema: () => unknown): ValidateFunction => {
    const known = compiled.get(key);
    if (known) return known;
    const v = ajv.compile(schema() as Schema);
    compiled.set(key, v);
    return v;
  };
  const explain = (errors: ErrorObject[] | null | undefined) =>
    (errors ?? [])
      .map((e) => `${e.instancePath || '(root)'} ${e.message} ${JSON.stringify(e.params)}`)
      .join('\n');

  it('covers every REST endpoint the sandbox serves', () => {
    const templates = new Set(CASES.map((c) => `${c.method} ${c.template}`));
    expect([...templates].sort()).toEqual(
      [
        'GET /users/{user_gid}',
        'GET /workspaces',
        'GET /workspaces/{workspace_gid}',
        'GET /workspaces/{workspace_gid}/workspace_memberships',
        'GET /workspaces/{workspace_gid}/teams',
        'GET /teams/{team_gid}/team_memberships',
        'GET /team_memberships',
        'POST /workspaces/{workspace_gid}/addUser',
        'POST /workspaces/{workspace_gid}/removeUser',
        'POST /teams/{team_gid}/addUser',
        'POST /teams/{team_gid}/removeUser',
        'POST /batch',
      ].sort(),
    );
  });

  it.each(CASES)('$method $template: $name ($status)', async (c) => {
    const answer = await call(sb, c.method, c.path, { token: c.token, body: c.body });
    expect(answer.status, answer.text).toBe(c.status);
    const operation = spec.paths[c.template]?.[c.method.toLowerCase()];
    expect(operation, `${c.method} ${c.template} in the OpenAPI file`).toBeDefined();
    const key = `${c.method} ${c.template} ${c.status} ${c.strict}`;
    const validate = validator(key, () => {
      const response = deref(spec, operation.responses[String(c.status)]) as Json;
      const schema = response.content['application/json'].schema;
      return c.strict ? strictify(schema) : schema;
    });
    expect(validate(answer.json), `${c.path}\n${explain(validate.errors)}\n${answer.text}`).toBe(true);
    if (c.itemSchema) {
      const item = validator(`item ${c.itemSchema}`, () =>
        deref(spec, spec.components.schemas[c.itemSchema!]),
      );
      for (const row of answer.json.data)
        expect(item(row), `${JSON.stringify(row)}\n${explain(item.errors)}`).toBe(true);
    }
  });

  it('catches an answer that breaks the schema (the check can fail)', () => {
    const response = deref(spec, spec.paths['/workspaces/{workspace_gid}'].get.responses['200']) as Json;
    const validate = ajv.compile(strictify(response.content['application/json'].schema) as Schema);
    expect(
      validate({ data: { gid: '1', resource_type: 'workspace', name: 'X', is_organization: 'yes' } }),
    ).toBe(false);
    expect(validate({ data: { gid: '1', resource_type: 'workspace', name: 'X', invented: true } })).toBe(
      false,
    );
    expect(
      validate({ data: { gid: '1', resource_type: 'workspace', name: 'X', is_organization: true } }),
    ).toBe(true);
  });
});
