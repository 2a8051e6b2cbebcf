// Convergence, property-based: for random domains and random configurations, plan → apply → plan
// leaves no action (only manual items), and the sandbox then holds what the configuration declares
// within its scope and nothing changed outside it. In-process for speed (a real client over HTTP to
// an in-process sandbox); a few cases also go through the real CLI.
// FC_SEED=n (or random) picks another fast-check seed (test/helpers/fast-check-setup.ts);
// RELIABILITY_RUNS=n runs more cases. A failing case
// is printed as a regression fixture; RELIABILITY_RECORD=1 writes it to test/fixtures/regressions/.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { Plan } from '../../src/model/index.js';
import { startSandbox } from '../../src/sandbox/index.js';
import { ROOT } from '../helpers/cli.js';
import { cliAgainst, removeTempDirs, secret, tempDir, writeIn } from './support/cli.js';
import { type CaseOutcome, runConvergence } from './support/convergence.js';
import { buildCase, type ConvergenceCase, caseGenArb, differences } from './support/domain.js';
import { fetchState } from './support/state.js';

const RUNS = Number(process.env.RELIABILITY_RUNS ?? 220);
const REGRESSIONS = join(ROOT, 'test', 'fixtures', 'regressions');

const tally = { converged: 0, refused: 0, actions: 0, manual: 0, refusedCodes: new Map<string, number>() };
afterAll(() => {
  removeTempDirs();
  const codes = [...tally.refusedCodes].map(([c, n]) => `${c}×${n}`).join(', ');
  process.stderr.write(
    `convergence: ${tally.converged} converged (${tally.actions} actions applied, ${tally.manual} manual items left), ${tally.refused} refused by the plan (${codes || 'none'})\n`,
  );
});

function note(outcome: CaseOutcome): void {
  if (outcome.kind === 'converged') {
    tally.converged++;
    tally.actions += outcome.actions;
    tally.manual += outcome.manual;
  } else {
    tally.refused++;
    for (const c of outcome.codes) tally.refusedCodes.set(c, (tally.refusedCodes.get(c) ?? 0) + 1);
  }
}

/** Writes a failing case where the replay test finds it (only when asked: CI must not write into the tree). */
function keep(c: ConvergenceCase, error: unknown): string {
  const text = `${JSON.stringify({ note: String(error).slice(0, 2000), ...c }, null, 2)}\n`;
  const name = `convergence-${createHash('sha256').update(c.yaml).update(JSON.stringify(c.seed)).digest('hex').slice(0, 12)}.json`;
  if (process.env.RELIABILITY_RECORD === '1') {
    mkdirSync(REGRESSIONS, { recursive: true });
    writeFileSync(join(REGRESSIONS, name), text);
  }
  return name;
}

describe('convergence (in-process, property-based)', () => {
  it(`plan → apply → plan leaves only manual items, and the sandbox holds the config (${RUNS} cases)`, async () => {
    await fc.assert(
      fc.asyncProperty(caseGenArb, async (gen) => {
        const c = buildCase(gen);
        try {
          note(await runConvergence(c));
        } catch (error) {
          const name = keep(c, error);
          const kept =
            process.env.RELIABILITY_RECORD === '1'
              ? `kept as test/fixtures/regressions/${name}`
              : `run with RELIABILITY_RECORD=1 to keep it as test/fixtures/regressions/${name}`;
          throw new Error(`${(error as Error).message}\n(${kept})`);
        }
      }),
      { numRuns: RUNS },
    );
    // The generator must mostly make plans that can be applied, or the property says little.
    expect(tally.converged).toBeGreaterThanOrEqual(Math.floor(RUNS * 0.75));
  }, 120_000);
});

describe.concurrent('convergence through the real CLI (plan --out, apply plan.json, plan)', () => {
  // A few generated cases with something to do, each through the compiled CLI against its sandbox.
  const cases = fc
    .sample(caseGenArb, { numRuns: 60, seed: 7 })
    .map(buildCase)
    .filter((c) => c.expect.workspaces.length > 1 && c.expect.teams.length > 0)
    .slice(0, 4);

  cases.forEach((c, i) => {
    it(`CLI case ${i + 1}: converges, and the sandbox holds the config`, async () => {
      const sb = await startSandbox({ seed: c.seed });
      try {
        secret(c.token);
        const dir = tempDir('conv');
        const config = writeIn(dir, 'access.yaml', c.yaml);
        const planFile = join(dir, 'plan.json');
        const planned = await cliAgainst(sb, ['plan', config, '--out', planFile, '--quiet'], {
          token: c.token,
          cwd: dir,
        });
        if (planned.code !== 0) {
          // A refused plan changes nothing and saves nothing.
          expect(planned.stderr).toContain('cannot be applied; nothing was saved');
          expect(existsSync(planFile)).toBe(false);
          expect(sb.stats().mutations).toBe(0);
          return;
        }
        const applied = await cliAgainst(
          sb,
          ['apply', planFile, '--quiet', '--journal', join(dir, 'j.jsonl')],
          {
            token: c.token,
            cwd: dir,
          },
        );
        expect([0], applied.stdout + applied.stderr).toContain(applied.code);
        const after = await cliAgainst(
          sb,
          ['plan', config, '--format', 'json', '--detailed-exitcode', '--quiet'],
          {
            token: c.token,
            cwd: dir,
          },
        );
        expect(after.code, after.stderr).toBe(0);
        const plan = JSON.parse(after.stdout) as Plan;
        expect(plan.actions).toEqual([]);
        const manual = plan.manual.map((m) => ({
          reason: m.reason,
          email: m.user.email,
          ...(m.target && m.target.type !== 'license' ? { targetGid: m.target.gid } : {}),
        }));
        expect(differences(c.expect, c.seed, await fetchState(sb.url), manual)).toEqual([]);
      } finally {
        await sb.close();
      }
    });
  });
});
