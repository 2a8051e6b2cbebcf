// loadDesiredState: a path (file or directory) → a validated, normalized DesiredState, or every
// problem found, each at its file, line and column. Offline: reads files, nothing else.
import type { DesiredState } from '../model/desired.js';
import { digestOf } from '../util/digest.js';
import { type Diagnostic, sortDiagnostics } from './diagnostic.js';
import { type FileTree, mergeFiles } from './merge.js';
import { resolveConfig } from './resolve.js';
import { checkSchema } from './schema-check.js';
import { readSources } from './source-files.js';
import { parseYamlFile } from './yaml-tree.js';

/** What `validate`, `plan`, `apply` and `drift` read when no path is given. */
export const DEFAULT_CONFIG_PATH = 'asana-access.yaml';

export type LoadResult =
  | {
      ok: true;
      state: DesiredState;
      /** digestDesiredState(state). */
      digest: string;
      /** The files read, in merge order, as shown in diagnostics. */
      files: string[];
      /** Warnings only (a valid config may still have some). */
      warnings: Diagnostic[];
    }
  | { ok: false; diagnostics: Diagnostic[] };

export interface LoadOptions {
  /** The current time, for acceptances that have ended (default: now). */
  now?: Date;
}

export async function loadDesiredState(path: string, options: LoadOptions = {}): Promise<LoadResult> {
  const read = await readSources(path);
  const diagnostics: Diagnostic[] = [...read.diagnostics];
  const trees: FileTree[] = [];
  for (const { file, text } of read.texts) {
    const parsed = parseYamlFile(file, text);
    diagnostics.push(...parsed.diagnostics);
    if (!parsed.root) continue;
    diagnostics.push(...checkSchema(file, parsed.root));
    trees.push({ file, root: parsed.root });
  }
  // A file that could not be read or parsed may declare users, groups or workspaces: without it,
  // "unknown user" errors would be noise, so references are only checked when every file was used.
  const referencesComplete = read.files.length > 0 && trees.length === read.files.length;
  const merged = mergeFiles(trees);
  diagnostics.push(...merged.diagnostics);
  const resolved = resolveConfig(merged.config, {
    referencesComplete,
    today: (options.now ?? new Date()).toISOString().slice(0, 10),
    sources: read.files,
  });
  diagnostics.push(...resolved.diagnostics);

  const order = read.files.length > 0 ? read.files : [path];
  const sorted = sortDiagnostics(diagnostics, order);
  if (sorted.some((d) => d.severity === 'error') || read.files.length === 0) {
    return { ok: false, diagnostics: sorted };
  }
  return {
    ok: true,
    state: resolved.state,
    digest: digestDesiredState(resolved.state),
    files: read.files,
    warnings: sorted,
  };
}

/**
 * The digest of what a config means: where things are written (`at`, the file names) and which
 * group brought a member in (`viaGroup`) are left out, so moving a declaration to another line or
 * file, reformatting or renaming a group keeps the digest; any change in meaning changes it.
 */
export function digestDesiredState(state: DesiredState): string {
  return digestOf(withoutProvenance({ ...state, sources: undefined }));
}

const PROVENANCE = new Set(['at', 'viaGroup']);

function withoutProvenance(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutProvenance);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (!PROVENANCE.has(k)) out[k] = withoutProvenance(v);
    return out;
  }
  return value;
}

/** Counts for the one-line summary of a valid config. */
export interface ConfigSummary {
  files: number;
  users: number;
  workspaces: number;
  teams: number;
}

export function summarize(state: DesiredState): ConfigSummary {
  return {
    files: state.sources.length,
    users: state.users.length,
    workspaces: state.workspaces.length,
    teams: state.workspaces.reduce((n, w) => n + w.teams.length, 0),
  };
}
