// The CLI against a sandbox, as the reliability tests run it: the compiled CLI in a child process
// with a clean environment, every output checked for token leaks, and the checks every failure
// shares (exit 1, a message, no stack trace).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Sandbox } from '../../../src/sandbox/index.js';
import { type CliOptions, type CliResult, runCli } from '../../helpers/cli.js';
import { expectNoSecret } from './secrets.js';

export { expectNoSecret, secret } from './secrets.js';

const made: string[] = [];

/** A temporary directory, removed by `removeTempDirs()` (call it in afterAll). */
export function tempDir(label: string): string {
  const dir = mkdtempSync(join(tmpdir(), `asana-access-rel-${label}-`));
  made.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
}

export function writeIn(dir: string, name: string, text: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

export interface RunOptions extends CliOptions {
  /** ASANA_TOKEN; omitted when undefined (use `env` for a --token-file run). */
  token?: string;
}

/** Runs the CLI against the sandbox (ASANA_BASE_URL set) and checks stdout and stderr for tokens. */
export async function cliAgainst(
  sb: Pick<Sandbox, 'apiBaseUrl'>,
  args: string[],
  options: RunOptions = {},
): Promise<CliResult> {
  const { token, env, ...rest } = options;
  const r = await runCli(args, {
    ...rest,
    env: { ASANA_BASE_URL: sb.apiBaseUrl, ...(token !== undefined ? { ASANA_TOKEN: token } : {}), ...env },
  });
  expectNoSecret(r.stdout, `stdout of ${args.join(' ')}`);
  expectNoSecret(r.stderr, `stderr of ${args.join(' ')}`);
  return r;
}

/** Runs the CLI without a sandbox (offline commands, or a base URL given in env). */
export async function cli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  const r = await runCli(args, options);
  expectNoSecret(r.stdout, `stdout of ${args.join(' ')}`);
  expectNoSecret(r.stderr, `stderr of ${args.join(' ')}`);
  return r;
}

/** A stack frame (`    at fn (file:1:2)`) or a raw JS error name: what a crash looks like. */
const CRASH =
  /^\s+at .+(:\d+:\d+\)?|\(native\)|<anonymous>\)?)$|\b(TypeError|ReferenceError|RangeError|SyntaxError|AxiosError|ERR_[A-Z_]+)\b/m;

/**
 * A clean failure: exit 1, something said on stderr (or stdout for validate's diagnostics) that
 * matches `message`, and nothing that looks like a crash.
 */
export function expectCleanFailure(r: CliResult, message: RegExp | string): void {
  const all = `${r.stdout}\n${r.stderr}`;
  expect(r.code, `exit code; stderr: ${r.stderr.slice(0, 2000)}`).toBe(1);
  expect(all.match(CRASH)?.[0], `looks like a crash:\n${all.slice(0, 3000)}`).toBeUndefined();
  if (typeof message === 'string') expect(all).toContain(message);
  else expect(all).toMatch(message);
}

/** No stack trace or raw JS error name anywhere in the output. */
export function expectNoCrash(r: CliResult): void {
  const all = `${r.stdout}\n${r.stderr}`;
  expect(all.match(CRASH)?.[0], `looks like a crash:\n${all.slice(0, 3000)}`).toBeUndefined();
}

/** Write requests the sandbox has received (REST and SCIM, batches counted once). */
export function writesSeen(sb: Sandbox): number {
  let n = 0;
  for (const [route, outcomes] of Object.entries(sb.stats().byRoute)) {
    if (/^(POST|PUT|PATCH|DELETE) /.test(route)) for (const c of Object.values(outcomes)) n += c;
  }
  return n;
}
