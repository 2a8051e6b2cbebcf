import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/asana/errors.js';
import { resolveConnection } from '../../src/cli/connection.js';

const dir = mkdtempSync(join(tmpdir(), 'conn-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const flags = { 'rate-limit': 1500, timeout: 30, quiet: false };

function tokenFile(name: string, text: string, mode: number): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  chmodSync(file, mode);
  return file;
}

describe('resolveConnection', () => {
  it('takes ASANA_TOKEN and the default base URL', () => {
    const s = resolveConnection(flags, { env: { ASANA_TOKEN: ' tok-1 \n' } });
    expect(s).toEqual({
      baseUrl: 'https://app.asana.com/api/1.0',
      token: 'tok-1',
      tokenSource: 'ASANA_TOKEN',
      rateLimitPerMinute: 1500,
      timeoutMs: 30000,
      quiet: false,
    });
  });

  it('prefers --token-file, trims it, and says nothing when only the owner can read it', () => {
    const warnings: string[] = [];
    const file = tokenFile('ok', 'tok-file\n', 0o600);
    const s = resolveConnection(
      { ...flags, 'token-file': file },
      { env: { ASANA_TOKEN: 'other' }, warn: (m) => warnings.push(m) },
    );
    expect(s.token).toBe('tok-file');
    expect(s.tokenSource).toBe(`--token-file ${file}`);
    expect(warnings).toEqual([]);
  });

  it('warns when group or others can read the token file', () => {
    const warnings: string[] = [];
    const file = tokenFile('open', 'tok', 0o644);
    resolveConnection({ ...flags, 'token-file': file }, { env: {}, warn: (m) => warnings.push(m) });
    expect(warnings).toEqual([
      `the token file ${file} is readable by others (mode 644); restrict it with: chmod 600 ${file}`,
    ]);
    const group = tokenFile('group', 'tok', 0o640);
    resolveConnection({ ...flags, 'token-file': group }, { env: {}, warn: (m) => warnings.push(m) });
    expect(warnings[1]).toContain('readable by its group (mode 640)');
  });

  it('fails clearly without a token, with a missing, empty or directory token file', () => {
    expect(() => resolveConnection(flags, { env: {} })).toThrow(
      new ConfigError('no Asana token: set ASANA_TOKEN, or pass --token-file FILE'),
    );
    expect(() => resolveConnection(flags, { env: { ASANA_TOKEN: '  ' } })).toThrow(/no Asana token/);
    expect(() => resolveConnection({ ...flags, 'token-file': join(dir, 'nope') }, { env: {} })).toThrow(
      /cannot read --token-file .*nope: ENOENT/,
    );
    const empty = tokenFile('empty', '\n', 0o600);
    expect(() => resolveConnection({ ...flags, 'token-file': empty }, { env: {} })).toThrow(/is empty/);
    expect(() => resolveConnection({ ...flags, 'token-file': dir }, { env: {} })).toThrow(/is not a file/);
  });

  it('refuses an http:// base URL to a remote host, accepts loopback', () => {
    expect(() =>
      resolveConnection(flags, { env: { ASANA_TOKEN: 't', ASANA_BASE_URL: 'http://asana.example/api/1.0' } }),
    ).toThrow(ConfigError);
    expect(
      resolveConnection(flags, { env: { ASANA_TOKEN: 't', ASANA_BASE_URL: 'http://127.0.0.1:9/api/1.0/' } })
        .baseUrl,
    ).toBe('http://127.0.0.1:9/api/1.0');
  });

  it('refuses a token with whitespace inside', () => {
    expect(() => resolveConnection(flags, { env: { ASANA_TOKEN: 'a b' } })).toThrow(/whitespace/);
  });
});
