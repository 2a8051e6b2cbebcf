// The revocation limit: a plan that takes away more access than the policy allows fails, so that a
// deleted file or a bad merge cannot silently strip a company's Asana.
import type { DesiredPolicy, PlanProblem, PlanProblemCode, RevocationLimit } from '../model/index.js';
import { DEFAULT_REVOCATION_LIMIT, type RevocationLimitSource } from './options.js';

/**
 * Problems that stop a harmful change rather than say that a declaration cannot be resolved: a
 * `report-only` plan (drift) leaves them out, since they hide no difference.
 */
export const GATE_PROBLEMS: ReadonlySet<PlanProblemCode> = new Set<PlanProblemCode>([
  'revocation-limit',
  'protected-user',
  'own-user',
  'ignored-user',
  'removal-deprovisions',
]);

export type EffectiveLimit = RevocationLimit & { source: RevocationLimitSource };

export function effectiveRevocationLimit(policy: DesiredPolicy, maxRevocations?: number): EffectiveLimit {
  if (maxRevocations !== undefined) return { count: maxRevocations, source: 'flag' };
  const { count, percent } = policy.revocationLimit;
  if (count === undefined && percent === undefined) return { ...DEFAULT_REVOCATION_LIMIT, source: 'default' };
  return {
    ...(count !== undefined ? { count } : {}),
    ...(percent !== undefined ? { percent } : {}),
    source: 'policy',
  };
}

/** The problem when `revocations` exceeds the limit, or undefined. `managed` is the percentage's base. */
export function checkRevocationLimit(
  revocations: number,
  managed: number,
  limit: EffectiveLimit,
): PlanProblem | undefined {
  const reasons: string[] = [];
  if (limit.count !== undefined && revocations > limit.count) {
    reasons.push(`the limit of ${limit.count} revocation(s)${where(limit, 'count')}`);
  }
  // Integer arithmetic: revocations / managed > percent / 100, exactly.
  if (limit.percent !== undefined && revocations * 100 > limit.percent * managed) {
    const share = managed === 0 ? 100 : (revocations * 100) / managed;
    const allowed = Math.floor((limit.percent * managed) / 100);
    reasons.push(
      `the limit of ${limit.percent}% of the ${managed} managed membership(s), ${allowed} revocation(s)${where(limit, 'percent')} (this plan revokes ${formatPercent(share)}%)`,
    );
  }
  if (reasons.length === 0) return undefined;
  return {
    code: 'revocation-limit',
    message:
      `The plan revokes ${revocations} access(es), more than ${reasons.join(' and more than ')}. ` +
      `Check the revocations in the plan; if they are intended, raise policy.revocationLimit in the config or run with --max-revocations ${revocations}.`,
  };
}

function where(limit: EffectiveLimit, field: 'count' | 'percent'): string {
  if (limit.source === 'flag') return ' set by --max-revocations';
  if (limit.source === 'default') return ` (the default, as the config sets no policy.revocationLimit)`;
  return ` set by policy.revocationLimit.${field}`;
}

function formatPercent(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}
