// Loading stays fast at the scale of a large company: 50,000 users, a workspace holding all of them
// through a group, and 40 teams of 250. Bounds are loose (CI machines vary, and most of the time is
// the yaml package's parser); the printed times are the figures to watch.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDesiredState } from '../../src/config/index.js';

const tmp = mkdtempSync(join(tmpdir(), 'asana-access-scale-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const email = (i: number) => `user${String(i).padStart(5, '0')}@acme.example`;

/** A directory with users.yaml (users and a group of all of them) and workspaces.yaml. */
function generate(name: string, users: number, teams: number, teamSize: number): string {
  const dir = join(tmp, name);
  mkdirSync(dir);
  const u = ['version: 1\nsettings:\n  manageLicenses: true\nusers:\n'];
  for (let i = 0; i < users; i++) {
    u.push(
      i % 3 === 0
        ? `  ${email(i)}: { license: enterprise, name: "User ${i}" }\n`
        : `  ${email(i)}: view-only\n`,
    );
  }
  u.push('groups:\n  everyone:\n');
  for (let i = 0; i < users; i++) u.push(`    - ${email(i)}\n`);
  writeFileSync(join(dir, 'users.yaml'), u.join(''));
  const ws = ['version: 1\nworkspaces:\n  Acme:\n    policy: authoritative\n    members: [group:everyone]\n'];
  if (teams > 0) ws.push('    teams:\n');
  for (let t = 0; t < teams; t++) {
    ws.push(`      Team ${t}:\n        members:\n`);
    for (let k = 0; k < teamSize; k++) ws.push(`          - ${email((t * teamSize + k) % users)}\n`);
  }
  writeFileSync(join(dir, 'workspaces.yaml'), ws.join(''));
  return dir;
}

describe('scale', () => {
  it('loads 50,000 users, a workspace of all of them and 40 teams in reasonable time', async () => {
    const dir = generate('big', 50_000, 40, 250);
    const started = performance.now();
    const r = await loadDesiredState(dir);
    const ms = performance.now() - started;
    console.log(`loaded 50000 users, 10000 team memberships in ${Math.round(ms)} ms`);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.state.users).toHaveLength(50_000);
    expect(r.state.workspaces[0]?.members).toHaveLength(50_000);
    expect(r.state.workspaces[0]?.teams).toHaveLength(40);
    expect(r.state.workspaces[0]?.teams[39]?.members).toHaveLength(250);
    expect(ms).toBeLessThan(45_000);
  });

  it('reports unknown users among many declared ones quickly, suggesting only for the first few', async () => {
    const dir = generate('typos', 5_000, 0, 0);
    const typos = Array.from(
      { length: 200 },
      (_, i) => `    - user${String(i).padStart(4, '0')}@acme.example\n`,
    );
    writeFileSync(
      join(dir, 'zz-typos.yaml'),
      `version: 1\nworkspaces:\n  Other:\n    members:\n${typos.join('')}`,
    );
    const started = performance.now();
    const r = await loadDesiredState(dir);
    expect(performance.now() - started).toBeLessThan(20_000);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.diagnostics).toHaveLength(200);
    expect(r.diagnostics[0]?.message).toBe(
      "unknown user 'user0000@acme.example': declare it under users (did you mean 'user00000@acme.example'?)",
    );
    // Suggestions cost a pass over every declared email: the first 20 get one, the rest do not.
    expect(r.diagnostics.filter((d) => d.message.includes('did you mean'))).toHaveLength(20);
  });

  it('reports 10,000 mistakes in one file, each once, without slowing to a crawl', async () => {
    const bad = ['version: 1\nusers:\n'];
    for (let i = 0; i < 10_000; i++)
      bad.push(`  bad${i}@acme.example: ${i % 2 === 0 ? 5 : '{ licence: enterprise }'}\n`);
    const file = join(tmp, 'broken.yaml');
    writeFileSync(file, bad.join(''));
    const started = performance.now();
    const r = await loadDesiredState(file);
    const ms = performance.now() - started;
    console.log(`reported 10000 schema errors in ${Math.round(ms)} ms`);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.diagnostics).toHaveLength(10_000);
    expect(new Set(r.diagnostics.map((d) => d.code))).toEqual(new Set(['wrong-type', 'unknown-key']));
    expect(ms).toBeLessThan(20_000);
  });
});
