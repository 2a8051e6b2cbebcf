// `asana-access validate` as a user runs it: the compiled CLI in a child process.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'asana-access-validate-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('asana-access validate', () => {
  it('exits 0 on a valid file and prints the summary', async () => {
    const r = await runCli(['validate', 'examples/acme/access.yaml']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('✓ 1 file, 38 users, 2 workspaces, 3 teams\n');
    expect(r.code).toBe(0);
  });

  it('validates a directory of files', async () => {
    const r = await runCli(['validate', 'examples/multi-file']);
    expect(r.stdout).toBe('✓ 3 files, 7 users, 1 workspace, 2 teams\n');
    expect(r.code).toBe(0);
  });

  it('exits 1 and lists every problem, then a count', async () => {
    const r = await runCli(['validate', 'test/fixtures/invalid/mixed-many-problems.yaml']);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(
      "test/fixtures/invalid/mixed-many-problems.yaml:4:19  manageLicenses must be true or false (got 'yes')",
    );
    expect(lines.at(-1)).toBe('✗ 7 errors');
    expect(lines).toHaveLength(8);
    expect(r.code).toBe(1);
  });

  it('shows warnings of a valid config and still exits 0', async () => {
    const r = await runCli(['validate', 'test/fixtures/valid/warnings.yaml']);
    expect(r.stdout).toContain('test/fixtures/valid/warnings.yaml:11:9  warning: ');
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe(
      '✓ 1 file, 3 users, 1 workspace, 0 teams (5 warnings)',
    );
    expect(r.code).toBe(0);
  });

  it('reports a missing path and exits 1', async () => {
    const r = await runCli(['validate', 'nowhere/access.yaml']);
    expect(r.stdout).toBe('nowhere/access.yaml  no such file or directory\n✗ 1 error\n');
    expect(r.code).toBe(1);
  });

  it('reads asana-access.yaml in the current directory when no path is given', async () => {
    const missing = await runCli(['validate'], { cwd: tmp });
    expect(missing.stdout).toBe('asana-access.yaml  no such file or directory\n✗ 1 error\n');
    expect(missing.code).toBe(1);
    writeFileSync(join(tmp, 'asana-access.yaml'), 'version: 1\nusers:\n  ada@acme.example:\n');
    const found = await runCli(['validate'], { cwd: tmp });
    expect(found.stdout).toBe('✓ 1 file, 1 user, 0 workspaces, 0 teams\n');
    expect(found.code).toBe(0);
  });

  it('--format json gives the diagnostics as data', async () => {
    const r = await runCli(['validate', 'test/fixtures/invalid/unknown-group.yaml', '--format', 'json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report).toEqual({
      formatVersion: 1,
      valid: false,
      diagnostics: [
        {
          file: 'test/fixtures/invalid/unknown-group.yaml',
          line: 3,
          col: 23,
          severity: 'warning',
          code: 'unmanaged-license',
          message: '1 user declares a license, but settings.manageLicenses is false: licenses are ignored',
        },
        {
          file: 'test/fixtures/invalid/unknown-group.yaml',
          line: 6,
          col: 14,
          severity: 'error',
          code: 'unknown-group',
          message: "unknown group 'enginering' (did you mean 'engineering'?)",
        },
        {
          file: 'test/fixtures/invalid/unknown-group.yaml',
          line: 11,
          col: 9,
          severity: 'error',
          code: 'unknown-group',
          message: "unknown group 'design'",
        },
      ],
    });
  });

  it('--format json on a valid config gives the summary and digest', async () => {
    const r = await runCli(['validate', 'examples/multi-file', '--format', 'json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({
      formatVersion: 1,
      valid: true,
      files: [
        'examples/multi-file/groups.yaml',
        'examples/multi-file/users.yaml',
        'examples/multi-file/workspaces.yaml',
      ],
      summary: { files: 3, users: 7, workspaces: 1, teams: 2 },
      diagnostics: [],
    });
    expect(report.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('refuses an unknown format', async () => {
    const r = await runCli(['validate', 'examples/minimal.yaml', '--format', 'xml']);
    expect(r.code).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('--format');
  });
});
