// Finding and reading the configuration files: one file, or every *.yaml/*.yml in a directory.
// Everything that can go wrong before YAML parsing (missing, unreadable, huge, binary) ends here as
// a diagnostic on that file, so the rest of the loader only ever sees text.
import { open, readdir, stat } from 'node:fs/promises';
import { type Diagnostic, fileError } from './diagnostic.js';

/** Files above this size are refused before they are read: no real config comes close. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

export interface SourceText {
  /** The file as shown in diagnostics. */
  file: string;
  text: string;
}

export interface ReadSourcesResult {
  /** Every file that belongs to the config, in merge order (read or not). */
  files: string[];
  texts: SourceText[];
  diagnostics: Diagnostic[];
}

const CONFIG_FILE = /\.ya?ml$/i;

/** Reads `input` (a file or a directory, as the user typed it). Never throws for I/O problems. */
export async function readSources(input: string): Promise<ReadSourcesResult> {
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(input)).isDirectory();
  } catch (err) {
    return { files: [], texts: [], diagnostics: [fileError(input, 'unreadable', describeFsError(err))] };
  }
  const files = isDirectory ? await listConfigFiles(input) : { names: [input] };
  if ('error' in files) return { files: [], texts: [], diagnostics: [files.error] };
  if (files.names.length === 0) {
    return {
      files: [],
      texts: [],
      diagnostics: [fileError(input, 'empty-directory', 'no .yaml or .yml files in this directory')],
    };
  }
  const results = await Promise.all(files.names.map(readOne));
  const texts: SourceText[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const r of results) {
    if ('text' in r) texts.push(r);
    else diagnostics.push(r.error);
  }
  return { files: files.names, texts, diagnostics };
}

/** The config files directly inside `dir` (not in subdirectories, not hidden), sorted by name. */
async function listConfigFiles(dir: string): Promise<{ names: string[] } | { error: Diagnostic }> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch (err) {
    return { error: fileError(dir, 'unreadable', describeFsError(err)) };
  }
  const candidates = entries.filter((n) => CONFIG_FILE.test(n) && !n.startsWith('.')).sort();
  const prefix = dir.endsWith('/') ? dir : `${dir}/`;
  const names: string[] = [];
  for (const name of candidates) {
    const full = `${prefix}${name}`;
    // A directory named like a config file is not a config file; a dangling link still is one
    // (reading it reports the problem).
    const isDir = await stat(full).then(
      (s) => s.isDirectory(),
      () => false,
    );
    if (!isDir) names.push(full);
  }
  return { names };
}

async function readOne(file: string): Promise<SourceText | { error: Diagnostic }> {
  try {
    const info = await stat(file);
    if (info.isDirectory()) return { error: fileError(file, 'unreadable', 'is a directory, not a file') };
    if (info.size > MAX_FILE_BYTES) {
      return {
        error: fileError(
          file,
          'file-too-large',
          `file is too large (${formatMb(info.size)}; the limit is ${formatMb(MAX_FILE_BYTES)})`,
        ),
      };
    }
    // Read with a bound, not to the end: the file may have grown since stat, or be a device or pipe
    // whose size says nothing (validate /dev/zero read until memory ran out).
    const bytes = await readAtMost(file, MAX_FILE_BYTES);
    if (bytes === undefined) {
      return {
        error: fileError(
          file,
          'file-too-large',
          `file is too large (the limit is ${formatMb(MAX_FILE_BYTES)})`,
        ),
      };
    }
    const text = decodeText(bytes);
    if (text === undefined) {
      return {
        error: fileError(file, 'not-text', 'not a YAML text file (it contains binary data or is not UTF-8)'),
      };
    }
    return { file, text };
  } catch (err) {
    return { error: fileError(file, 'unreadable', describeFsError(err)) };
  }
}

/** The file's bytes, or undefined when it holds more than `limit`. */
async function readAtMost(file: string, limit: number): Promise<Buffer | undefined> {
  const handle = await open(file, 'r');
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    const chunk = Buffer.alloc(1024 * 1024);
    for (;;) {
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) return Buffer.concat(chunks, total);
      total += bytesRead;
      if (total > limit) return undefined;
      chunks.push(Buffer.from(chunk.subarray(0, bytesRead)));
    }
  } finally {
    await handle.close();
  }
}

/** UTF-8 text without a byte-order mark, or undefined for binary data. */
function decodeText(bytes: Buffer): string | undefined {
  if (bytes.includes(0)) return undefined;
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return text.startsWith('\uFEFF') ? text.slice(1) : text;
  } catch {
    return undefined;
  }
}

function formatMb(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`;
}

const FS_ERRORS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'cannot read: permission denied',
  EPERM: 'cannot read: operation not permitted',
  ENOTDIR: 'a part of the path is not a directory',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'the path is too long',
  EISDIR: 'is a directory, not a file',
  EMFILE: 'too many open files',
};

function describeFsError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return (code && FS_ERRORS[code]) ?? `cannot read (${code ?? String(err)})`;
}
