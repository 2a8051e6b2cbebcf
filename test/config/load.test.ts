// loadDesiredState beyond the fixture corpus: file system faults, path display, normalization
// rules, the digest, and the pieces exported for other layers.
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type Diagnostic,
  digestDesiredState,
  formatDiagnostic,
  ignoreMatcher,
  type LoadResult,
  loadDesiredState,
  MAX_FILE_BYTES,
} from '../../src/config/index.js';
import { MAX_DEPTH } from '../../src/config/yaml-tree.js';

const tmp = mkdtempSync(join(tmpdir(), 'asana-access-config-'));
afterAll(async () => {
  const { rm } = await import('node:fs/promises');
  await rm(tmp, { recursive: true, force: true });
});

let n = 0;
/** A fresh directory under the test's temporary folder. */
function dir(): string {
  const d = join(tmp, `case-${++n}`);
  mkdirSync(d);
  return d;
}

function write(path: string, text: string | Buffer): string {
  writeFileSync(path, text);
  return path;
}

function errorsOf(r: LoadResult): Diagnostic[] {
  if (r.ok) throw new Error('expected the config to be invalid');
  return r.diagnostics;
}

function stateOf(r: LoadResult) {
  if (!r.ok)
    throw new Error(`expected a valid config, got:\n${r.diagnostics.map(formatDiagnostic).join('\n')}`);
  return r.state;
}

const MINIMAL =
  'version: 1\nusers:\n  ada@acme.example:\nworkspaces:\n  Acme:\n    members: [ada@acme.example]\n';

describe('reading files', () => {
  it('reports a missing path as a whole-file problem, naming the path as typed', async () => {
    const r = await loadDesiredState('no/such/access.yaml');
    expect(errorsOf(r)).toEqual([
      {
        file: 'no/such/access.yaml',
        line: 0,
        col: 0,
        severity: 'error',
        code: 'unreadable',
        message: 'no such file or directory',
      },
    ]);
    expect(formatDiagnostic(errorsOf(r)[0]!)).toBe('no/such/access.yaml  no such file or directory');
  });

  it('reports a symbolic-link loop as unreadable', async () => {
    const d = dir();
    symlinkSync(join(d, 'loop.yaml'), join(d, 'loop.yaml'));
    const r = await loadDesiredState(join(d, 'loop.yaml'));
    expect(errorsOf(r).map((e) => e.message)).toEqual(['too many levels of symbolic links']);
    // Inside a directory, the loop is one of its files and is reported as such.
    write(join(d, 'ok.yaml'), MINIMAL);
    const inDir = errorsOf(await loadDesiredState(d));
    expect(inDir.map((e) => [e.file, e.message])).toEqual([
      [`${d}/loop.yaml`, 'too many levels of symbolic links'],
    ]);
  });

  it.skipIf(process.getuid?.() === 0)('reports a file it may not read', async () => {
    const file = write(join(dir(), 'secret.yaml'), MINIMAL);
    await chmod(file, 0o000);
    const r = await loadDesiredState(file);
    expect(errorsOf(r).map((e) => e.message)).toEqual(['cannot read: permission denied']);
  });

  it('refuses a file larger than the limit without parsing it', async () => {
    const file = join(dir(), 'huge.yaml');
    write(file, Buffer.alloc(MAX_FILE_BYTES + 1, 0x23 /* '#' */));
    const started = Date.now();
    const r = await loadDesiredState(file);
    expect(errorsOf(r).map((e) => [e.code, e.message, e.line])).toEqual([
      ['file-too-large', 'file is too large (10 MB; the limit is 10 MB)', 0],
    ]);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('accepts a file of exactly the limit', async () => {
    const file = join(dir(), 'big.yaml');
    const body = `${MINIMAL}#`;
    write(file, body.padEnd(MAX_FILE_BYTES, '#'));
    expect((await loadDesiredState(file)).ok).toBe(true);
  });

  it('refuses text that is not UTF-8', async () => {
    const file = write(
      join(dir(), 'latin1.yaml'),
      Buffer.from('version: 1\nusers:\n  caf\xe9@acme.example:\n', 'latin1'),
    );
    expect(errorsOf(await loadDesiredState(file)).map((e) => e.code)).toEqual(['not-text']);
  });

  it('ignores a UTF-8 byte-order mark', async () => {
    const file = write(join(dir(), 'bom.yaml'), `\uFEFF${MINIMAL}`);
    expect(stateOf(await loadDesiredState(file)).users.map((u) => u.at)).toEqual([{ file, line: 3, col: 3 }]);
  });

  it('shows directory files under the path as typed, with or without a trailing slash', async () => {
    const d = dir();
    write(join(d, 'a.yaml'), MINIMAL);
    const rel = relative(process.cwd(), d);
    expect(stateOf(await loadDesiredState(rel)).sources).toEqual([`${rel}/a.yaml`]);
    expect(stateOf(await loadDesiredState(`${rel}/`)).sources).toEqual([`${rel}/a.yaml`]);
    expect(stateOf(await loadDesiredState(`./${rel}`)).sources).toEqual([`./${rel}/a.yaml`]);
  });

  it('skips a directory named like a config file', async () => {
    const d = dir();
    write(join(d, 'a.yaml'), MINIMAL);
    mkdirSync(join(d, 'b.yaml'));
    expect(stateOf(await loadDesiredState(d)).sources).toEqual([`${d}/a.yaml`]);
  });

  it('reads a file named explicitly whatever its extension', async () => {
    const file = write(join(dir(), 'access.conf'), MINIMAL);
    expect((await loadDesiredState(file)).ok).toBe(true);
  });
});

describe('YAML handling', () => {
  it('keeps a long numeric workspace key exactly as written', async () => {
    const file = write(
      join(dir(), 'gid.yaml'),
      'version: 1\nworkspaces:\n  12000000000000000001:\n    members: []\n  "0042":\n    members: []\n',
    );
    expect(stateOf(await loadDesiredState(file)).workspaces.map((w) => w.ref)).toEqual([
      '12000000000000000001',
      '0042',
    ]);
  });

  it('refuses absurd nesting with one message', async () => {
    const depth = MAX_DEPTH + 5;
    const text = `version: 1\nusers:\n  ada@acme.example: ${'['.repeat(depth)}${']'.repeat(depth)}\n`;
    const errors = errorsOf(await loadDesiredState(write(join(dir(), 'deep.yaml'), text)));
    expect(errors.map((e) => e.code)).toEqual(['too-deep']);
  });

  it('reports a key that is a list or a mapping', async () => {
    const text = 'version: 1\nusers:\n  ? [ada@acme.example]\n  : enterprise\n';
    const errors = errorsOf(await loadDesiredState(write(join(dir(), 'complex-key.yaml'), text)));
    expect(errors.map((e) => [e.line, e.col, e.message])).toEqual([
      [3, 5, 'a key must be a plain string, not a list or a mapping'],
    ]);
  });

  it('treats a key named __proto__ as an ordinary (unknown) key', async () => {
    const text = 'version: 1\n__proto__: { polluted: true }\n';
    const errors = errorsOf(await loadDesiredState(write(join(dir(), 'proto.yaml'), text)));
    expect(errors.map((e) => e.message)).toEqual([
      "unknown key '__proto__' (expected version, settings, users, groups, workspaces, policy, accept)",
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('normalization', () => {
  it('fills in the defaults', async () => {
    const state = stateOf(await loadDesiredState(write(join(dir(), 'defaults.yaml'), MINIMAL)));
    expect(state.settings).toEqual({ manageLicenses: false, newAccountLicense: 'view-only' });
    expect(state.policy).toEqual({ revocationLimit: {}, protected: [], ignore: [] });
    expect(state.accept).toEqual([]);
    expect(state.workspaces[0]?.mode).toBe('additive');
    expect(state.users[0]?.license).toBeUndefined();
  });

  it("gives every workspace and team without a policy policy.membership (teams do not inherit their workspace's)", async () => {
    const text = `version: 1
users:
  ada@acme.example:
policy:
  membership: authoritative
workspaces:
  A:
    members: [ada@acme.example]
    teams:
      Inherits: { members: [] }
      Own: { policy: additive, members: [] }
  B:
    policy: additive
    members: []
    teams:
      Inherits: { members: [] }
      Own: { policy: authoritative, members: [] }
`;
    const state = stateOf(await loadDesiredState(write(join(dir(), 'modes.yaml'), text)));
    expect(state.workspaces.map((w) => [w.ref, w.mode, w.teams.map((t) => t.mode)])).toEqual([
      ['A', 'authoritative', ['authoritative', 'additive']],
      ['B', 'additive', ['authoritative', 'authoritative']],
    ]);
  });

  it('keeps settings, limits and acceptances as declared', async () => {
    const text = `version: 1
settings:
  defaultWorkspace: "1200000000000001"
  manageLicenses: true
  newAccountLicense: enterprise
users:
  ada@acme.example: enterprise
workspaces:
  Acme: { members: [ada@acme.example] }
policy:
  revocationLimit: { percent: 2.5 }
accept:
  - { user: ADA@acme.example, workspace: acme, reason: Case differs, until: 2099-01-01 }
`;
    const state = stateOf(await loadDesiredState(write(join(dir(), 'settings.yaml'), text)));
    expect(state.settings).toEqual({
      defaultWorkspace: '1200000000000001',
      manageLicenses: true,
      newAccountLicense: 'enterprise',
    });
    expect(state.policy.revocationLimit).toEqual({ percent: 2.5 });
    expect(state.accept.map((a) => [a.email, a.target])).toEqual([
      ['ada@acme.example', { type: 'workspace', ref: 'acme' }],
    ]);
  });

  it('leaves licenses unmanaged (with one warning) when manageLicenses is false', async () => {
    const text = 'version: 1\nusers:\n  ada@acme.example: enterprise\n  bob@acme.example: none\n';
    const r = await loadDesiredState(write(join(dir(), 'unmanaged.yaml'), text));
    expect(stateOf(r).users.map((u) => u.license)).toEqual([undefined, undefined]);
    expect(r.ok && r.warnings.map((w) => w.code)).toEqual(['unmanaged-license']);
  });

  it('judges acceptances against the given time', async () => {
    const text =
      'version: 1\nusers:\n  ada@acme.example:\naccept:\n  - { user: ada@acme.example, license: true, reason: r, until: 2030-06-30 }\n';
    const file = write(join(dir(), 'accept.yaml'), text);
    const before = await loadDesiredState(file, { now: new Date('2030-06-30T23:59:59Z') });
    const after = await loadDesiredState(file, { now: new Date('2030-07-01T00:00:00Z') });
    expect(before.ok && before.warnings).toEqual([]);
    expect(after.ok && after.warnings.map((w) => w.message)).toEqual([
      'this acceptance ended on 2030-06-30: drift reports count the difference as drift again',
    ]);
  });
});

describe('digest', () => {
  it('is the same for the same meaning, whatever the files and layout', async () => {
    const multi = stateOf(await loadDesiredState('examples/multi-file'));
    const single = [
      'examples/multi-file/users.yaml',
      'examples/multi-file/groups.yaml',
      'examples/multi-file/workspaces.yaml',
    ]
      .map((f) => readFileSync(f, 'utf8').replace(/^version: 1$/m, ''))
      .join('\n');
    const file = write(join(dir(), 'one-file.yaml'), `version: 1\n${single}`);
    const one = stateOf(await loadDesiredState(file));
    expect(digestDesiredState(one)).toBe(digestDesiredState(multi));
    const r = await loadDesiredState(file);
    expect(r.ok && r.digest).toBe(digestDesiredState(one));
  });

  it('ignores group names: renaming a group changes nothing', async () => {
    const d = dir();
    const text = (g: string) =>
      `version: 1\nusers:\n  ada@acme.example:\ngroups:\n  ${g}: [ada@acme.example]\nworkspaces:\n  Acme:\n    members: [group:${g}]\n`;
    const a = stateOf(await loadDesiredState(write(join(d, 'a.yaml'), text('eng'))));
    const b = stateOf(await loadDesiredState(write(join(d, 'b.yaml'), text('engineering'))));
    expect(a.workspaces[0]?.members[0]?.viaGroup).toBe('eng');
    expect(digestDesiredState(a)).toBe(digestDesiredState(b));
  });

  it('changes when the meaning changes', async () => {
    const d = dir();
    const a = stateOf(await loadDesiredState(write(join(d, 'a.yaml'), MINIMAL)));
    const b = stateOf(await loadDesiredState(write(join(d, 'b.yaml'), MINIMAL.replace('Acme', 'Acme Corp'))));
    const c = stateOf(
      await loadDesiredState(
        write(join(d, 'c.yaml'), `${MINIMAL}policy:\n  revocationLimit: { count: 3 }\n`),
      ),
    );
    expect(new Set([digestDesiredState(a), digestDesiredState(b), digestDesiredState(c)]).size).toBe(3);
    expect(digestDesiredState(a)).toMatch(/^sha256:[0-9a-f]{64}$/);
  });
});

describe('member roles', () => {
  const text = (wsMembers: string, teamMembers = '[group:eng]') =>
    `version: 1\nusers:\n  ada@acme.example:\n  bob@acme.example:\ngroups:\n  eng: [ada@acme.example, bob@acme.example]\n` +
    `workspaces:\n  Acme:\n    members: ${wsMembers}\n    teams:\n      Eng:\n        members: ${teamMembers}\n`;

  it('keep admin and limited-access; a plain entry, role member and a group mean member (no role)', async () => {
    const d = dir();
    const s = stateOf(
      await loadDesiredState(
        write(
          join(d, 'a.yaml'),
          text(
            '[group:eng, { user: Ada@acme.example, role: admin }, { user: bob@acme.example, role: member }]',
            '[group:eng, { user: bob@acme.example, role: limited-access }]',
          ),
        ),
      ),
    );
    const ws = s.workspaces[0]!;
    expect(ws.members.map((m) => [m.email, m.role, m.viaGroup])).toEqual([
      ['ada@acme.example', 'admin', undefined],
      ['bob@acme.example', undefined, undefined],
    ]);
    expect(ws.members[0]).not.toHaveProperty('role', 'member');
    expect(ws.members[1]).not.toHaveProperty('role');
    expect(ws.teams[0]!.members.map((m) => [m.email, m.role, m.viaGroup])).toEqual([
      ['ada@acme.example', undefined, 'eng'],
      ['bob@acme.example', 'limited-access', undefined],
    ]);
  });

  it('are part of the digest: role member is the same as a plain entry, admin is not', async () => {
    const d = dir();
    const load = async (name: string, members: string) =>
      digestDesiredState(stateOf(await loadDesiredState(write(join(d, name), text(members)))));
    const plain = await load('a.yaml', '[ada@acme.example, bob@acme.example]');
    const member = await load('b.yaml', '[{ user: ada@acme.example, role: member }, bob@acme.example]');
    const admin = await load('c.yaml', '[{ user: ada@acme.example, role: admin }, bob@acme.example]');
    expect(member).toBe(plain);
    expect(admin).not.toBe(plain);
  });

  it('an entry with a rejected role still counts as a membership: one message, no follow-ups', async () => {
    const d = dir();
    const r = await loadDesiredState(
      write(
        join(d, 'a.yaml'),
        text('[{ user: ada@acme.example, role: owner }, bob@acme.example]', '[ada@acme.example]'),
      ),
    );
    expect(errorsOf(r).map((x) => x.message)).toEqual(["role must be one of member, admin (got 'owner')"]);
  });
});

describe('formatDiagnostic', () => {
  const base = { file: 'a.yaml', code: 'x', message: 'something is wrong' };
  it('formats positioned errors, warnings and whole-file problems', () => {
    expect(formatDiagnostic({ ...base, line: 3, col: 7, severity: 'error' })).toBe(
      'a.yaml:3:7  something is wrong',
    );
    expect(formatDiagnostic({ ...base, line: 3, col: 7, severity: 'warning' })).toBe(
      'a.yaml:3:7  warning: something is wrong',
    );
    expect(formatDiagnostic({ ...base, line: 0, col: 0, severity: 'error' })).toBe(
      'a.yaml  something is wrong',
    );
  });

  it('keeps every diagnostic on one line', async () => {
    const text = 'version: 1\nworkspaces:\n  "Acme\\nCorp":\n    teams:\n      T: { members: [] }\n';
    const errors = errorsOf(await loadDesiredState(write(join(dir(), 'newline.yaml'), text)));
    const lines = errors.map(formatDiagnostic);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("workspace 'Acme\\nCorp'");
    expect(lines[0]).not.toContain('\n');
  });
});

describe('ignoreMatcher', () => {
  const match = ignoreMatcher(['*@contractor.example', 'svc-*@acme.example', 'exact@acme.example']);
  it('matches * against any run of characters, case-insensitively, and nothing else specially', () => {
    expect(match('sam@contractor.example')).toBe('*@contractor.example');
    expect(match('SAM@Contractor.Example')).toBe('*@contractor.example');
    expect(match('svc-@acme.example')).toBe('svc-*@acme.example');
    expect(match('svc-backup@acme.example')).toBe('svc-*@acme.example');
    expect(match('exact@acme.example')).toBe('exact@acme.example');
    expect(match('exactXacme.example')).toBeUndefined();
    expect(match('sam@contractor.example.org')).toBeUndefined();
    expect(match('ada@acme.example')).toBeUndefined();
  });
});
