// The state file: the domain as a seed (every gid explicit), written atomically after each change so
// that another sandbox process on the same file sees it, and re-read when someone else wrote it.
import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { SeedError, validateSeed } from './seed.js';
import type { Seed } from './seed-types.js';

/** Identifies one version of the file: a rename gives a new inode, a write a new mtime/size. */
export function fileStamp(file: string): string | undefined {
  try {
    const st = statSync(file);
    return `${st.ino}:${st.mtimeMs}:${st.size}`;
  } catch {
    return undefined;
  }
}

/** The seed stored in a state file, or undefined when the file does not exist. */
export function readStateFile(file: string): Seed | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new SeedError(`${file}: cannot read the state file: ${(err as Error).message}`, []);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new SeedError(`${file}: the state file is not valid JSON (${(err as Error).message})`, []);
  }
  return validateSeed(value, () => `${file}:`);
}

/** Writes the state next to the file and renames it over: readers never see half a file. */
export function writeStateFile(file: string, seed: Seed): void {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    writeFileSync(tmp, JSON.stringify(seed));
    renameSync(tmp, file);
  } catch (err) {
    try {
      unlinkSync(tmp);
    } catch {
      // the temporary file was never created
    }
    throw err;
  }
}
