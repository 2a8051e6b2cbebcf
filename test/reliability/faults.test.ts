// The fault matrix: the real CLI against an in-process sandbox that fails the ways Asana and the
// network do. For every fault: the tool ends with a clear message, no action is reported applied that
// was not (stdout and journal are checked against the sandbox's own state), the journal agrees with
// the sandbox, and a rerun without the fault converges (a fresh plan has no action left).
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type JournalEntry, readJournal } from '../../src/apply/journal.js';
import type { Action } from '../../src/model/index.js';
import { describeAction } from '../../src/plan/index.js';
import { renderPlanJson } from '../../src/report/index.js';
import {
  type FaultRule,
  type Sandbox,
  type SandboxOptions,
  type Seed,
  startSandbox,
} from '../../src/sandbox/index.js';
import type { CliResult } from '../helpers/cli.js';
import {
  cliAgainst,
  expectCleanFailure,
  expectNoCrash,
  removeTempDirs,
  tempDir,
  writeIn,
  writesSeen,
} from './support/cli.js';
import {
  ACME,
  ENG,
  FAULT_CONFIG,
  type FaultTokens,
  faultSeed,
  faultTokens,
  MEMBER_CONFIG,
} from './support/fault-domain.js';
import { fastClient, loadYaml, planAgainst } from './support/pipeline.js';
import { fetchState, goalHoldsIn, journalDisagreements } from './support/state.js';

afterAll(removeTempDirs);

interface Run {
  sb: Sandbox;
  tokens: FaultTokens;
  dir: string;
  config: string;
  yaml: string;
  /** The plan the fault run starts from, made in-process before any fault. */
  actions: Action[];
  planFile: string;
  journal: string;
  result: CliResult;
  ms: number;
  state: Seed;
  entries: JournalEntry[];
}

interface Scenario {
  faults: FaultRule[];
  /** Apply the configuration (planning under the fault too) instead of the saved plan. */
  fromConfig?: boolean;
  extraArgs?: string[];
  sandbox?: Partial<SandboxOptions>;
  config?: string;
  token?: (t: FaultTokens) => string;
  /** Runs after the plan is made and before the faulty apply (a hand change, say). */
  before?: (sb: Sandbox, t: FaultTokens) => Promise<void>;
}

const started: Sandbox[] = [];
afterAll(async () => {
  for (const sb of started) await sb.close();
});

async function runFault(s: Scenario): Promise<Run> {
  const tokens = faultTokens();
  const sb = await startSandbox({ seed: faultSeed(tokens), ...s.sandbox });
  started.push(sb);
  const dir = tempDir('fault');
  const yaml = s.config ?? FAULT_CONFIG;
  const config = writeIn(dir, 'access.yaml', yaml);
  const token = (s.token ?? ((t) => t.sa))(tokens);
  const { desired, digest } = await loadYaml(yaml);
  const planned = await planAgainst(fastClient(sb, token), desired, digest);
  expect(planned.problems).toEqual([]);
  const planFile = writeIn(dir, 'plan.json', renderPlanJson(planned.plan));
  await s.before?.(sb, tokens);
  sb.resetStats();
  sb.setFaults(s.faults);
  const journal = join(dir, 'journal.jsonl');
  const t0 = Date.now();
  const result = await cliAgainst(
    sb,
    [
      'apply',
      s.fromConfig ? config : planFile,
      ...(s.fromConfig ? ['--auto-approve'] : []),
      '--journal',
      journal,
      ...(s.extraArgs ?? []),
    ],
    { token, cwd: dir },
  );
  const ms = Date.now() - t0;
  sb.setFaults([]);
  const state = await fetchState(sb.url);
  let entries: JournalEntry[] = [];
  try {
    entries = readJournal(journal);
  } catch {
    // No journal: apply stopped before executing.
  }
  expectNoCrash(result);
  return {
    sb,
    tokens,
    dir,
    config,
    yaml,
    actions: planned.plan.actions,
    planFile,
    journal,
    result,
    ms,
    state,
    entries,
  };
}

/** Descriptions listed under "Applied (N):" in the text report. */
function reportedApplied(stdout: string): string[] {
  const m = /\nApplied \(\d+\):\n((?: {2}✓ .*\n)+)/.exec(stdout);
  return m
    ? m[1]!
        .trimEnd()
        .split('\n')
        .map((l) => l.replace(/^ {2}✓ /, ''))
    : [];
}

/** No action reported applied (stdout or journal) that the sandbox does not show; journal agrees. */
function expectTruthful(run: Run, unsure: Set<string> = inFlight(run.entries)): void {
  const byDescription = new Map(run.actions.map((a) => [describeAction(a), a]));
  const applied = reportedApplied(run.result.stdout);
  for (const d of applied) {
    const action = byDescription.get(d);
    expect(action, `reported applied: ${d}`).toBeDefined();
    expect(goalHoldsIn(run.state, action!), `reported applied but not in the sandbox: ${d}`).toBe(true);
  }
  const journalApplied = run.entries.filter((e) => e.type === 'outcome' && e.status === 'applied').length;
  expect(applied.length).toBe(journalApplied);
  expect(journalDisagreements(run.entries, run.actions, run.state, unsure)).toEqual([]);
}

/** Actions the journal started without an outcome: Asana may or may not have made them. */
function inFlight(entries: JournalEntry[]): Set<string> {
  const started = new Set<string>();
  for (const e of entries) {
    if (e.type === 'start') started.add(e.id);
    if (e.type === 'outcome') started.delete(e.id);
  }
  return started;
}

/** Applies the configuration again without faults; a fresh plan then has nothing left. */
async function expectRerunConverges(run: Run, token = run.tokens.sa): Promise<void> {
  const again = await cliAgainst(
    run.sb,
    ['apply', run.config, '--auto-approve', '--journal', join(run.dir, 'rerun.jsonl'), '--quiet'],
    { token, cwd: run.dir },
  );
  expect(again.code, again.stderr + again.stdout).toBe(0);
  const { desired, digest } = await loadYaml(run.yaml);
  const left = await planAgainst(fastClient(run.sb, token), desired, digest);
  expect(left.plan.actions.map((a) => a.id)).toEqual([]);
}

function outcomes(run: Run): Record<string, number> {
  const counts: Record<string, number> = {};
  const last = new Map<string, string>();
  for (const e of run.entries) if (e.type === 'outcome') last.set(e.id, e.status);
  for (const s of last.values()) counts[s] = (counts[s] ?? 0) + 1;
  return counts;
}

describe.concurrent('fault matrix: apply against a failing Asana', () => {
  it('429 storm (Retry-After 2 s on the next 4 requests): waited out, nothing hammered, all applied', async () => {
    const run = await runFault({ faults: [{ kind: 'rate-limit', retryAfterSeconds: 2, count: 4 }] });
    expect(run.result.code, run.result.stderr).toBe(0);
    expect(run.result.stdout).toContain('Apply complete.');
    expect(run.ms).toBeGreaterThanOrEqual(2000);
    expect(run.sb.stats().faults['rate-limit']).toBe(4);
    expect(run.sb.stats().rateLimited).toBe(0);
    expect(outcomes(run)).toEqual({ applied: run.actions.length });
    expectTruthful(run);
    await expectRerunConverges(run);
  });

  it('429 that never ends on license changes: those fail with one message each, the rest applies', async () => {
    const run = await runFault({
      faults: [{ route: 'PATCH /scim/Users/*', kind: 'rate-limit', retryAfterSeconds: 1 }],
    });
    expectCleanFailure(
      run.result,
      /Asana kept rate-limiting PATCH \/scim\/Users\/\S+ \(HTTP 429\) after 6 attempts/,
    );
    const failed = run.entries
      .filter((e) => e.type === 'outcome' && e.status === 'failed')
      .map((e) => (e as { id: string }).id);
    expect(failed.sort()).toEqual(
      run.actions
        .filter((a) => a.kind !== 'create-account' && a.target.type === 'license')
        .map((a) => a.id)
        .sort(),
    );
    expectTruthful(run);
    await expectRerunConverges(run);
  });

  it('500/502/503 now and then, before and after a write took effect: retried, nothing repeated that must not be', async () => {
    const run = await runFault({
      faults: [
        { route: 'GET /workspaces/*/workspace_memberships', kind: 'status', status: 500, count: 1 },
        { route: 'POST /batch', kind: 'status', status: 502, count: 1 },
        { route: 'POST /teams/*/addUser', kind: 'status', status: 503, count: 2 },
        { route: 'PATCH /scim/Users/*', kind: 'status', status: 503, count: 1, phase: 'after' },
        { route: 'POST /scim/Users', kind: 'status', status: 500, count: 1, phase: 'after' },
      ],
    });
    expect(run.result.code, run.result.stderr + run.result.stdout).toBe(0);
    expect(run.sb.stats().faults.status).toBe(6);
    // The SCIM create whose answer was lost was looked up, not sent again (a second one would be a 409).
    expect(run.sb.stats().byRoute['POST /scim/Users']).toEqual({ 500: 1 });
    expectTruthful(run);
    await expectRerunConverges(run);
  });

  it('503 that never ends on account creation: it fails with Asana’s words, its dependants are skipped, the rest applies', async () => {
    const run = await runFault({ faults: [{ route: 'POST /scim/Users', kind: 'status', status: 503 }] });
    expectCleanFailure(run.result, /Asana failed on POST \/scim\/Users \(HTTP 503\) after 6 attempts/);
    expect(run.result.stdout).toContain('Skipped because an action they depend on failed');
    const o = outcomes(run);
    expect(o.failed).toBe(1);
    expect(o.applied).toBe(run.actions.length - o.failed! - (o.skipped ?? 0));
    expectTruthful(run);
    await expectRerunConverges(run);
  });

  it('connection resets, one after a license change took effect: retried, all applied', async () => {
    const run = await runFault({
      faults: [
        { route: 'POST /batch', kind: 'reset', count: 2 },
        { route: 'GET /teams/*/team_memberships', kind: 'reset', count: 1 },
        { route: 'PATCH /scim/Users/*', kind: 'reset', count: 1, phase: 'after' },
      ],
    });
    expect(run.result.code, run.result.stderr + run.result.stdout).toBe(0);
    expect(run.sb.stats().byStatus.reset).toBe(4);
    expectTruthful(run);
    await expectRerunConverges(run);
  });

  it('answers slower than --timeout 1, one after the account was created: retried or looked up, all applied', async () => {
    const run = await runFault({
      faults: [
        { route: 'POST /batch', kind: 'hang', count: 1 },
        { route: 'POST /scim/Users', kind: 'hang', count: 1, phase: 'after' },
        { route: 'GET /workspaces', kind: 'hang', count: 1, hangMs: 5000 },
      ],
      extraArgs: ['--timeout', '1'],
    });
    expect(run.result.code, run.result.stderr + run.result.stdout).toBe(0);
    expect(run.ms).toBeGreaterThanOrEqual(1000);
    expect(run.sb.stats().byRoute['POST /scim/Users']).toEqual({ hang: 1 });
    expectTruthful(run);
    await expectRerunConverges(run);
  });

  it('a pagination offset that expires once (a slow client): the list restarts and apply goes on', async () => {
    const run = await runFault({
      fromConfig: true,
      sandbox: { offsetTtlMs: 400 },
      // Page 2 of the organization's members is answered 429 with Retry-After 1: the offset expires meanwhile.
      faults: [
        {
          route: `GET /workspaces/${ACME}/workspace_memberships`,
          kind: 'rate-limit',
          retryAfterSeconds: 1,
          skip: 1,
          count: 1,
        },
      ],
    });
    expect(run.result.code, run.result.stderr + run.result.stdout).toBe(0);
    expect(run.sb.stats().byRoute['GET /workspaces/{workspace_gid}/workspace_memberships']?.['400']).toBe(1);
    expectTruthful(run);
    await expectRerunConverges(run);
  });

  it('a pagination offset that keeps expiring: one clear error, nothing written', async () => {
    const run = await runFault({
      fromConfig: true,
      sandbox: { offsetTtlMs: 400 },
      // Requests to the list: page 1, page 2 (429), page 2 again (offset expired), page 1 again, page 2 (429)…
      faults: [
        {
          route: `GET /workspaces/${ACME}/workspace_memberships`,
          kind: 'rate-limit',
          retryAfterSeconds: 1,
          skip: 1,
          count: 1,
        },
        {
          route: `GET /workspaces/${ACME}/workspace_memberships`,
          kind: 'rate-limit',
          retryAfterSeconds: 1,
          skip: 3,
          count: 1,
        },
      ],
    });
    expectCleanFailure(run.result, /the pagination offset expired again after restarting the list/);
    expect(writesSeen(run.sb)).toBe(0);
    expect(run.entries).toEqual([]);
    await expectRerunConverges(run);
  });

  it('401 in the middle of apply (the token is revoked): failures say so, what was applied is true, another token converges', async () => {
    const run = await runFault({ faults: [{ route: 'POST /*', kind: 'revoke-token', skip: 2, count: 1 }] });
    expectCleanFailure(run.result, /the token was rejected by Asana \(HTTP 401\)/);
    const o = outcomes(run);
    expect(o.failed).toBeGreaterThan(0);
    // Nothing after the revocation got through, and nothing more was started once Asana said the
    // token is rejected: the rest is listed as not started, with the reason.
    expect(run.sb.stats().byStatus['401']).toBeGreaterThan(0);
    const first401 = run.entries.findIndex(
      (e) => e.type === 'outcome' && e.status === 'failed' && e.httpStatus === 401,
    );
    expect(first401).toBeGreaterThan(-1);
    expect(run.entries.slice(first401).filter((e) => e.type === 'start')).toEqual([]);
    // How many were still waiting depends on timing; those are listed with the reason.
    if ((o['not-started'] ?? 0) > 0)
      expect(run.result.stdout).toContain('Not started (Asana rejected the token');
    expectTruthful(run);
    await expectRerunConverges(run, run.tokens.sa2);
  });

  it('403 on one action among many (the token’s user left a team between plan and apply)', async () => {
    const run = await runFault({
      faults: [],
      config: MEMBER_CONFIG,
      token: (t) => t.memberPat,
      before: async (sb, t) => {
        // An admin removes u05 (the token's user) from Eng by hand.
        const res = await fetch(`${sb.apiBaseUrl}/teams/${ENG}/removeUser`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${t.sa}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ data: { user: 'u05@acme.example' } }),
        });
        expect(res.status).toBe(200);
      },
    });
    expectCleanFailure(run.result, /the token is not allowed to POST \/teams\/\d+\/addUser \(HTTP 403\)/);
    const o = outcomes(run);
    expect(o).toEqual({ applied: run.actions.length - 1, failed: 1 });
    expect(run.result.stdout).toContain(`Apply finished with failures. ${run.actions.length - 1} applied`);
    expectTruthful(run);
    // The admin puts u05 back; the same token then converges.
    const res = await fetch(`${run.sb.apiBaseUrl}/teams/${ENG}/addUser`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${run.tokens.sa}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ data: { user: 'u05@acme.example' } }),
    });
    expect(res.status).toBe(200);
    await expectRerunConverges(run, run.tokens.memberPat);
  });

  it('a malformed JSON answer to a write that took effect: re-read, counted as done, not repeated', async () => {
    const run = await runFault({ faults: [{ route: 'POST /batch', kind: 'malformed-json', count: 1 }] });
    expect(run.result.code, run.result.stderr + run.result.stdout).toBe(0);
    expect(outcomes(run)['already-satisfied']).toBeGreaterThan(0);
    expect(run.result.stdout).toMatch(/Already satisfied \(\d+\):/);
    expectTruthful(run);
    await expectRerunConverges(run);
  });

  it('a malformed JSON answer to a read: one clear error before anything is written', async () => {
    const run = await runFault({
      fromConfig: true,
      faults: [{ route: 'GET /workspaces/*/teams', kind: 'malformed-json', count: 1 }],
    });
    expectCleanFailure(
      run.result,
      /Asana's answer to GET \/workspaces\/\d+\/teams is not what the API documents \(HTTP 200\): the body is not JSON/,
    );
    expect(writesSeen(run.sb)).toBe(0);
    await expectRerunConverges(run);
  });

  it('a page without next_page: one clear error, nothing written (saved plan: before any change)', async () => {
    const run = await runFault({
      faults: [{ route: 'GET /workspaces/*/workspace_memberships', kind: 'drop-next-page', count: 1 }],
    });
    expectCleanFailure(
      run.result,
      /GET \/workspaces\/\d+\/workspace_memberships is not what the API documents.*next_page/,
    );
    expect(writesSeen(run.sb)).toBe(0);
    expect(run.state).toEqual(await fetchState(run.sb.url));
    await expectRerunConverges(run);
  });
});
