// One convergence run, in-process: a sandbox from the case's seed, plan, apply, plan again, and the
// oracle's comparison of the sandbox with the configuration. Shared by the property test and the
// replay of kept regressions.
import type { ApplyResult } from '../../../src/apply/result.js';
import { startSandbox } from '../../../src/sandbox/index.js';
import { type ConvergenceCase, differences } from './domain.js';
import { applyPlan, fastClient, loadYaml, memoryJournal, planAgainst } from './pipeline.js';
import { fetchState, journalDisagreements } from './state.js';

export type CaseOutcome =
  | { kind: 'converged'; actions: number; manual: number }
  /** The first plan was refused by a safety gate or an unresolvable name: nothing may change. */
  | { kind: 'refused'; codes: string[] };

/** Runs the case; throws an Error describing the first property it breaks. */
export async function runConvergence(c: ConvergenceCase): Promise<CaseOutcome> {
  const sb = await startSandbox({
    seed: c.seed,
    rateLimitPerMinute: 0,
    maxReadsInFlight: 0,
    maxWritesInFlight: 0,
  });
  try {
    const { desired, digest } = await loadYaml(c.yaml);
    const client = fastClient(sb, c.token);
    const first = await planAgainst(client, desired, digest);
    if (first.problems.length > 0) {
      const codes = first.problems.map((p) => p.code);
      if (sb.stats().mutations !== 0) throw new Error('planning changed the sandbox');
      return { kind: 'refused', codes };
    }
    const journal = memoryJournal();
    let result: ApplyResult | undefined;
    if (first.plan.actions.length > 0) {
      result = await applyPlan(client, first.plan, journal);
      const bad = result.results.filter(
        (r) => r.outcome.status !== 'applied' && r.outcome.status !== 'already-satisfied',
      );
      if (bad.length > 0) {
        throw new Error(
          `apply did not complete:\n${bad.map((r) => `  ${r.action.id}: ${JSON.stringify(r.outcome)}`).join('\n')}`,
        );
      }
      if (result.verification?.error || (result.verification?.notVisible.length ?? 0) > 0) {
        throw new Error(`verification failed: ${JSON.stringify(result.verification)}`);
      }
    }
    const state = await fetchState(sb.url);
    const disagreements = journalDisagreements(journal.entries, first.plan.actions, state);
    if (disagreements.length > 0) throw new Error(`journal vs sandbox:\n  ${disagreements.join('\n  ')}`);

    const second = await planAgainst(client, desired, digest);
    if (second.problems.length > 0 || second.plan.actions.length > 0) {
      throw new Error(
        `the plan after apply is not empty:\n${[
          ...second.problems.map((p) => `  problem ${p.code}: ${p.message}`),
          ...second.plan.actions.map((a) => `  ${a.id}`),
        ].join('\n')}\nfirst plan:\n${first.plan.actions.map((a) => `  ${a.id}`).join('\n')}`,
      );
    }
    const manual = second.plan.manual.map((m) => ({
      reason: m.reason,
      email: m.user.email,
      ...(m.target && m.target.type !== 'license' ? { targetGid: m.target.gid } : {}),
    }));
    const diff = differences(c.expect, c.seed, state, manual);
    if (diff.length > 0) {
      throw new Error(
        `the sandbox does not hold what the config declares:\n  ${diff.join('\n  ')}\nfirst plan:\n${first.plan.actions
          .map((a) => `  ${a.id}`)
          .join('\n')}\nmanual after:\n${second.plan.manual.map((m) => `  ${m.id}`).join('\n')}`,
      );
    }
    return { kind: 'converged', actions: first.plan.actions.length, manual: second.plan.manual.length };
  } finally {
    await sb.close();
  }
}
