// `asana-access export`, the compiled CLI against a sandbox over HTTP: the YAML validates, plans to
// zero actions against the same domain, lands atomically with mode 0600, and the token never shows.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createAsanaClient } from '../../src/asana/client.js';
import { loadDesiredState } from '../../src/config/index.js';
import { planChanges } from '../../src/plan/index.js';
import { loadSeed, type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { liveDigest } from '../../src/state/digest.js';
import { readLiveState } from '../../src/state/read.js';
import { scopeFromDesired } from '../../src/state/scope.js';
import { runCli } from '../helpers/cli.js';

// A token value that exists nowhere else, so finding it anywhere means it leaked.
const TOKEN = `leak-check-${randomBytes(12).toString('hex')}`;
const PAT = `leak-check-pat-${randomBytes(12).toString('hex')}`;
const dir = mkdtempSync(join(tmpdir(), 'export-cli-'));
let sb: Sandbox;

beforeAll(async () => {
  const seed = loadSeed('examples/acme/sandbox.yaml');
  for (const t of seed.tokens) {
    if (t.kind === 'service-account') t.value = TOKEN;
    if (t.name === 'admin-pat') t.value = PAT;
  }
  sb = await startSandbox({ seed });
});
afterAll(async () => {
  await sb.close();
  rmSync(dir, { recursive: true, force: true });
});

const env = (token = TOKEN) => ({ ASANA_TOKEN: token, ASANA_BASE_URL: sb.apiBaseUrl });

function everyFileIn(d: string): string[] {
  return readdirSync(d, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

function expectNoToken(texts: string[]): void {
  for (const t of texts) {
    expect(t).not.toContain(TOKEN);
    expect(t).not.toContain(PAT);
  }
}

async function planOf(file: string, token: string) {
  const loaded = await loadDesiredState(file);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.diagnostics, null, 2));
  const client = createAsanaClient({ baseUrl: sb.apiBaseUrl, token });
  const live = await readLiveState(client, scopeFromDesired(loaded.state));
  return planChanges(loaded.state, live, {
    toolVersion: '0.0.0',
    createdAt: new Date().toISOString(),
    configDigest: loaded.digest,
    liveDigest: liveDigest(live),
    baseUrl: sb.apiBaseUrl,
  });
}

describe('export', () => {
  it('with --scim writes a config file (0600) that validates and plans to zero actions', async () => {
    const out = join(dir, 'scim');
    const r = await runCli(['export', '--scim', '--out', `${out}.yaml`], { env: env() });
    expect(r.stderr).toMatch(/exported \d+ users, 2 workspaces, \d+ teams to /);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(statSync(`${out}.yaml`).mode & 0o777).toBe(0o600);
    const doc = parse(readFileSync(`${out}.yaml`, 'utf8'));
    expect(doc.settings.manageLicenses).toBe(true);
    expect(Object.keys(doc.workspaces)).toContain('Acme Corp');
    expect(doc.users['laura.bianchi@acme.example'].license).toBe('view-only');
    // Roles are exported: workspace admins, team admins, limited-access team members.
    expect(doc.workspaces['Acme Corp'].members).toContainEqual({
      user: 'ada.lindqvist@acme.example',
      role: 'admin',
    });
    expect(doc.workspaces['Acme Corp'].teams.Sales.members).toEqual(
      expect.arrayContaining([
        { user: 'raj.patel@acme.example', role: 'admin' },
        { user: 'emma.wilson@acme.example', role: 'limited-access' },
      ]),
    );

    const validate = await runCli(['validate', `${out}.yaml`]);
    expect(validate.code).toBe(0);

    // The round trip through the real CLI: planned against the same domain, nothing to do.
    const planned = await runCli(
      ['plan', `${out}.yaml`, '--detailed-exitcode', '--format', 'json', '--quiet'],
      { env: env() },
    );
    expect(planned.stderr).toBe('');
    expect(planned.code).toBe(0);
    expect(JSON.parse(planned.stdout).actions).toEqual([]);
    expectNoToken([planned.stdout, planned.stderr]);

    const { plan, problems } = await planOf(`${out}.yaml`, TOKEN);
    expect(problems).toEqual([]);
    expect(plan.actions).toEqual([]);
    expect(plan.summary).toMatchObject({ create: 0, grant: 0, revoke: 0 });
    // No manual item either: roles are declared, and the guests (julia, sam) are declared view-only,
    // which matches a guest.
    const guests = ['julia.meyer@agency.example', 'sam.rivera@contractor.example'];
    for (const guest of guests) expect(readFileSync(`${out}.yaml`, 'utf8')).toContain(`${guest}:`);
    expect(plan.manual).toEqual([]);
    expectNoToken([r.stdout, r.stderr, ...everyFileIn(dir).map((f) => readFileSync(f, 'utf8'))]);
  });

  it('without --scim, to stdout, with a PAT from --token-file, limited to one workspace', async () => {
    const tokenFile = join(dir, 'token');
    writeFileSync(tokenFile, `${PAT}\n`, { mode: 0o600 });
    const r = await runCli(['export', '--workspace', 'Acme Corp', '--token-file', tokenFile], {
      env: { ASANA_BASE_URL: sb.apiBaseUrl },
    });
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('warning: the token file');
    const doc = parse(r.stdout);
    expect(Object.keys(doc.workspaces)).toEqual(['Acme Corp']);
    expect(doc.settings.manageLicenses).toBe(false);
    const file = join(dir, 'pat.yaml');
    writeFileSync(file, r.stdout);
    const { plan, problems } = await planOf(file, PAT);
    expect(problems).toEqual([]);
    expect(plan.actions).toEqual([]);
    expect(plan.manual.filter((m) => m.reason.endsWith('-role'))).toEqual([]);
    expectNoToken([r.stdout, r.stderr]);
  });

  it('--out DIR writes asana-access.yaml there, replacing an older one and leaving no temp file', async () => {
    const out = join(dir, 'outdir');
    rmSync(out, { recursive: true, force: true });
    await import('node:fs').then((fs) => fs.mkdirSync(out));
    writeFileSync(join(out, 'asana-access.yaml'), 'old', { mode: 0o644 });
    const r = await runCli(['export', '--out', out, '--quiet'], { env: env() });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(readdirSync(out)).toEqual(['asana-access.yaml']);
    expect(readFileSync(join(out, 'asana-access.yaml'), 'utf8')).toMatch(/^# Exported from Asana/);
    expect(statSync(join(out, 'asana-access.yaml')).mode & 0o777).toBe(0o600);
  });

  it('progress in CI is plain lines on stderr, and nothing with --quiet', async () => {
    const loud = await runCli(['export'], { env: env() });
    expect(loud.stderr).toMatch(/^reading Asana: done, \d+ lists, \d+ pages, \d+ requests in \d+\.\d s$/m);
    expect(loud.stderr).not.toContain('\r');
    const quiet = await runCli(['export', '-q'], { env: env() });
    expect(quiet.stderr).toBe('');
    expect(quiet.stdout).toBe(loud.stdout.replace(/at \S+Z/, quiet.stdout.match(/at \S+Z/)![0]));
  });
});

describe('export failures: one clear message, exit 1, no token anywhere', () => {
  const failures: Array<{
    name: string;
    args: string[];
    env: () => Record<string, string>;
    message: RegExp;
  }> = [
    {
      name: 'a rejected token (401)',
      args: ['export'],
      env: () => env(`${TOKEN}-wrong`),
      message: /^error: the token was rejected by Asana \(HTTP 401\) on GET \/users\/me/m,
    },
    {
      name: 'SCIM with a PAT (403)',
      args: ['export', '--scim'],
      env: () => env(PAT),
      message:
        /^error: the token is not allowed to GET \/scim\/Users \(HTTP 403\): SCIM needs an Enterprise service-account token/m,
    },
    {
      name: 'an http:// base URL to a remote host',
      args: ['export'],
      env: () => ({ ASANA_TOKEN: TOKEN, ASANA_BASE_URL: 'http://asana.example.com/api/1.0' }),
      message: /^error: refusing to send the token over plain HTTP to asana\.example\.com/m,
    },
    {
      name: 'no token',
      args: ['export'],
      env: () => ({ ASANA_BASE_URL: sb.apiBaseUrl }),
      message: /^error: no Asana token: set ASANA_TOKEN, or pass --token-file FILE$/m,
    },
    {
      name: 'a workspace that does not exist',
      args: ['export', '--workspace', 'Nope Inc'],
      env: () => env(),
      message:
        /^error: --workspace "Nope Inc" matches no workspace the token can see; it sees "Acme Corp" \(\d+\), /m,
    },
  ];
  for (const f of failures) {
    it(f.name, async () => {
      const out = join(dir, `fail-${f.name.replace(/\W+/g, '-')}.yaml`);
      const r = await runCli([...f.args, '--out', out], { env: f.env() });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(f.message);
      expect(r.stderr.match(/^error: /gm)).toHaveLength(1);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(() => statSync(out)).toThrow();
      expectNoToken([r.stdout, r.stderr]);
    });
  }

  it('warns when the token file is readable by others, and still never prints the token', async () => {
    const tokenFile = join(dir, 'open-token');
    writeFileSync(tokenFile, TOKEN, { mode: 0o644 });
    const r = await runCli(['export', '--token-file', tokenFile, '--quiet'], {
      env: { ASANA_BASE_URL: sb.apiBaseUrl },
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`warning: the token file ${tokenFile} is readable by others (mode 644)`);
    expectNoToken([r.stdout, r.stderr]);
  });
});

describe('export interrupted', () => {
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    it(`${signal} stops it with exit code ${code} and writes nothing`, async () => {
      const slow = await startSandbox({ seed: 'examples/acme/sandbox.yaml', latency: { baseMs: 3000 } });
      try {
        const out = join(dir, `interrupted-${signal}.yaml`);
        const r = await runCli(['export', '--out', out], {
          env: { ASANA_TOKEN: 'acme-sandbox-service-account-token', ASANA_BASE_URL: slow.apiBaseUrl },
          // Once the first request reached Asana the command runs (its handlers are set): interrupt it.
          onSpawn: (child) => {
            const poll = setInterval(() => {
              if (slow.stats().requests > 0) {
                clearInterval(poll);
                child.kill(signal);
              }
            }, 20);
          },
        });
        expect(r.code).toBe(code);
        expect(r.stderr).toContain('interrupted: nothing was written');
        expect(() => statSync(out)).toThrow();
        expect(readdirSync(dir).filter((f) => f.includes('interrupted'))).toEqual([]);
      } finally {
        await slow.close();
      }
    });
  }
});
