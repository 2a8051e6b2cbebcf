// Security: a unique token never appears in any output, file, journal, plan, export or error, on
// success and failure paths alike (including an Asana that echoes it back); plan files, journals and
// exports are private (0600, folders 0700) whatever the umask; a base URL that is not HTTPS (and not
// loopback) is refused before anything is sent; a redirect is never followed with the token.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { CLI, type CliResult, ROOT } from '../helpers/cli.js';
import {
  cli,
  cliAgainst,
  expectCleanFailure,
  expectNoSecret,
  removeTempDirs,
  secret,
  tempDir,
  writeIn,
} from './support/cli.js';
import { FAULT_CONFIG, type FaultTokens, faultSeed } from './support/fault-domain.js';

/** Fresh for every run of the suite, so a leak cannot hide behind a value seen elsewhere. */
const TOKEN = secret(`rel-sec-${randomBytes(16).toString('hex')}`);
const WRONG = secret(`rel-sec-wrong-${randomBytes(16).toString('hex')}`);
const tokens: FaultTokens = {
  sa: TOKEN,
  sa2: secret(`rel-sec-sa2-${randomBytes(8).toString('hex')}`),
  memberPat: secret(`rel-sec-pat-${randomBytes(8).toString('hex')}`),
};

let sb: Sandbox;
let cwd: string;
let home: string;
let config: string;
let tokenFile: string;
const servers: Server[] = [];

/** The environment of every run: HOME and XDG folders inside the scanned tree, so nothing is written elsewhere unseen. */
function env(extra: Record<string, string> = {}): Record<string, string> {
  return {
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_CACHE_HOME: join(home, '.cache'),
    XDG_DATA_HOME: join(home, '.local', 'share'),
    ...extra,
  };
}

beforeAll(async () => {
  sb = await startSandbox({ seed: faultSeed(tokens, 5) });
  cwd = tempDir('sec');
  home = join(cwd, 'home');
  mkdirSync(home);
  config = writeIn(cwd, 'access.yaml', FAULT_CONFIG);
  tokenFile = writeIn(cwd, 'token.txt', `${TOKEN}\n`);
  chmodSync(tokenFile, 0o600);
});

afterAll(async () => {
  await sb.close();
  for (const s of servers) await new Promise((r) => s.close(r));
  removeTempDirs();
});

/** Every file under `dir`, recursively. */
function allFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? allFiles(join(dir, e.name)) : e.isFile() ? [join(dir, e.name)] : [],
  );
}

const run = (args: string[], extra: Record<string, string> = {}, token: string | undefined = TOKEN) =>
  cliAgainst(sb, args, { cwd, env: env(extra), ...(token === undefined ? {} : { token }) });

describe('the token never appears anywhere', () => {
  it('in the output and files of every command, on success and on failure', async () => {
    const results: CliResult[] = [];
    const ok = async (
      args: string[],
      code: number | number[] = 0,
      extra: Record<string, string> = {},
      token?: string,
    ) => {
      const r = await run(args, extra, token ?? TOKEN);
      expect([code].flat(), `${args.join(' ')}: ${r.stderr}`).toContain(r.code);
      results.push(r);
      return r;
    };
    const viaFile = (args: string[], code: number | number[] = 0) =>
      ok([...args, '--token-file', tokenFile], code, {}, undefined);

    // Success paths: every command, by ASANA_TOKEN and by --token-file.
    await ok(['validate', config]);
    await ok(['plan', config, '--out', join(cwd, 'plan.json')]);
    await ok(['plan', config, '--format', 'json']);
    await ok(['plan', config, '--format', 'markdown']);
    await ok(['drift', config, '--format', 'json'], 2);
    await ok(['apply', join(cwd, 'plan.json')]);
    await viaFile(['plan', config, '--detailed-exitcode']);
    // Roles no API changes (admins) stay as drift: 0 or 2, never 1.
    for (const format of ['text', 'markdown', 'junit'])
      await viaFile(['drift', config, '--format', format], [0, 2]);
    await ok(['export', '--scim', '--out', join(cwd, 'export.yaml')]);
    await viaFile(['apply', config, '--auto-approve', '--json']);

    // Failure paths: a wrong token, a token without the right (SCIM with a PAT), Asana failing in
    // the middle of an apply (the token revoked), and Asana's malformed answer.
    await ok(['plan', config], 1, {}, WRONG);
    await ok(['export'], 1, {}, WRONG);
    await ok(['drift', config], 1, {}, WRONG);
    await ok(['apply', config, '--auto-approve'], 1, {}, WRONG);
    await ok(['plan', config], 1, {}, tokens.memberPat);
    const open = writeIn(cwd, 'open-token.txt', TOKEN);
    chmodSync(open, 0o644);
    await ok(['plan', config, '--token-file', open], 0, {}, undefined);
    writeIn(
      cwd,
      'more.yaml',
      FAULT_CONFIG.replace('u11@acme.example: view-only', 'u11@acme.example: enterprise'),
    );
    sb.setFaults([{ route: 'PATCH /scim/Users/*', kind: 'revoke-token', count: 1 }]);
    await ok(['apply', join(cwd, 'more.yaml'), '--auto-approve'], 1);
    sb.setFaults([{ route: 'GET /workspaces', kind: 'malformed-json', count: 1 }]);
    await ok(['export', '--out', join(cwd, 'never.yaml')], 1, {}, tokens.sa2);
    sb.setFaults([]);

    // Every file the runs wrote (plans, journals, exports, anything under HOME) is free of it.
    const written = allFiles(cwd).filter((f) => f !== tokenFile && f !== open);
    expect(written.some((f) => f.includes(`${join('.asana-access', 'journal')}`))).toBe(true);
    for (const f of written) expectNoSecret(readFileSync(f, 'latin1'), f);
    expect(results.length).toBeGreaterThanOrEqual(20);
  });

  it('even when Asana echoes the token back in error messages and redirect locations', async () => {
    const echo = await listen((req, res) => {
      const auth = String(req.headers.authorization ?? '');
      if (req.url?.includes('/workspaces')) {
        res.writeHead(302, { location: `http://127.0.0.1:1/steal?token=${auth}` });
        return res.end();
      }
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errors: [{ message: `bad request with header ${auth}`, phrase: auth }] }));
    });
    for (const args of [
      ['plan', config],
      ['export'],
      ['drift', config],
      ['apply', config, '--auto-approve'],
    ]) {
      const r = await cli(args, { cwd, env: env({ ASANA_BASE_URL: `${echo}/api/1.0`, ASANA_TOKEN: TOKEN }) });
      expectCleanFailure(r, /\[redacted\]|redirect/);
    }
    for (const f of allFiles(cwd).filter((f) => f !== tokenFile && !f.endsWith('token.txt')))
      expectNoSecret(readFileSync(f, 'latin1'), f);
  });
});

/** Runs the CLI in `dir` with umask 000: files must still be private, because the tool sets their mode. */
function runWithUmask000(dir: string, args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('/bin/sh', ['-c', 'umask 000 && exec "$0" "$@"', process.execPath, CLI, ...args], {
      cwd: dir,
      env: {
        PATH: process.env.PATH ?? '',
        NO_COLOR: '1',
        CI: 'true',
        // The first test revokes TOKEN on purpose: these runs use the second service account.
        ...env({ ASANA_BASE_URL: sb.apiBaseUrl, ASANA_TOKEN: tokens.sa2 }),
      },
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

const mode = (path: string) => statSync(path).mode & 0o777;

describe('files are private', () => {
  it('plan files, journals and exports are 0600 (their folder 0700) even with umask 000, and stay so when overwritten', async () => {
    const dir = join(cwd, 'modes');
    mkdirSync(dir);
    const planFile = join(dir, 'plan.json');
    const exportFile = join(dir, 'export.yaml');
    const journal = join(dir, 'journal.jsonl');
    // Files left readable by an older run (or by hand) are replaced or made private.
    writeFileSync(planFile, '{}', { mode: 0o644 });
    writeFileSync(exportFile, 'version: 1\n', { mode: 0o644 });
    writeFileSync(journal, '', { mode: 0o644 });
    chmodSync(planFile, 0o644);
    chmodSync(journal, 0o644);
    const first = writeIn(
      dir,
      'access.yaml',
      FAULT_CONFIG.replace('u10@acme.example: view-only', 'u10@acme.example: enterprise'),
    );
    const second = writeIn(
      dir,
      'second.yaml',
      readFileSync(first, 'utf8').replace('u09@acme.example: view-only', 'u09@acme.example: enterprise'),
    );
    const step = async (args: string[]) => {
      const r = await runWithUmask000(dir, args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      expectNoSecret(r.stderr, args.join(' '));
    };
    await step(['plan', first, '--out', planFile]);
    await step(['export', '--out', exportFile]);
    // A saved plan, journaled to the default place (created now, under umask 000).
    await step(['apply', planFile]);
    // A config, journaled to an existing file that was readable by others.
    await step(['apply', second, '--auto-approve', '--journal', journal]);
    expect(mode(planFile)).toBe(0o600);
    expect(mode(exportFile)).toBe(0o600);
    expect(mode(journal)).toBe(0o600);
    const folder = join(dir, '.asana-access', 'journal');
    expect(mode(folder)).toBe(0o700);
    expect(readdirSync(folder)).toHaveLength(1);
    for (const f of readdirSync(folder)) expect(mode(join(folder, f)), f).toBe(0o600);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe.concurrent('base URLs the token must not be sent to', () => {
  const refused: Array<[string, RegExp]> = [
    ['http://asana.test/api/1.0', /refusing to send the token over plain HTTP to asana\.test/],
    [
      'http://localhost.evil.test/api/1.0',
      /refusing to send the token over plain HTTP to localhost\.evil\.test/,
    ],
    ['http://127.0.0.1.nip.io/api/1.0', /refusing to send the token over plain HTTP/],
    ['http://[::ffff:7f00:1]/api/1.0', /refusing to send the token over plain HTTP/],
    ['ftp://127.0.0.1/api/1.0', /ASANA_BASE_URL must be an https:\/\/ URL/],
    ['https://user:secret@app.asana.com/api/1.0', /must not contain a user name or password/],
    ['https://app.asana.com/api/1.0?token=x', /must not contain a query/],
    ['not a url', /ASANA_BASE_URL is not a URL/],
  ];
  for (const [url, message] of refused) {
    for (const command of [
      ['plan', 'CONFIG'],
      ['apply', 'CONFIG', '--auto-approve'],
      ['drift', 'CONFIG'],
      ['export'],
    ]) {
      it(`${command[0]} refuses ${url}`, async () => {
        const args = command.map((a) => (a === 'CONFIG' ? config : a));
        const r = await cli(args, { cwd, env: env({ ASANA_BASE_URL: url, ASANA_TOKEN: TOKEN }) });
        expectCleanFailure(r, message);
      });
    }
  }
});

/** A loopback HTTP server; resolves to its base URL. */
function listen(
  handler: (req: IncomingMessage, res: import('node:http').ServerResponse) => void,
): Promise<string> {
  return new Promise((resolve) => {
    const server = createServer(handler);
    servers.push(server);
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    );
  });
}

describe('redirects are never followed with the token', () => {
  it('a 301/302/303/307/308 to another loopback port: that server never sees a request, the tool says why', async () => {
    const seen: Array<{ url: string; authorization: string | undefined }> = [];
    const target = await listen((req, res) => {
      seen.push({ url: req.url ?? '', authorization: req.headers.authorization });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"data": {"gid": "1", "name": "Mallory", "email": "m@evil.test"}}');
    });
    const statuses = [301, 302, 303, 307, 308];
    let i = 0;
    const redirector = await listen((req, res) => {
      res.writeHead(statuses[i++ % statuses.length]!, { location: `${target}${req.url}` });
      res.end();
    });
    const base = { ASANA_BASE_URL: `${redirector}/api/1.0`, ASANA_TOKEN: TOKEN };
    for (const args of [
      ['plan', config],
      ['export'],
      ['drift', config],
      ['apply', config, '--auto-approve'],
      ['export', '--scim'],
    ]) {
      const r = await cli(args, { cwd, env: env(base) });
      expectCleanFailure(
        r,
        /was answered with a redirect \(HTTP 30[1-8]\): it points to http:\/\/127\.0\.0\.1:\d+\/api\/1\.0\/\S*; redirects are never followed with the token/,
      );
    }
    expect(seen).toEqual([]);
  });
});

// The suite's own files must never hold a real-looking token either (a guard for fixtures).
describe('fixtures', () => {
  it('regression fixtures hold only the suite’s fake tokens', () => {
    const dir = join(ROOT, 'test', 'fixtures', 'regressions');
    for (const f of readdirSync(dir)) {
      const text = readFileSync(join(dir, f), 'utf8');
      for (const m of text.matchAll(/"value": "([^"]+)"/g)) expect(m[1]).toMatch(/^reliability-/);
    }
  });
});
