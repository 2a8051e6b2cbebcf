// `asana-access plan` as a user runs it: the compiled CLI against an in-process acme sandbox over
// HTTP. Golden files for the three formats, a byte-identical second run, --out, exit codes, problems,
// --json, --baseline, and bad input.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Plan } from '../../src/model/index.js';
import { computePlanDigest, verifyPlanDigest } from '../../src/plan/index.js';
import { renderPlanJson } from '../../src/report/index.js';
import { ACME_TOKENS, type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { type CliResult, runCli } from '../helpers/cli.js';
import { expectGolden } from '../helpers/golden.js';
import { tempDir } from '../helpers/temp-dir.js';
import { planSchemaErrors } from './schema.js';

const CONFIG = 'examples/acme/access.yaml';
let sandbox: Sandbox;
let dir: string;

beforeAll(async () => {
  // Several CLI runs share the token at once here: the sandbox's per-token in-flight cap (Asana's 50
  // reads) is lifted so that they never see a 429, which is not what these tests are about.
  sandbox = await startSandbox({
    seed: 'examples/acme/sandbox.yaml',
    port: 0,
    rateLimitPerMinute: 0,
    maxReadsInFlight: 10_000,
  });
  dir = tempDir('asana-access-plan');
});

afterAll(async () => {
  await sandbox?.close();
});

async function plan(args: string[], env: Record<string, string | undefined> = {}): Promise<CliResult> {
  const result = await runCli(['plan', ...args, '--quiet'], {
    env: { ASANA_BASE_URL: sandbox.apiBaseUrl, ASANA_TOKEN: ACME_TOKENS.serviceAccount, ...env },
  });
  // Whatever happens, the token never shows.
  expect(result.stdout + result.stderr).not.toContain(ACME_TOKENS.serviceAccount);
  return result;
}

/** The sandbox's random port, and the fields that differ between runs, made stable for golden files. */
function normalizeJson(text: string): string {
  const p = JSON.parse(text) as Plan;
  return renderPlanJson({
    ...p,
    createdAt: '<createdAt>',
    domain: { ...p.domain, baseUrl: normalizeUrl(p.domain.baseUrl) },
    digest: '<digest>',
  });
}

function normalizeUrl(text: string): string {
  return text.replaceAll(sandbox.apiBaseUrl, 'http://127.0.0.1:<port>/api/1.0');
}

function write(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

// Runs are independent processes against a sandbox nobody changes: run them a few at a time.
describe.concurrent('asana-access plan against the acme sandbox', () => {
  it('text output (grouped by user) matches the golden file', async () => {
    const r = await plan([CONFIG]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expectGolden('plan-acme.txt', r.stdout);
  });

  it('markdown output matches the golden file', async () => {
    const r = await plan([CONFIG, '--format', 'markdown']);
    expect(r.code).toBe(0);
    expectGolden('plan-acme.md', normalizeUrl(r.stdout));
  });

  it('JSON output matches the golden file, validates and verifies', async () => {
    const r = await plan([CONFIG, '--format', 'json']);
    expect(r.code).toBe(0);
    const p = JSON.parse(r.stdout) as Plan;
    expect(planSchemaErrors(p)).toBe('');
    expect(verifyPlanDigest(p)).toBe(true);
    expectGolden('plan-acme.json', normalizeJson(r.stdout));
  });

  it('holds every kind of action, and manual steps', async () => {
    const p = JSON.parse((await plan([CONFIG, '--json'])).stdout) as Plan;
    const kinds = new Set(
      p.actions.map((a) =>
        a.kind === 'create-account'
          ? `create-account via ${a.via}`
          : a.target.type === 'license'
            ? `${a.kind} license ${a.target.from} → ${a.target.to}`
            : `${a.kind} ${a.target.type}`,
      ),
    );
    expect([...kinds].sort()).toEqual([
      'create-account via scim',
      'grant license view-only → enterprise',
      'grant team',
      'grant workspace',
      'revoke license enterprise → view-only',
      'revoke license view-only → deprovisioned',
      'revoke team',
      'revoke workspace',
    ]);
    expect(new Set(p.manual.map((m) => m.reason))).toEqual(
      new Set(['reactivate', 'team-role', 'workspace-role']),
    );
    // --json follows oclif's convention: the plan itself on stdout.
    expect(planSchemaErrors(p)).toBe('');
    expect(p.summary).toEqual({ create: 1, grant: 6, revoke: 4, manual: 3 });
  });

  it('a second identical run gives a byte-identical JSON plan apart from its timestamp', async () => {
    const first = (await plan([CONFIG, '--format', 'json'])).stdout;
    const second = (await plan([CONFIG, '--format', 'json'])).stdout;
    const again = JSON.parse(second) as Plan;
    const { digest: _digest, ...rest } = { ...again, createdAt: (JSON.parse(first) as Plan).createdAt };
    expect(renderPlanJson({ ...rest, digest: computePlanDigest(rest) })).toBe(first);
  });

  it('groups by target on request', async () => {
    const r = await plan([CONFIG, '--group-by', 'target']);
    expect(r.stdout).toContain('team "Sales" in "Acme Corp"\n  - ines.costa@acme.example (Ines Costa)\n');
  });

  it('--out saves the plan atomically with mode 0600, and the text still goes to stdout', async () => {
    const out = join(dir, 'saved', 'plan.json');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(dir, 'saved'));
    const r = await plan([CONFIG, '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Plan: 1 to create, 6 to grant, 4 to revoke, 3 manual.');
    expect(r.stderr).toBe(`Saved the plan to ${out}; apply it with: asana-access apply ${out}\n`);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect(readdirSync(join(dir, 'saved'))).toEqual(['plan.json']);
    const saved = JSON.parse(readFileSync(out, 'utf8')) as Plan;
    expect(planSchemaErrors(saved)).toBe('');
    expect(verifyPlanDigest(saved)).toBe(true);
  });

  it('--out to a directory that does not exist fails clearly', async () => {
    const r = await plan([CONFIG, '--out', join(dir, 'missing', 'plan.json')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`error: cannot write ${join(dir, 'missing', 'plan.json')}: ENOENT`);
  });

  it('--detailed-exitcode: 2 with changes, 0 without', async () => {
    expect((await plan([CONFIG, '--detailed-exitcode'])).code).toBe(2);
    const none = write(
      'none.yaml',
      'version: 1\nusers:\n  priya.raman@acme.example:\nworkspaces:\n  Acme Partners Lab:\n    members:\n      - priya.raman@acme.example\n',
    );
    const r = await plan([none, '--detailed-exitcode']);
    expect(r.stdout).toBe('No changes. Asana matches the configuration.\n');
    expect(r.code).toBe(0);
  });

  it('a plan over the revocation limit is shown with its problem, exits 1 and is not saved', async () => {
    const out = join(dir, 'refused.json');
    const r = await plan([CONFIG, '--max-revocations', '3', '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      'Problem: the plan cannot be applied until it is fixed:\n  ✗ The plan revokes 4 access(es), more than the limit of 3 revocation(s) set by --max-revocations.',
    );
    expect(r.stdout).toContain('run with --max-revocations 4. (revocation-limit)\n');
    expect(r.stderr).toBe(
      'error: the plan has a problem and cannot be applied; nothing was saved (see the plan)\n',
    );
    expect(() => statSync(out)).toThrow();
    expect((await plan([CONFIG, '--max-revocations', '4'])).code).toBe(0);
  });

  it('with --format json, problems go to stderr and nothing to stdout', async () => {
    const r = await plan([CONFIG, '--format', 'json', '--max-revocations', '0']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(
      'error: the plan has a problem and cannot be applied; nothing was saved:\n  The plan revokes 4',
    );
  });

  it('--json prints the error as JSON when the plan is refused', async () => {
    const refused = await plan([CONFIG, '--json', '--max-revocations', '1']);
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout).error.message).toContain('The plan revokes 4 access(es)');
  });

  it('names a team the config declares and Asana lacks, at its line', async () => {
    const bad = write(
      'ghost.yaml',
      'version: 1\nusers:\n  priya.raman@acme.example:\nworkspaces:\n  Acme Corp:\n    members:\n      - priya.raman@acme.example\n    teams:\n      Ghosts:\n        members:\n          - priya.raman@acme.example\n',
    );
    const r = await plan([bad]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${bad}:9:7  Team "Ghosts" does not exist in workspace "Acme Corp"`);
  });

  it('--baseline splits what the change introduces from drift already there', async () => {
    const base = write(
      'base.yaml',
      readFileSync(CONFIG, 'utf8').replace(
        '      - zara.ahmed@acme.example # joins the partner programme\n',
        '',
      ),
    );
    const r = await plan([CONFIG, '--baseline', base]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /Changes this change introduces \(1\)\n {2}\+ add zara\.ahmed@acme\.example to workspace "Acme Partners Lab"\n/,
    );
    expect(r.stdout).toContain('Plan: 1 to create, 6 to grant, 4 to revoke, 3 manual.');
  });

  it('--baseline in Markdown keeps the split', async () => {
    const base = write(
      'base-md.yaml',
      readFileSync(CONFIG, 'utf8').replace(
        '      - zara.ahmed@acme.example # joins the partner programme\n',
        '',
      ),
    );
    const md = await plan([CONFIG, '--baseline', base, '--format', 'markdown']);
    expect(md.code).toBe(0);
    expect(md.stdout).toContain('### Access changes in this pull request');
    expect(md.stdout).toContain('**Introduced by this pull request:**');
  });

  it('bad flags and a missing token exit 1', async () => {
    const flag = await plan([CONFIG, '--format', 'yaml', '--detailed-exitcode']);
    expect(flag.code).toBe(1);
    expect(flag.stderr).toContain('Expected --format=yaml to be one of: text, json, markdown');
    const noToken = await plan([CONFIG], { ASANA_TOKEN: undefined });
    expect(noToken.code).toBe(1);
    expect(noToken.stderr).toBe('error: no Asana token: set ASANA_TOKEN, or pass --token-file FILE\n');
  });

  it('a rejected token is one clear error', async () => {
    const r = await plan([CONFIG], { ASANA_TOKEN: 'not-a-token' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: .*401/);
    expect(r.stdout).toBe('');
  });
});

// Alone: it counts the sandbox's requests, which concurrent runs would add to.
describe('asana-access plan with an invalid config', () => {
  it('an invalid config exits 1 with its diagnostics and reads nothing from Asana', async () => {
    sandbox.resetStats();
    const bad = write('bad.yaml', 'version: 1\nusers:\n  not-an-email:\n');
    const r = await plan([bad]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${bad}:3:3`);
    expect(r.stderr).toContain(
      `error: the configuration at ${bad} is not valid; nothing was read from Asana`,
    );
    expect(sandbox.stats().requests).toBe(0);
  });
});
