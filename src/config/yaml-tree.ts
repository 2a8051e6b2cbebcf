// YAML text → a small tree of maps, lists and scalars that remembers where every key and value
// was written. The loader never uses yaml's toJS(): keys keep their exact text (a gid key such as
// 1200000000000000001 stays that string instead of becoming a rounded number), duplicate keys are
// reported with both places, and alias expansion is bounded.
import {
  type Document,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseDocument,
  Scalar,
} from 'yaml';
import { type Diagnostic, errorAt, fileError, formatPlace, type Pos } from './diagnostic.js';

export type Located = LocatedMap | LocatedSeq | LocatedScalar;

export interface LocatedEntry {
  key: string;
  keyPos: Pos;
  value: Located;
}

export interface LocatedMap {
  kind: 'map';
  pos: Pos;
  /** In file order; the first of duplicate keys wins (the duplicate is reported). */
  entries: Map<string, LocatedEntry>;
}

export interface LocatedSeq {
  kind: 'seq';
  pos: Pos;
  items: Located[];
}

export interface LocatedScalar {
  kind: 'scalar';
  pos: Pos;
  value: string | number | boolean | null;
  /** The scalar as written, for messages ("got 1200000000000000001"). */
  source: string;
}

export interface ParsedFile {
  file: string;
  /** Undefined when the file is not usable YAML (the diagnostics say why). */
  root: Located | undefined;
  diagnostics: Diagnostic[];
}

/** Aliases may expand to at most this many values in one file: a guard against "billion laughs". */
export const MAX_ALIAS_VALUES = 10_000;
/** Deeper nesting than this is no config (the format needs 6 levels). */
export const MAX_DEPTH = 64;

class ConversionStop extends Error {
  constructor(readonly diagnostic: Diagnostic) {
    super(diagnostic.message);
  }
}

export function parseYamlFile(file: string, text: string): ParsedFile {
  const lineCounter = new LineCounter();
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false, merge: false });
  } catch (err) {
    // The yaml package recurses; absurdly deep nesting ends in a RangeError rather than a YAML error.
    const why =
      err instanceof RangeError ? 'the YAML is nested too deeply' : `cannot parse YAML (${String(err)})`;
    return { file, root: undefined, diagnostics: [fileError(file, 'yaml-syntax', why)] };
  }
  const posOf = (offset: number): Pos => lineCounter.linePos(offset);
  const problems = [...doc.errors, ...doc.warnings];
  if (problems.length > 0) {
    return {
      file,
      root: undefined,
      // The parser may report one mistake several times at one place: the first says it best.
      diagnostics: problems
        .filter((e, i) => problems.findIndex((x) => x.pos[0] === e.pos[0]) === i)
        .map((e) => errorAt(file, posOf(e.pos[0]), 'yaml-syntax', yamlMessage(e.code, e.message))),
    };
  }
  if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) {
    return {
      file,
      root: undefined,
      diagnostics: [fileError(file, 'empty-file', 'the file is empty: a config file starts with version: 1')],
    };
  }
  const diagnostics: Diagnostic[] = [];
  let aliasValues = 0;

  /** `alias`: where the outermost alias being expanded is written (undefined outside aliases). */
  const convert = (node: Node, depth: number, alias: Pos | undefined): Located => {
    const pos = posOf(node.range?.[0] ?? 0);
    if (depth > MAX_DEPTH) {
      throw new ConversionStop(
        errorAt(file, pos, 'too-deep', `the YAML is nested more than ${MAX_DEPTH} levels deep`),
      );
    }
    if (alias && ++aliasValues > MAX_ALIAS_VALUES) {
      throw new ConversionStop(
        errorAt(
          file,
          alias,
          'alias-limit',
          `aliases expand to more than ${MAX_ALIAS_VALUES} values (a YAML bomb?): share member lists with groups instead`,
        ),
      );
    }
    if (isAlias(node)) {
      const target = node.resolve(doc);
      if (!target) {
        // Usually an ignore pattern such as *@contractor.example written without quotes.
        const text = `*${node.source}`;
        throw new ConversionStop(
          errorAt(
            file,
            pos,
            'yaml-syntax',
            `YAML reads ${text} as an alias, and no anchor &${node.source} exists: put it in quotes ("${text}")`,
          ),
        );
      }
      return convert(target, depth + 1, alias ?? pos);
    }
    if (isMap(node)) {
      const entries = new Map<string, LocatedEntry>();
      for (const pair of node.items) {
        const keyNode = pair.key as Node | null;
        const keyPos = keyNode?.range ? posOf(keyNode.range[0]) : pos;
        const key = keyText(keyNode);
        if (key === undefined) {
          diagnostics.push(
            errorAt(file, keyPos, 'bad-key', 'a key must be a plain string, not a list or a mapping'),
          );
          continue;
        }
        const first = entries.get(key);
        if (first) {
          diagnostics.push(
            errorAt(
              file,
              keyPos,
              'duplicate-key',
              `duplicate key '${key}': already defined at ${formatPlace(file, first.keyPos)}`,
            ),
          );
          continue;
        }
        const valueNode = pair.value as Node | null;
        const value: Located = valueNode
          ? convert(valueNode, depth + 1, alias)
          : { kind: 'scalar', pos: keyPos, value: null, source: '' };
        entries.set(key, { key, keyPos, value });
      }
      return { kind: 'map', pos, entries };
    }
    if (isSeq(node)) {
      const items = (node.items as (Node | null)[]).map(
        (item): Located =>
          item ? convert(item, depth + 1, alias) : { kind: 'scalar', pos, value: null, source: '' },
      );
      return { kind: 'seq', pos, items };
    }
    if (isScalar(node)) return scalarOf(node, pos);
    throw new ConversionStop(errorAt(file, pos, 'yaml-syntax', 'unsupported YAML node'));
  };

  try {
    const root = convert(doc.contents, 0, undefined);
    return { file, root, diagnostics };
  } catch (err) {
    if (err instanceof ConversionStop)
      return { file, root: undefined, diagnostics: [...diagnostics, err.diagnostic] };
    throw err;
  }
}

function keyText(node: Node | null): string | undefined {
  if (node === null) return '';
  if (!isScalar(node)) return undefined;
  // A plain key is taken exactly as written; a quoted one by its value.
  if (node.type === Scalar.PLAIN && typeof node.source === 'string') return node.source;
  return node.value === null ? '' : String(node.value);
}

function scalarOf(node: Scalar, pos: Pos): LocatedScalar {
  const source = typeof node.source === 'string' ? node.source : String(node.value);
  const v = node.value;
  if (v === null || typeof v === 'string' || typeof v === 'boolean')
    return { kind: 'scalar', pos, value: v, source };
  // .inf and .nan are not numbers any setting accepts: kept as text, the schema reports them.
  if (typeof v === 'number') return { kind: 'scalar', pos, value: Number.isFinite(v) ? v : source, source };
  return { kind: 'scalar', pos, value: source, source };
}

function yamlMessage(code: string, message: string): string {
  switch (code) {
    case 'MULTIPLE_DOCS':
      return 'a config file holds one YAML document, but a second one starts here';
    case 'BAD_SCALAR_START':
      return message.endsWith('@')
        ? `YAML syntax error: ${lowerFirst(message)} (a group is written group:NAME; other values starting with @ need quotes)`
        : `YAML syntax error: ${lowerFirst(message)} (put the value in quotes)`;
    case 'TAG_RESOLVE_FAILED':
      return `YAML: ${lowerFirst(message)} (this format uses no tags)`;
    default:
      return `YAML syntax error: ${lowerFirst(message)}`;
  }
}

function lowerFirst(s: string): string {
  const first = s.split('\n')[0] ?? s;
  return first.charAt(0).toLowerCase() + first.slice(1);
}

/** The tree as plain JSON data (for JSON Schema validation). */
export function toPlain(node: Located): unknown {
  switch (node.kind) {
    case 'scalar':
      return node.value;
    case 'seq':
      return node.items.map(toPlain);
    case 'map': {
      const out: Record<string, unknown> = {};
      for (const [k, e] of node.entries) {
        // defineProperty: a key named __proto__ must stay an ordinary key.
        Object.defineProperty(out, k, {
          value: toPlain(e.value),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return out;
    }
  }
}

/** The node an ajv instancePath (JSON pointer) names, and the position of its key when it has one. */
export function locate(root: Located, pointer: string): { node: Located; keyPos?: Pos } | undefined {
  if (pointer === '') return { node: root };
  let node: Located = root;
  let keyPos: Pos | undefined;
  for (const raw of pointer.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (node.kind === 'map') {
      const e = node.entries.get(seg);
      if (!e) return undefined;
      node = e.value;
      keyPos = e.keyPos;
    } else if (node.kind === 'seq') {
      const item = node.items[Number(seg)];
      if (!item) return undefined;
      node = item;
      keyPos = undefined;
    } else {
      return undefined;
    }
  }
  return { node, keyPos };
}
