// executePlan with fake performers: journal lines match outcomes, verification, signals, journal failure.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { executePlan } from '../../src/apply/execute.js';
import { type Journal, openJournal, readJournal, unconfirmedActions } from '../../src/apply/journal.js';
import type { PerformOutcome } from '../../src/apply/outcome.js';
import { exitCodeOf } from '../../src/apply/result.js';
import type { Action, Plan } from '../../src/model/index.js';

const dir = mkdtempSync(join(tmpdir(), 'asana-access-exec-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const journalPath = () => join(dir, `j${n++}.jsonl`);

const team = { type: 'team' as const, gid: '200', name: 'Eng', workspaceGid: '100', workspaceName: 'Acme' };
function action(id: string, ...dependsOn: string[]): Action {
  return {
    id,
    kind: 'grant',
    user: { email: `${id}@acme.example` },
    dependsOn,
    precondition: { type: 'team-membership', email: `${id}@acme.example`, teamGid: '200', member: false },
    target: team,
  };
}
function plan(actions: Action[]): Plan {
  return {
    formatVersion: 1,
    toolVersion: '0.1.0',
    createdAt: '2026-01-01T00:00:00.000Z',
    configDigest: 'sha256:c',
    liveDigest: 'sha256:l',
    domain: {
      baseUrl: 'http://127.0.0.1:1/api/1.0',
      meGid: '1',
      meEmail: 'me@acme.example',
      workspaceGids: ['100'],
    },
    actions,
    manual: [],
    summary: { create: 0, grant: actions.length, revoke: 0, manual: 0 },
    digest: 'sha256:d',
  };
}
const base = {
  source: 'config' as const,
  describe: (a: Action) => `grant ${a.id}`,
  toolVersion: '0.1.0',
  apiHost: '127.0.0.1:1',
};

describe('executePlan', () => {
  it('journals header, each start before its outcome, verification and end; result matches', async () => {
    const journal = openJournal(journalPath());
    const p = plan([action('a'), action('b', 'a'), action('c'), action('d', 'c')]);
    const result = await executePlan({
      ...base,
      plan: p,
      journal,
      perform: async (a): Promise<PerformOutcome> =>
        a.id === 'c' ? { status: 'failed', message: 'Asana says no' } : { status: 'applied' },
      verify: async (done) => done.filter((a) => a.id === 'b').map((a) => a.id),
    });
    journal.close();
    const entries = readJournal(journal.path);
    expect(entries[0]).toMatchObject({
      type: 'header',
      planDigest: 'sha256:d',
      actions: 4,
      source: 'config',
    });
    for (const id of ['a', 'b', 'c']) {
      const s = entries.findIndex((e) => e.type === 'start' && e.id === id);
      const o = entries.findIndex((e) => e.type === 'outcome' && e.id === id);
      expect(s).toBeGreaterThan(0);
      expect(o).toBeGreaterThan(s);
    }
    expect(entries.find((e) => e.type === 'start' && e.id === 'd')).toBeUndefined();
    expect(entries.find((e) => e.type === 'outcome' && e.id === 'd')).toMatchObject({
      status: 'skipped',
      waitedOn: ['c'],
    });
    expect(entries.at(-2)).toMatchObject({ type: 'verification', notVisible: ['b'] });
    expect(entries.at(-1)).toMatchObject({ type: 'end', counts: { applied: 2, failed: 1, skipped: 1 } });
    expect(unconfirmedActions(entries)).toEqual([]);
    expect(result.counts).toMatchObject({ applied: 2, failed: 1, skipped: 1, 'not-started': 0 });
    expect(result.results.find((r) => r.action.id === 'a')?.visible).toBe(true);
    expect(result.results.find((r) => r.action.id === 'b')?.visible).toBe(false);
    expect(exitCodeOf(result)).toBe(1);
  });

  it('a clean run exits 0; a verification gap or an unreadable Asana exits 1', async () => {
    const run = (verify: (done: Action[]) => Promise<string[]>) => {
      const journal = openJournal(journalPath());
      return executePlan({
        ...base,
        plan: plan([action('a')]),
        journal,
        perform: async () => ({ status: 'applied' }),
        verify,
      });
    };
    expect(exitCodeOf(await run(async () => []))).toBe(0);
    expect(exitCodeOf(await run(async () => ['a']))).toBe(1);
    const failedRead = await run(async () => {
      throw new Error('Asana down');
    });
    expect(failedRead.verification).toEqual({ checked: 0, notVisible: [], error: 'Asana down' });
    expect(exitCodeOf(failedRead)).toBe(1);
  });

  it('a stop signal leaves the rest not started and the signal decides the exit code', async () => {
    const stop = new AbortController();
    const journal = openJournal(journalPath());
    const result = await executePlan({
      ...base,
      plan: plan([action('a'), action('b'), action('c')]),
      journal,
      concurrency: 1,
      stop: stop.signal,
      interruptedBy: () => 'SIGINT',
      perform: async () => {
        stop.abort();
        await new Promise((r) => setTimeout(r, 5));
        return { status: 'applied' };
      },
      verify: async () => [],
    });
    expect(result.counts).toMatchObject({ applied: 1, 'not-started': 2 });
    expect(exitCodeOf(result)).toBe(130);
    expect(exitCodeOf({ ...result, interruptedBy: 'SIGTERM' })).toBe(143);
    expect(readJournal(journal.path).at(-1)).toMatchObject({ type: 'end', interruptedBy: 'SIGINT' });
  });

  it('when the journal cannot be written, nothing more starts and the run fails', async () => {
    const real = openJournal(journalPath());
    let writes = 0;
    const journal: Journal = {
      path: real.path,
      write: (e) => {
        if (++writes > 3) throw new Error('ENOSPC: no space left on device');
        real.write(e);
      },
      close: () => real.close(),
    };
    const performed: string[] = [];
    const result = await executePlan({
      ...base,
      plan: plan([action('a'), action('b'), action('c'), action('d')]),
      journal,
      concurrency: 1,
      perform: async (a) => {
        performed.push(a.id);
        return { status: 'applied' };
      },
      verify: async () => [],
    });
    // header, start a, outcome a: then the start of b fails, so b is never performed.
    expect(performed).toEqual(['a']);
    expect(result.journalError).toMatch(/ENOSPC/);
    expect(exitCodeOf(result)).toBe(1);
  });
});
