// Loading stays fast at the scale of a large company: 50,000 users, a workspace holding all of them
// through a group, and 200 teams of 250. The bound is loose (CI machines vary); the printed time is
// the figure to watch.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDesiredState } from '../../src/config/index.js';

const USERS = 50_000;
const TEAMS = 200;
const TEAM_SIZE = 250;

function generate(dir: string): void {
  const email = (i: number) => `user${String(i).padStart(5, '0')}@acme.example`;
  const users = ['version: 1\nsettings:\n  manageLicenses: true\nusers:\n'];
  for (let i = 0; i < USERS; i++) {
    users.push(
      i % 3 === 0
        ? `  ${email(i)}: { license: enterprise, name: "User ${i}" }\n`
        : `  ${email(i)}: view-only\n`,
    );
  }
  users.push('groups:\n  everyone:\n');
  for (let i = 0; i < USERS; i++) users.push(`    - ${email(i)}\n`);
  writeFileSync(join(dir, 'users.yaml'), users.join(''));

  const ws = [
    'version: 1\nworkspaces:\n  Acme:\n    policy: authoritative\n    members: [group:everyone]\n    teams:\n',
  ];
  for (let t = 0; t < TEAMS; t++) {
    ws.push(`      Team ${t}:\n        members:\n`);
    for (let k = 0; k < TEAM_SIZE; k++) ws.push(`          - ${email((t * TEAM_SIZE + k) % USERS)}\n`);
  }
  writeFileSync(join(dir, 'workspaces.yaml'), ws.join(''));
}

const dir = mkdtempSync(join(tmpdir(), 'asana-access-scale-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('scale', () => {
  it(`loads ${USERS} users and ${TEAMS} teams in reasonable time`, async () => {
    generate(dir);
    const started = performance.now();
    const r = await loadDesiredState(dir);
    const ms = performance.now() - started;
    console.log(`loaded ${USERS} users, ${TEAMS * TEAM_SIZE} team memberships in ${Math.round(ms)} ms`);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.state.users).toHaveLength(USERS);
    expect(r.state.workspaces[0]?.members).toHaveLength(USERS);
    expect(r.state.workspaces[0]?.teams).toHaveLength(TEAMS);
    expect(r.state.workspaces[0]?.teams[TEAMS - 1]?.members).toHaveLength(TEAM_SIZE);
    expect(ms).toBeLessThan(30_000);
  });

  it('reports a typo among 50,000 users quickly, with a suggestion', async () => {
    writeFileSync(
      join(dir, 'zz-typo.yaml'),
      'version: 1\nworkspaces:\n  Other:\n    members: [user0001@acme.example]\n',
    );
    const started = performance.now();
    const r = await loadDesiredState(dir);
    expect(performance.now() - started).toBeLessThan(30_000);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.diagnostics.map((d) => d.message)).toEqual([
      "unknown user 'user0001@acme.example': declare it under users (did you mean 'user00001@acme.example'?)",
    ]);
  });

  it('reports 20,000 mistakes in one file, each once, without slowing to a crawl', async () => {
    const bad = ['version: 1\nusers:\n'];
    for (let i = 0; i < 20_000; i++)
      bad.push(`  bad${i}@acme.example: ${i % 2 === 0 ? 5 : '{ licence: enterprise }'}\n`);
    const file = join(dir, 'broken.yaml');
    writeFileSync(file, bad.join(''));
    const started = performance.now();
    const r = await loadDesiredState(file);
    const ms = performance.now() - started;
    console.log(`reported 20000 schema errors in ${Math.round(ms)} ms`);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.diagnostics).toHaveLength(20_000);
    expect(new Set(r.diagnostics.map((d) => d.code))).toEqual(new Set(['wrong-type', 'unknown-key']));
    expect(ms).toBeLessThan(30_000);
  });
});
