// `asana-access plan PATH --baseline BASE_PATH` against the acme sandbox, on a crafted case: the pull
// request adds Rosa to the workspace and the Design team (introduced), while Peter was added to
// Design by hand before it (drift already there, which the target branch's config also removes).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACME_TOKENS, type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { ROOT, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';
import { addToTeam } from './hand-change.js';

const BASE = 'test/drift/fixtures/acme-design.yaml';
const HEAD = 'test/drift/fixtures/acme-design-pr.yaml';
const DESIGN_GID = '1200000000000012';

let sb: Sandbox;
const env = () => ({ ASANA_BASE_URL: sb.apiBaseUrl, ASANA_TOKEN: ACME_TOKENS.serviceAccount });
const plan = (...args: string[]) =>
  runCli(['plan', HEAD, '--baseline', BASE, '--quiet', ...args], { env: env() });

beforeAll(async () => {
  sb = await startSandbox({ seed: join(ROOT, 'examples/acme/sandbox.yaml'), port: 0, rateLimitPerMinute: 0 });
  await addToTeam(sb.apiBaseUrl, ACME_TOKENS.adminPat, DESIGN_GID, 'peter.walsh@acme.example');
});

afterAll(async () => {
  await sb?.close();
});

describe('plan --baseline', () => {
  it('shows in Markdown the changes the pull request introduces apart from drift that was already there', async () => {
    const out = join(tempDir('asana-access-baseline'), 'plan.json');
    const r = await plan('--format', 'markdown', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    const md = r.stdout;
    const introduced = md.indexOf('#### Changes this pull request introduces (2)');
    const existing = md.indexOf('<summary>Drift already there before this pull request (3)</summary>');
    expect(introduced).toBeGreaterThan(0);
    expect(existing).toBeGreaterThan(introduced);
    const introducedPart = md.slice(introduced, existing);
    expect(introducedPart).toContain('add rosa.delgado@acme.example to workspace "Acme Corp"');
    expect(introducedPart).toContain('add rosa.delgado@acme.example to team "Design" in "Acme Corp"');
    expect(introducedPart).not.toContain('peter.walsh');
    expect(md.slice(existing)).toContain('remove peter.walsh@acme.example from team "Design" in "Acme Corp"');
    expect(md).toContain(
      '**Introduced by this pull request:** 0 to create, 2 to grant, 0 to revoke, 0 manual.',
    );

    // The saved plan is the whole plan: apply executes the introduced changes and the existing drift.
    const saved = JSON.parse(readFileSync(out, 'utf8'));
    expect(saved.actions.map((a: { id: string }) => a.id).sort()).toEqual([
      `grant-team:${DESIGN_GID}:rosa.delgado@acme.example`,
      'grant-workspace:1200000000000001:rosa.delgado@acme.example',
      `revoke-team:${DESIGN_GID}:peter.walsh@acme.example`,
    ]);
  });

  it('splits the text output the same way', async () => {
    const r = await plan('--no-color');
    expect(r.code, r.stderr).toBe(0);
    const [introduced, rest] = r.stdout.split('Drift already there before this change');
    expect(introduced).toContain('Changes this change introduces (2)');
    expect(introduced).toContain('  + add rosa.delgado@acme.example to team "Design" in "Acme Corp"');
    expect(introduced).not.toContain('peter.walsh');
    expect(rest).toContain('  - remove peter.walsh@acme.example from team "Design" in "Acme Corp"');
  });

  it('with the same config on both sides introduces nothing', async () => {
    const r = await runCli(['plan', BASE, '--baseline', BASE, '--quiet', '--format', 'markdown'], {
      env: env(),
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('#### Changes this pull request introduces (0)');
    expect(r.stdout).toContain('<summary>Drift already there before this pull request (3)</summary>');
  });

  it('leaves the JSON plan as it is, and only reads from Asana', async () => {
    sb.resetStats();
    const r = await plan('--format', 'json');
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).actions).toHaveLength(3);
    expect(Object.keys(sb.stats().byRoute).every((route) => route.startsWith('GET '))).toBe(true);
  });

  it('refuses a baseline that cannot be read, before contacting Asana', async () => {
    sb.resetStats();
    const r = await runCli(['plan', HEAD, '--baseline', 'test/drift/fixtures/no-such-dir', '--quiet'], {
      env: env(),
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('test/drift/fixtures/no-such-dir');
    expect(r.stderr).toMatch(/baseline configuration/);
    expect(sb.stats().requests).toBe(0);
  });
});
