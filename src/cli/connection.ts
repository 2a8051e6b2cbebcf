// Connection settings shared by every command that talks to Asana: the flags, the environment
// (ASANA_TOKEN, ASANA_BASE_URL) and the client built from them. The token comes only from the
// environment or a file: a flag value would land in shell history and process lists.
import { readFileSync, statSync } from 'node:fs';
import { Flags } from '@oclif/core';
import { checkBaseUrl, DEFAULT_BASE_URL } from '../asana/base-url.js';
import { type AsanaClient, createAsanaClient } from '../asana/client.js';
import { ConfigError } from '../asana/errors.js';
import type { ClientEvent } from '../asana/types.js';

export const DEFAULT_RATE_LIMIT = 1500;
export const DEFAULT_TIMEOUT_SECONDS = 30;

/** Spread into a command's `flags`. */
export const connectionFlags = {
  'token-file': Flags.string({
    summary: 'Read the Asana token from this file (instead of ASANA_TOKEN).',
    description:
      'The file holds the token (a personal access token or a service-account token); surrounding whitespace is ignored. A warning is printed when the file is readable by group or others.',
    helpValue: 'FILE',
  }),
  'rate-limit': Flags.integer({
    summary: `Requests per minute to stay under (default ${DEFAULT_RATE_LIMIT}; 150 on free domains).`,
    min: 1,
    default: DEFAULT_RATE_LIMIT,
    helpValue: 'N',
  }),
  timeout: Flags.integer({
    summary: `Seconds to wait for one Asana answer before retrying it (default ${DEFAULT_TIMEOUT_SECONDS}).`,
    min: 1,
    default: DEFAULT_TIMEOUT_SECONDS,
    helpValue: 'SECONDS',
  }),
  quiet: Flags.boolean({
    char: 'q',
    summary: 'No progress on stderr.',
    default: false,
  }),
};

export interface ConnectionFlagValues {
  'token-file'?: string;
  'rate-limit': number;
  timeout: number;
  quiet: boolean;
}

export interface ConnectionSettings {
  baseUrl: string;
  token: string;
  /** Where the token came from, for messages (never the token itself). */
  tokenSource: 'ASANA_TOKEN' | `--token-file ${string}`;
  rateLimitPerMinute: number;
  timeoutMs: number;
  quiet: boolean;
}

export interface ResolveOptions {
  env?: NodeJS.ProcessEnv;
  /** Where warnings go (default: a line on stderr). */
  warn?: (message: string) => void;
}

/**
 * Flags + environment → settings. Throws a ConfigError for a missing token, an unreadable or empty
 * token file, or a base URL the token must not be sent to. `--token-file` wins over ASANA_TOKEN.
 */
export function resolveConnection(
  flags: ConnectionFlagValues,
  options: ResolveOptions = {},
): ConnectionSettings {
  const env = options.env ?? process.env;
  const warn = options.warn ?? ((m: string) => process.stderr.write(`warning: ${m}\n`));
  const baseUrl = checkBaseUrl(nonEmpty(env.ASANA_BASE_URL) ?? DEFAULT_BASE_URL);
  let token: string;
  let tokenSource: ConnectionSettings['tokenSource'];
  const file = flags['token-file'];
  if (file !== undefined) {
    token = readTokenFile(file, warn);
    tokenSource = `--token-file ${file}`;
  } else {
    const fromEnv = nonEmpty(env.ASANA_TOKEN);
    if (fromEnv === undefined) {
      throw new ConfigError('no Asana token: set ASANA_TOKEN, or pass --token-file FILE');
    }
    token = fromEnv.trim();
    tokenSource = 'ASANA_TOKEN';
  }
  if (/\s/.test(token)) throw new ConfigError(`the token from ${tokenSource} contains whitespace inside it`);
  return {
    baseUrl,
    token,
    tokenSource,
    rateLimitPerMinute: flags['rate-limit'],
    timeoutMs: flags.timeout * 1000,
    quiet: flags.quiet,
  };
}

function readTokenFile(file: string, warn: (m: string) => void): string {
  let text: string;
  try {
    const stat = statSync(file);
    if (!stat.isFile()) throw new ConfigError(`--token-file ${file} is not a file`);
    // Group or others may read it: the token is as good as shared.
    if (process.platform !== 'win32' && (stat.mode & 0o044) !== 0) {
      warn(
        `the token file ${file} is readable by ${(stat.mode & 0o004) !== 0 ? 'others' : 'its group'} (mode ${(stat.mode & 0o777).toString(8).padStart(3, '0')}); restrict it with: chmod 600 ${file}`,
      );
    }
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    const code = (e as { code?: unknown }).code;
    throw new ConfigError(
      `cannot read --token-file ${file}: ${typeof code === 'string' ? code : 'read error'}`,
    );
  }
  const token = text.trim();
  if (token === '') throw new ConfigError(`--token-file ${file} is empty`);
  return token;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

/** The client for these settings; `onEvent` feeds progress. */
export function clientFor(settings: ConnectionSettings, onEvent?: (e: ClientEvent) => void): AsanaClient {
  return createAsanaClient({
    baseUrl: settings.baseUrl,
    token: settings.token,
    rateLimitPerMinute: settings.rateLimitPerMinute,
    timeoutMs: settings.timeoutMs,
    onEvent,
  });
}
