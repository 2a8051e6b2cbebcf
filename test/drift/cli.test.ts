// `asana-access drift` against the acme sandbox over HTTP: a config that matches the seed, then
// changes made by hand in the sandbox, detected in every format; read-only; every fault path.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACME_TOKENS, type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { ROOT, runCli } from '../helpers/cli.js';
import { expectGolden } from '../helpers/golden.js';
import { tempDir } from '../helpers/temp-dir.js';
import { addToTeam, setLicense } from './hand-change.js';
import { schemaErrors } from './schema.js';
import { findAll, parseXml } from './xml.js';

const CONFIG = 'test/drift/fixtures/acme-design.yaml';
const DESIGN_GID = '1200000000000012';
/** Clara's acceptance (until 2026-01-31) has expired at NOW; grace's (until 2099) holds. */
const NOW = '2026-06-15T09:30:00Z';

let sb: Sandbox;
const env = () => ({ ASANA_BASE_URL: sb.apiBaseUrl, ASANA_TOKEN: ACME_TOKENS.serviceAccount });
const drift = (...args: string[]) =>
  runCli(['drift', CONFIG, '--now', NOW, '--quiet', ...args], { env: env() });

interface JsonItem {
  kind: string;
  status: string;
  user: { email: string };
  target?: { type: string; name?: string; from?: string; to?: string };
}

beforeAll(async () => {
  sb = await startSandbox({ seed: join(ROOT, 'examples/acme/sandbox.yaml'), port: 0, rateLimitPerMinute: 0 });
});

afterAll(async () => {
  await sb?.close();
});

describe('drift on the acme sandbox', () => {
  it('finds no drift while every acceptance holds (exit 0)', async () => {
    const r = await runCli(['drift', CONFIG, '--now', '2026-01-15', '--quiet', '--format', 'json'], {
      env: env(),
    });
    expect(r.stderr).not.toMatch(/error/);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.summary).toMatchObject({ drifted: 0, accepted: 2, expired: 0, ignoredAccounts: 2 });
    const text = await runCli(['drift', CONFIG, '--now', '2026-01-15', '--quiet'], { env: env() });
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('No drift: Asana matches the configuration.');
  });

  it('counts a difference whose acceptance has expired as drift again (exit 2)', async () => {
    const r = await drift('--format', 'json');
    expect(r.code).toBe(2);
    const items = JSON.parse(r.stdout).items as JsonItem[];
    expect(items.map((i) => [i.kind, i.user.email, i.status])).toEqual([
      ['manual', 'clara.dubois@acme.example', 'expired'],
      ['manual', 'grace.kim@acme.example', 'accepted'],
    ]);
  });

  /** Each format's run after the hand-made change, with the sandbox's counters over those four runs. */
  const after = new Map<string, Awaited<ReturnType<typeof drift>>>();
  let statsAfter: ReturnType<Sandbox['stats']>;

  it('after a hand-made change (two members added, a license downgraded) reports each one in every format', async () => {
    await addToTeam(sb.apiBaseUrl, ACME_TOKENS.adminPat, DESIGN_GID, 'ben.hughes@acme.example');
    await addToTeam(sb.apiBaseUrl, ACME_TOKENS.adminPat, DESIGN_GID, 'peter.walsh@acme.example');
    await setLicense(sb.apiBaseUrl, ACME_TOKENS.serviceAccount, 'mateo.rossi@acme.example', 'view only');
    sb.resetStats();
    for (const format of ['text', 'json', 'markdown', 'junit'])
      after.set(format, await drift('--format', format));
    statsAfter = sb.stats();
    for (const [format, r] of after) {
      expect(r.code, `${format}: ${r.stderr}`).toBe(2);
      for (const who of ['ben.hughes', 'peter.walsh', 'mateo.rossi']) expect(r.stdout, format).toContain(who);
    }

    const report = JSON.parse(after.get('json')!.stdout);
    expect(schemaErrors(report)).toBe('');
    expect((report.items as JsonItem[]).map((i) => [i.kind, i.user.email, i.target?.type, i.status])).toEqual(
      [
        ['unexpected-access', 'ben.hughes@acme.example', 'team', 'drift'],
        ['license', 'mateo.rossi@acme.example', 'license', 'drift'],
        ['manual', 'clara.dubois@acme.example', 'team', 'expired'],
        ['manual', 'grace.kim@acme.example', 'team', 'accepted'],
        ['unmanaged-account', 'peter.walsh@acme.example', 'team', 'drift'],
      ],
    );
    expect(report.items[1].target).toEqual({ type: 'license', from: 'view-only', to: 'enterprise' });
    expect(report.summary).toMatchObject({ drifted: 4, accepted: 1, expired: 1, ignoredAccounts: 2 });

    const text = after.get('text')!.stdout;
    expect(text).toContain(
      '  - ben.hughes@acme.example team "Design" in Acme Corp: member in Asana, not declared',
    );
    expect(text).toContain(
      '  - peter.walsh@acme.example team "Design" in Acme Corp: member in Asana, account in no config',
    );
    expect(text).toContain('  ~ mateo.rossi@acme.example: holds view-only, declared enterprise');

    expectGolden('drift-acme.md', after.get('markdown')!.stdout);

    const junit = after.get('junit')!.stdout;
    const failing = findAll(parseXml(junit), 'testcase')
      .filter((c) => findAll(c, 'failure').length > 0)
      .map((c) => c.attrs.name);
    expect(failing).toEqual([
      `Acme Corp/Design (${DESIGN_GID})`,
      'ben.hughes@acme.example',
      'clara.dubois@acme.example',
      'mateo.rossi@acme.example',
    ]);
    expectGolden('drift-acme.junit.xml', junit);
  });

  it('counts ignored accounts but never lists them', () => {
    for (const [format, r] of after) {
      expect(r.stdout, format).not.toMatch(/contractor\.example|agency\.example|asana-access-bot/);
    }
    expect(after.get('markdown')!.stdout).toContain('| Ignored accounts (not listed) | 2 |');
  });

  it('is read-only: only GET requests reached the sandbox, in every format', () => {
    expect(statsAfter.requests).toBeGreaterThan(0);
    expect(Object.keys(statsAfter.byRoute).filter((route) => !route.startsWith('GET '))).toEqual([]);
    expect(statsAfter.batchActions).toEqual({});
    expect(statsAfter.mutations).toBe(0);
  });

  it('never prints the token', () => {
    for (const [format, r] of after)
      expect(r.stdout + r.stderr, format).not.toContain(ACME_TOKENS.serviceAccount);
  });
});

describe('drift: bad input and failures (exit 1, nothing sent)', () => {
  const tmp = tempDir('asana-access-drift');

  it('an invalid config is reported with its location before anything is read from Asana', async () => {
    const file = join(tmp, 'bad.yaml');
    writeFileSync(file, 'version: 1\nusers:\n  not-an-email: enterprise\n');
    sb.resetStats();
    const r = await runCli(['drift', file, '--quiet'], { env: env() });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${file}:3:3`);
    expect(r.stdout).toBe('');
    expect(sb.stats().requests).toBe(0);
  });

  it('a team the config names that Asana does not have is an error at its line, not drift', async () => {
    const file = join(tmp, 'unknown-team.yaml');
    writeFileSync(
      file,
      'version: 1\nworkspaces:\n  Acme Corp:\n    members: []\n    teams:\n      Desgin:\n        members: []\n',
    );
    const r = await runCli(['drift', file, '--quiet'], { env: env() });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`${file}:6:\\d+ +Team "Desgin" does not exist`));
    expect(r.stdout).toBe('');
  });

  it('a missing token, a rejected token, a bad --now and a bad --format exit 1', async () => {
    const noToken = await runCli(['drift', CONFIG, '--quiet'], { env: { ASANA_BASE_URL: sb.apiBaseUrl } });
    expect(noToken.code).toBe(1);
    expect(noToken.stderr).toContain('no Asana token');

    const wrong = 'not-a-real-token-12345';
    const rejected = await runCli(['drift', CONFIG, '--quiet'], {
      env: { ASANA_BASE_URL: sb.apiBaseUrl, ASANA_TOKEN: wrong },
    });
    expect(rejected.code).toBe(1);
    expect(rejected.stderr).toMatch(/token was rejected/);
    expect(rejected.stdout + rejected.stderr).not.toContain(wrong);

    const badNow = await runCli(['drift', CONFIG, '--now', 'yesterday', '--quiet'], { env: env() });
    expect(badNow.code).toBe(1);
    expect(badNow.stderr).toContain('--now yesterday is not an ISO 8601 date');

    const badFormat = await drift('--format', 'yaml');
    expect(badFormat.code).toBe(1);
    expect(badFormat.stderr).toContain('--format');
  });
});

describe('drift: interrupted while reading Asana', () => {
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    it(`${signal}: exits ${code} at once, prints no report`, async () => {
      // Every answer takes 1.5 s: the first one counted means the command is reading, with more in flight.
      const slow = await startSandbox({
        seed: join(ROOT, 'examples/acme/sandbox.yaml'),
        port: 0,
        rateLimitPerMinute: 0,
        latency: { baseMs: 1500, jitterMs: 0 },
      });
      try {
        const r = await runCli(['drift', CONFIG, '--quiet'], {
          env: { ASANA_BASE_URL: slow.apiBaseUrl, ASANA_TOKEN: ACME_TOKENS.serviceAccount },
          onSpawn: (child) => {
            const poll = setInterval(() => {
              if (slow.stats().requests > 0) {
                clearInterval(poll);
                child.kill(signal);
              }
            }, 20);
            child.on('exit', () => clearInterval(poll));
          },
        });
        expect(r.code).toBe(code);
        expect(r.stdout).toBe('');
        expect(r.stderr).toContain('interrupted: nothing was changed');
        expect(slow.stats().mutations).toBe(0);
      } finally {
        await slow.close();
      }
    });
  }
});
