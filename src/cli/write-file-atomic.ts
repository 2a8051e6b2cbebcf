// Writes a file so that no reader ever sees half of it: a temporary file in the same directory,
// created with the final mode (0600 by default: plans and exports describe who can access what),
// fsync'd, then renamed over the target. An interrupted write leaves the old file, or none.
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ConfigError } from '../asana/errors.js';

export function writeFileAtomic(file: string, text: string, mode = 0o600): void {
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'wx', mode);
    writeSync(fd, text);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, file);
  } catch (e) {
    if (fd !== undefined) {
      try {
        closeSync(fd);
      } catch {
        // Already closed.
      }
    }
    try {
      unlinkSync(tmp);
    } catch {
      // Never created, or already renamed.
    }
    throw new ConfigError(`cannot write ${file}: ${errorCode(e)}`);
  }
}

function errorCode(e: unknown): string {
  const code = (e as { code?: unknown }).code;
  return typeof code === 'string' ? code : e instanceof Error ? e.message : 'write error';
}
