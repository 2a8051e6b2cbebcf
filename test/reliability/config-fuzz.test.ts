// Config fuzzing: random mutations of the example configurations (text edits that break YAML, and
// value edits that keep YAML but break the schema or the references) never crash the loader: it
// returns a configuration or diagnostics, each naming a file, never throws. A few mutants also go
// through `asana-access validate`, which must answer 0 or 1 without a stack trace.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { loadDesiredState } from '../../src/config/index.js';
import { ROOT } from '../helpers/cli.js';
import { cli, expectNoCrash, removeTempDirs, tempDir } from './support/cli.js';

afterAll(removeTempDirs);

const EXAMPLES = [
  join(ROOT, 'examples', 'minimal.yaml'),
  join(ROOT, 'examples', 'acme', 'access.yaml'),
  ...readdirSync(join(ROOT, 'examples', 'multi-file')).map((f) => join(ROOT, 'examples', 'multi-file', f)),
].map((file) => ({ file, text: readFileSync(file, 'utf8') }));

/** Snippets that mean something to YAML, to the schema, or to a careless parser. */
const SNIPPETS = [
  '*',
  '&a ',
  '*a',
  '<<: *a\n',
  '!!binary ',
  '!license ',
  ': ',
  '- ',
  '\t',
  '{',
  '}',
  '[',
  ']',
  '"',
  "'",
  '%YAML 1.2\n',
  '---\n',
  '...\n',
  '#',
  '|',
  '>',
  '@',
  '? ',
  '\u0000',
  '\uFEFF',
  '\u202E',
  'ä',
  '😀',
  'null',
  '~',
  '1e309',
  '-.inf',
  '0x1F',
  'version: 2\n',
  'group:',
  'group:nope',
  'users:\n',
  '  '.repeat(40),
  'x'.repeat(300),
  '\r\n',
  '\\',
];

type Mutation = (lines: string[]) => string[];

const lineIndex = (n: number, lines: string[]) => (lines.length === 0 ? 0 : n % lines.length);

const textMutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.nat().map(
    (n): Mutation =>
      (ls) =>
        ls.filter((_, i) => i !== lineIndex(n, ls)),
  ),
  fc.nat().map(
    (n): Mutation =>
      (ls) => {
        const i = lineIndex(n, ls);
        return [...ls.slice(0, i + 1), ls[i] ?? '', ...ls.slice(i + 1)];
      },
  ),
  fc.tuple(fc.nat(), fc.nat()).map(
    ([a, b]): Mutation =>
      (ls) => {
        const out = [...ls];
        const i = lineIndex(a, ls);
        const j = lineIndex(b, ls);
        [out[i], out[j]] = [out[j] ?? '', out[i] ?? ''];
        return out;
      },
  ),
  fc.tuple(fc.nat(), fc.nat(), fc.constantFrom(...SNIPPETS)).map(
    ([a, b, snippet]): Mutation =>
      (ls) => {
        const out = [...ls];
        const i = lineIndex(a, ls);
        const line = out[i] ?? '';
        const at = line.length === 0 ? 0 : b % (line.length + 1);
        out[i] = line.slice(0, at) + snippet + line.slice(at);
        return out;
      },
  ),
  fc.tuple(fc.nat(), fc.integer({ min: -4, max: 4 })).map(
    ([a, d]): Mutation =>
      (ls) => {
        const out = [...ls];
        const i = lineIndex(a, ls);
        out[i] =
          d >= 0 ? ' '.repeat(d) + (out[i] ?? '') : (out[i] ?? '').replace(new RegExp(`^ {0,${-d}}`), '');
        return out;
      },
  ),
  fc.nat().map(
    (n): Mutation =>
      (ls) =>
        ls.slice(0, lineIndex(n, ls)),
  ),
  fc.tuple(fc.nat(), fc.string({ maxLength: 12 })).map(
    ([a, s]): Mutation =>
      (ls) => {
        const out = [...ls];
        const i = lineIndex(a, ls);
        out[i] = (out[i] ?? '').replace(/[A-Za-z0-9@.-]+$/, s);
        return out;
      },
  ),
);

/** A value edit on the parsed document: replace one scalar or collection with something else. */
const valueArb = fc.oneof(
  fc.constantFrom(null, true, 0, -1, 1.5, '', 'none', 'enterprise', 'admin', 'group:x', 'a@b', '*'),
  fc.string({ maxLength: 20 }),
  fc.jsonValue({ maxDepth: 2 }),
);

function mutateValues(text: string, edits: Array<[number, unknown]>): string {
  const doc = parseDocument(text);
  for (const [pick, value] of edits) {
    // Paths are listed afresh for each edit: an earlier edit may have replaced a whole subtree.
    const paths: (string | number)[][] = [];
    const walk = (node: unknown, path: (string | number)[]) => {
      if (path.length > 0) paths.push(path);
      if (Array.isArray(node)) {
        for (const [i, v] of node.entries()) walk(v, [...path, i]);
      } else if (node !== null && typeof node === 'object') {
        for (const [k, v] of Object.entries(node)) walk(v, [...path, k]);
      }
    };
    walk(doc.toJS(), []);
    if (paths.length === 0) return doc.toString();
    doc.setIn(paths[pick % paths.length]!, doc.createNode(value));
  }
  return doc.toString();
}

const mutantArb: fc.Arbitrary<Mutant> = fc.record({
  example: fc.nat(EXAMPLES.length - 1),
  text: fc.array(textMutation, { maxLength: 4 }),
  values: fc.array(fc.tuple(fc.nat(), valueArb as fc.Arbitrary<unknown>), { maxLength: 3 }),
});

interface Mutant {
  example: number;
  text: Mutation[];
  values: Array<[number, unknown]>;
}

function mutant(m: Mutant): string {
  const text =
    m.values.length > 0 ? mutateValues(EXAMPLES[m.example]!.text, m.values) : EXAMPLES[m.example]!.text;
  let lines = text.split('\n');
  for (const mutate of m.text) lines = mutate(lines);
  return lines.join('\n');
}

describe('config fuzzing', () => {
  let valid = 0;
  let invalid = 0;
  afterAll(() => {
    process.stderr.write(
      `config fuzzing: ${valid} mutants still valid, ${invalid} reported with diagnostics\n`,
    );
  });

  it('the loader never throws on a mutated example: a config, or diagnostics naming the file (400 mutants)', async () => {
    const dir = tempDir('fuzz');
    const file = join(dir, 'access.yaml');
    await fc.assert(
      fc.asyncProperty(mutantArb, async (m) => {
        const text = mutant(m);
        writeFileSync(file, text);
        const result = await loadDesiredState(file);
        if (result.ok) {
          valid++;
          expect(result.state.sources).toEqual([file]);
          return;
        }
        invalid++;
        expect(result.diagnostics.length).toBeGreaterThan(0);
        for (const d of result.diagnostics) {
          expect(d.file).toBe(file);
          expect(typeof d.message).toBe('string');
          expect(d.message.length).toBeGreaterThan(0);
          expect(d.message).not.toMatch(/\n\s+at |undefined|\[object Object\]/);
        }
        expect(result.diagnostics.some((d) => d.severity === 'error')).toBe(true);
      }),
      { numRuns: 400 },
    );
  }, 120_000);

  it('validate answers 0 or 1 without a crash on a handful of mutants', async () => {
    const dir = tempDir('fuzz-cli');
    const mutants = fc.sample(mutantArb, { numRuns: 6, seed: 11 }).map(mutant);
    await Promise.all(
      mutants.map(async (text, i) => {
        const file = join(dir, `mutant-${i}.yaml`);
        writeFileSync(file, text);
        const r = await cli(['validate', file]);
        expect([0, 1]).toContain(r.code);
        expectNoCrash(r);
        expect(r.stdout.trimEnd().split('\n').at(-1)).toMatch(/^(✓|✗) /);
      }),
    );
  });
});
