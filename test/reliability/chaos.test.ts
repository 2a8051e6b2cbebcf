// Chaos, property-based: random domains and configurations as in convergence.test.ts, applied while
// the sandbox injects random faults (5xx and resets before or after a write took effect, malformed
// answers, 429s, dropped connections). Whatever happens: planning either works or fails with the
// client's one error and changes nothing; apply never records an action applied or already satisfied
// that the sandbox does not hold; and once the faults stop, plan → apply converges.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { ApplyResult } from '../../src/apply/result.js';
import { AsanaApiError } from '../../src/asana/errors.js';
import { type FaultRule, startSandbox } from '../../src/sandbox/index.js';
import { buildCase, caseGenArb, differences } from './support/domain.js';
import { applyPlan, fastClient, loadYaml, memoryJournal, planAgainst } from './support/pipeline.js';
import { fetchState, goalHoldsIn, journalDisagreements } from './support/state.js';

const RUNS = Number(process.env.RELIABILITY_CHAOS_RUNS ?? 100);

const ROUTES = [
  undefined,
  'POST /batch',
  'POST /workspaces/*/addUser',
  'POST /teams/*/addUser',
  'POST /teams/*/removeUser',
  'POST /scim/Users',
  'PATCH /scim/Users/*',
  'GET /workspaces/*/workspace_memberships',
  'GET /teams/*/team_memberships',
  'GET /scim/Users',
  'GET *',
];

const ruleArb: fc.Arbitrary<FaultRule> = fc
  .record({
    route: fc.constantFrom(...ROUTES),
    kind: fc.constantFrom<FaultRule['kind']>(
      'status',
      'status',
      'reset',
      'malformed-json',
      'rate-limit',
      'hang',
    ),
    status: fc.constantFrom(500, 502, 503, 504),
    phase: fc.constantFrom<'before' | 'after'>('before', 'after'),
    probability: fc.constantFrom(0.2, 0.5, 1),
    // Mostly a few hits; sometimes for good (a failure the run must report truthfully).
    count: fc.option(fc.integer({ min: 1, max: 4 }), { freq: 3 }),
    skip: fc.integer({ min: 0, max: 3 }),
  })
  .map((r) => ({
    ...(r.route ? { route: r.route } : {}),
    kind: r.kind,
    ...(r.kind === 'status' ? { status: r.status } : {}),
    ...(r.kind === 'rate-limit' ? { retryAfterSeconds: 0 } : {}),
    ...(r.kind === 'hang' ? { hangMs: 30 } : {}),
    ...(r.kind === 'status' || r.kind === 'reset' || r.kind === 'hang' ? { phase: r.phase } : {}),
    probability: r.probability,
    ...(r.count === null ? {} : { count: r.count }),
    skip: r.skip,
  }));

const tally = { cases: 0, planFailed: 0, applied: 0, notApplied: 0, faults: 0 };
afterAll(() => {
  process.stderr.write(
    `chaos: ${tally.cases} cases, ${tally.faults} faults injected, ${tally.planFailed} plans stopped by a fault, ${tally.applied} actions applied under faults, ${tally.notApplied} left for the rerun\n`,
  );
});

describe('chaos (in-process, property-based)', () => {
  it(`faults never make apply claim what Asana lacks, and a rerun converges (${RUNS} cases)`, async () => {
    await fc.assert(
      fc.asyncProperty(
        caseGenArb,
        fc.array(ruleArb, { minLength: 1, maxLength: 3 }),
        fc.nat(1000),
        async (gen, rules, randomSeed) => {
          const c = buildCase(gen);
          const sb = await startSandbox({
            seed: c.seed,
            rateLimitPerMinute: 0,
            maxReadsInFlight: 0,
            maxWritesInFlight: 0,
            randomSeed: randomSeed + 1,
          });
          try {
            tally.cases++;
            const { desired, digest } = await loadYaml(c.yaml);
            const client = fastClient(sb, c.token);
            const clean = await planAgainst(client, desired, digest);
            if (clean.problems.length > 0) return;
            const before = await fetchState(sb.url);

            sb.setFaults(rules);
            let result: ApplyResult | undefined;
            const journal = memoryJournal();
            let plan = clean.plan;
            try {
              const planned = await planAgainst(client, desired, digest);
              plan = planned.plan;
              if (planned.problems.length === 0 && plan.actions.length > 0)
                result = await applyPlan(client, plan, journal);
            } catch (error) {
              // Reading failed for good: one clear client error, and nothing was written.
              if (!(error instanceof AsanaApiError)) throw error;
              tally.planFailed++;
              sb.setFaults([]);
              expect(await fetchState(sb.url)).toEqual(before);
            }
            tally.faults += Object.values(sb.stats().faults).reduce((a, b) => a + b, 0);
            sb.setFaults([]);
            // Writes sent before a dropped connection may still be landing.
            await new Promise((r) => setTimeout(r, 40));
            const state = await fetchState(sb.url);
            if (result) {
              for (const r of result.results) {
                const done = r.outcome.status === 'applied' || r.outcome.status === 'already-satisfied';
                if (done) {
                  tally.applied++;
                  expect(goalHoldsIn(state, r.action), `${r.action.id} reported ${r.outcome.status}`).toBe(
                    true,
                  );
                } else tally.notApplied++;
              }
              // A failed action may have happened (its answer was lost and the re-check failed too); so
              // may the memberships a failed account creation brings along (SCIM accounts join their
              // organization), which the journal lists as skipped.
              const failed = result.results.filter((r) => r.outcome.status === 'failed').map((r) => r.action);
              const failedCreates = new Set(
                failed.filter((a) => a.kind === 'create-account').map((a) => a.user.email),
              );
              const unsure = new Set([
                ...failed.map((a) => a.id),
                ...result.results
                  .filter((r) => r.outcome.status === 'skipped' && failedCreates.has(r.action.user.email))
                  .map((r) => r.action.id),
              ]);
              expect(journalDisagreements(journal.entries, plan.actions, state, unsure)).toEqual([]);
            }

            // The faults are gone: plan → apply → plan converges, and the sandbox holds the config.
            const again = await planAgainst(client, desired, digest);
            expect(again.problems).toEqual([]);
            if (again.plan.actions.length > 0) {
              const rerun = await applyPlan(client, again.plan, memoryJournal());
              const bad = rerun.results.filter(
                (r) => r.outcome.status !== 'applied' && r.outcome.status !== 'already-satisfied',
              );
              expect(bad.map((r) => `${r.action.id}: ${JSON.stringify(r.outcome)}`)).toEqual([]);
            }
            const last = await planAgainst(client, desired, digest);
            expect(last.plan.actions.map((a) => a.id)).toEqual([]);
            const manual = last.plan.manual.map((m) => ({
              reason: m.reason,
              email: m.user.email,
              ...(m.target && m.target.type !== 'license' ? { targetGid: m.target.gid } : {}),
            }));
            expect(differences(c.expect, c.seed, await fetchState(sb.url), manual)).toEqual([]);
          } finally {
            await sb.close();
          }
        },
      ),
      { numRuns: RUNS },
    );
  }, 150_000);
});
