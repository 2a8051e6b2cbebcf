// The bad-input corpus: every file (or *-dir directory) in test/fixtures/invalid/ must produce
// exactly the diagnostics in its NAME.expected.txt, one `file:line:col  message` line each, and
// nothing else. The valid fixtures load, with the exact warnings or state they promise.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, loadDesiredState } from '../../src/config/index.js';
import { ROOT } from '../helpers/cli.js';

const INVALID = join(ROOT, 'test/fixtures/invalid');
const VALID = join(ROOT, 'test/fixtures/valid');

/** Paths as a user in the repository root would type them. */
const typed = (abs: string) => relative(process.cwd(), abs);

function invalidCases(): { name: string; path: string; expected: string[] }[] {
  return readdirSync(INVALID)
    .filter((n) => n.endsWith('.yaml') || n.endsWith('-dir'))
    .sort()
    .map((n) => {
      const base = n.replace(/\.yaml$/, '');
      const expectedFile = join(INVALID, `${base}.expected.txt`);
      const expected = existsSync(expectedFile)
        ? readFileSync(expectedFile, 'utf8')
            .split('\n')
            .filter((l) => l !== '')
        : [];
      return { name: n, path: join(INVALID, n), expected };
    });
}

describe('invalid fixtures', () => {
  const cases = invalidCases();

  it('has at least 30 cases, each with its expected diagnostics', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
    for (const c of cases) expect(c.expected, c.name).not.toEqual([]);
  });

  it.each(cases)('$name', async ({ path, expected }) => {
    expect(process.cwd()).toBe(ROOT.replace(/\/$/, ''));
    const result = await loadDesiredState(typed(path), { now: new Date('2026-01-01T00:00:00Z') });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.diagnostics.map(formatDiagnostic)).toEqual(expected);
    expect(result.diagnostics.some((d) => d.severity === 'error')).toBe(true);
  });
});

describe('valid fixtures', () => {
  it('normalization.yaml gives exactly the expected DesiredState', async () => {
    const result = await loadDesiredState('test/fixtures/valid/normalization.yaml');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const expected = JSON.parse(readFileSync(join(VALID, 'normalization.expected.json'), 'utf8'));
    expect(result.state).toEqual(expected);
    expect(result.warnings).toEqual([]);
  });

  it('warnings.yaml is valid and carries exactly its warnings', async () => {
    const result = await loadDesiredState('test/fixtures/valid/warnings.yaml');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const expected = readFileSync(join(VALID, 'warnings.expected.txt'), 'utf8').split('\n').filter(Boolean);
    expect(result.warnings.map(formatDiagnostic)).toEqual(expected);
    expect(result.warnings.every((w) => w.severity === 'warning')).toBe(true);
    // Ignored and duplicated entries are dropped from the state.
    expect(result.state.workspaces[0]?.members.map((m) => m.email)).toEqual(['ada@acme.example']);
  });

  it('aliases within the limit are expanded', async () => {
    const result = await loadDesiredState('test/fixtures/valid/aliases.yaml');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.state.workspaces[0]?.teams[0]?.members.map((m) => m.email)).toEqual([
      'ada@acme.example',
      'bob@acme.example',
    ]);
  });

  it('a directory merges its *.yaml and *.yml files in name order, skipping others, subdirectories and hidden files', async () => {
    const result = await loadDesiredState('test/fixtures/valid/split-workspace');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.files).toEqual([
      'test/fixtures/valid/split-workspace/00-org.yaml',
      'test/fixtures/valid/split-workspace/10-team-eng.yaml',
      'test/fixtures/valid/split-workspace/20-team-design.yml',
    ]);
    expect(result.state.sources).toEqual(result.files);
    const [ws] = result.state.workspaces;
    expect(ws?.teams.map((t) => [t.name, t.mode, t.at.file])).toEqual([
      ['Engineering', 'authoritative', 'test/fixtures/valid/split-workspace/10-team-eng.yaml'],
      ['Design', 'additive', 'test/fixtures/valid/split-workspace/20-team-design.yml'],
    ]);
  });
});
