// schemas/config.schema.json on its own, as an editor or another tool would use it: every example
// and valid fixture conforms, every schema-* invalid fixture does not, and the other invalid
// fixtures conform (their problems are the loader's cross-reference checks, beyond JSON Schema).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { EMAIL_PATTERN, GROUP_NAME_PATTERN, GROUP_PREFIX } from '../../src/config/emails.js';
import { ROOT } from '../helpers/cli.js';

const schema = JSON.parse(readFileSync(join(ROOT, 'schemas/config.schema.json'), 'utf8'));
const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
const validate = ajv.compile(schema);

function yamlFilesIn(dir: string): string[] {
  return readdirSync(dir)
    .filter((n) => /\.ya?ml$/.test(n) && !n.startsWith('.'))
    .map((n) => join(dir, n));
}

function conforms(file: string): { ok: boolean; errors: string } {
  const ok = validate(parse(readFileSync(file, 'utf8')));
  return { ok, errors: ajv.errorsText(validate.errors) };
}

const examples = [
  join(ROOT, 'examples/minimal.yaml'),
  ...yamlFilesIn(join(ROOT, 'examples/multi-file')),
  // sandbox.yaml is the simulator's seed, not a config.
  ...yamlFilesIn(join(ROOT, 'examples/acme')).filter((f) => !f.endsWith('sandbox.yaml')),
];
const validFixtures = [
  ...yamlFilesIn(join(ROOT, 'test/fixtures/valid')),
  ...yamlFilesIn(join(ROOT, 'test/fixtures/valid/split-workspace')),
];
const invalidDir = join(ROOT, 'test/fixtures/invalid');
const invalidFiles = readdirSync(invalidDir)
  .filter((n) => n.endsWith('.yaml'))
  .map((n) => ({ name: n, file: join(invalidDir, n) }));

describe('config schema', () => {
  it('is a valid draft-07 schema with a description on every definition', () => {
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    for (const [name, def] of Object.entries(
      schema.definitions as Record<string, { description?: string }>,
    )) {
      expect(def.description, name).toBeTruthy();
    }
  });

  it('finds examples to check', () => {
    expect(examples.length).toBeGreaterThanOrEqual(5);
  });

  it.each(examples.map((f) => ({ file: f.slice(ROOT.length) })))('example $file conforms', ({ file }) => {
    const r = conforms(join(ROOT, file));
    expect(r.errors).toBe('No errors');
    expect(r.ok).toBe(true);
  });

  it.each(validFixtures.map((f) => ({ file: f.slice(ROOT.length) })))(
    'valid fixture $file conforms',
    ({ file }) => {
      expect(conforms(join(ROOT, file)).ok).toBe(true);
    },
  );

  const schemaCases = invalidFiles.filter((c) => c.name.startsWith('schema-'));
  it('has schema fixtures', () => {
    expect(schemaCases.length).toBeGreaterThanOrEqual(15);
  });

  it.each(schemaCases)('rejects $name', ({ file }) => {
    expect(conforms(file).ok).toBe(false);
  });

  // yaml-* and file-* fixtures are not YAML the schema could even see; mixed-* mix both kinds.
  const semanticCases = invalidFiles.filter((c) => !/^(schema|yaml|file|mixed)-/.test(c.name));
  it.each(semanticCases)('accepts $name (its problem is beyond JSON Schema)', ({ file }) => {
    expect(conforms(file).errors).toBe('No errors');
  });

  it('lists the same licenses in both forms of a user', () => {
    const [, shorthand, long] = schema.definitions.user.anyOf;
    expect(shorthand.enum).toEqual(['enterprise', 'view-only', 'none']);
    expect(long.properties.license.enum).toEqual(shorthand.enum);
  });

  it('uses the same email and group patterns as the loader', () => {
    const defs = schema.definitions;
    expect(defs.email.pattern).toBe(EMAIL_PATTERN);
    expect(defs.groupName.pattern).toBe(GROUP_NAME_PATTERN);
    const member = new RegExp(defs.member.pattern, 'u');
    expect(member.test(`${GROUP_PREFIX}eng`)).toBe(true);
    expect(member.test('ada@acme.example')).toBe(true);
    expect(member.test('group:my team')).toBe(false);
    expect(member.test('ada@acme')).toBe(false);
  });
});
