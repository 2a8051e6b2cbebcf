// Ctrl-C during an apply, with sandbox latency on so that actions are in flight when it comes.
import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type JournalEntry, readJournal, unconfirmedActions } from '../../src/apply/journal.js';
import type { Sandbox } from '../../src/sandbox/index.js';
import {
  cli,
  everyoneEverywhereConfig,
  plannedActions,
  startAcme,
  TEAMS,
  teamMembers,
  tempDir,
  writeConfig,
} from './sandbox-helpers.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

let sb: Sandbox;
let dir: string;
let config: string;
beforeEach(async () => {
  sb = await startAcme({ latency: { baseMs: 120, jitterMs: 40 } });
  dir = tempDir('apply-interrupt');
  dirs.push(dir);
  config = writeConfig(dir, everyoneEverywhereConfig());
});
afterEach(async () => {
  await sb.close();
});

/** Resolves once the journal has at least `n` outcome lines. */
async function outcomesAtLeast(path: string, n: number): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (existsSync(path) && readJournal(path).filter((e) => e.type === 'outcome').length >= n) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`the journal ${path} never reached ${n} outcomes`);
}

function teamGidOf(id: string): string {
  return id.split(':')[1]!;
}

/** Every action the journal says applied is visible in the sandbox; every one never started is not. */
function expectJournalMatchesSandbox(entries: JournalEntry[]): void {
  const members = new Map<string, Set<string>>(
    Object.values(TEAMS).map((gid) => [gid, new Set(teamMembers(sb, gid))]),
  );
  for (const e of entries) {
    if (e.type !== 'outcome') continue;
    const email = e.id.split(':')[2]!;
    const inTeam = members.get(teamGidOf(e.id))?.has(email);
    if (e.status === 'applied') expect(inTeam, e.id).toBe(true);
    if (e.status === 'not-started') expect(inTeam, e.id).toBe(false);
  }
}

describe('interrupting apply', () => {
  it('SIGINT: in-flight actions finish, the rest is not started, exit 130, journal matches Asana', async () => {
    const total = await plannedActions(sb, config);
    expect(total).toBeGreaterThan(100);
    const journal = join(dir, 'int.jsonl');
    let child: ChildProcess | undefined;
    const run = cli(sb, ['apply', config, '--auto-approve', '--journal', journal], {
      cwd: dir,
      onSpawn: (c) => {
        child = c;
      },
    });
    await outcomesAtLeast(journal, 1);
    child!.kill('SIGINT');
    const r = await run;
    expect(r.code).toBe(130);
    expect(r.stderr).toContain('SIGINT received: starting no new actions');
    expect(r.stdout).toMatch(
      /Apply interrupted \(SIGINT\)\. \d+ applied, 0 already satisfied, 0 failed, 0 skipped, \d+ not started\./,
    );

    const entries = readJournal(journal);
    expect(unconfirmedActions(entries)).toEqual([]);
    expect(entries.at(-1)).toMatchObject({ type: 'end', interruptedBy: 'SIGINT' });
    const outcomes = entries.filter((e) => e.type === 'outcome');
    expect(outcomes).toHaveLength(total);
    const notStarted = outcomes.filter((e) => e.status === 'not-started').length;
    const applied = outcomes.filter((e) => e.status === 'applied').length;
    expect(notStarted).toBeGreaterThan(0);
    expect(applied + notStarted).toBe(total);
    expectJournalMatchesSandbox(entries);

    // A new plan shows exactly what is still missing; applying it converges.
    expect(await plannedActions(sb, config)).toBe(notStarted);
    const again = await cli(sb, ['apply', config, '--auto-approve', '--journal', join(dir, 'again.jsonl')], {
      cwd: dir,
    });
    expect(again.code, again.stderr).toBe(0);
    expect(await plannedActions(sb, config)).toBe(0);
  }, 60_000);

  it('a second SIGINT exits at once; the journal stays consistent and a new plan shows what is missing', async () => {
    const journal = join(dir, 'twice.jsonl');
    let child: ChildProcess | undefined;
    const run = cli(sb, ['apply', config, '--auto-approve', '--journal', journal], {
      cwd: dir,
      onSpawn: (c) => {
        child = c;
      },
    });
    await outcomesAtLeast(journal, 1);
    child!.kill('SIGINT');
    await new Promise((r) => setTimeout(r, 10));
    child!.kill('SIGINT');
    const r = await run;
    expect(r.code).toBe(130);
    const unconfirmed = unconfirmedActions(readJournal(journal));
    // Actions were in flight when the process exited: started, never confirmed.
    expect(unconfirmed.length).toBeGreaterThan(0);
    // Every line is whole JSON (fsync'd one by one), and whatever it says applied is in Asana.
    const text = readFileSync(journal, 'utf8');
    for (const line of text.trim().split('\n')) expect(() => JSON.parse(line)).not.toThrow();
    const entries = readJournal(journal);
    expectJournalMatchesSandbox(entries);
    const confirmed = entries.filter((e) => e.type === 'outcome' && e.status === 'applied').length;
    const total = entries.find((e) => e.type === 'header')!;
    const left = await plannedActions(sb, config);
    expect(left).toBeLessThanOrEqual((total as { actions: number }).actions - confirmed);
    const again = await cli(sb, ['apply', config, '--auto-approve', '--journal', join(dir, 'again.jsonl')], {
      cwd: dir,
    });
    expect(again.code, again.stderr).toBe(0);
    expect(await plannedActions(sb, config)).toBe(0);
  }, 60_000);

  it('SIGINT while reading Asana, before any change: exits 130 at once, nothing changed, no journal', async () => {
    const slow = await startAcme({ latency: { baseMs: 1500 } });
    try {
      const before = slow.state();
      const journal = join(dir, 'early.jsonl');
      let child: ChildProcess | undefined;
      const run = cli(slow, ['apply', config, '--auto-approve', '--journal', journal], {
        cwd: dir,
        onSpawn: (c) => {
          child = c;
        },
      });
      for (let i = 0; i < 400 && slow.stats().requests === 0; i++)
        await new Promise((r) => setTimeout(r, 25));
      child!.kill('SIGINT');
      const r = await run;
      expect(r.code).toBe(130);
      expect(r.stderr).toContain('interrupted: stopped before any change; nothing was changed.');
      expect(existsSync(journal)).toBe(false);
      expect(slow.state()).toEqual(before);
    } finally {
      await slow.close();
    }
  }, 60_000);

  it('SIGTERM exits 143', async () => {
    const journal = join(dir, 'term.jsonl');
    let child: ChildProcess | undefined;
    const run = cli(sb, ['apply', config, '--auto-approve', '--journal', journal], {
      cwd: dir,
      onSpawn: (c) => {
        child = c;
      },
    });
    await outcomesAtLeast(journal, 1);
    child!.kill('SIGTERM');
    const r = await run;
    expect(r.code).toBe(143);
    expect(readJournal(journal).at(-1)).toMatchObject({ type: 'end', interruptedBy: 'SIGTERM' });
  }, 60_000);
});
