// The plan layer's public API: pure planning, fact checks, descriptions and the plan digest.

export { describeAction, describeFact, describeLicense, describeTarget } from './describe.js';
export { computePlanDigest, verifyPlanDigest } from './digest.js';
export type { FactCheck, FactEvaluator } from './facts.js';
export { createFactEvaluator, evaluateFact } from './facts.js';
export { GATE_PROBLEMS } from './gates.js';
export { actionPhase, targetKey } from './ids.js';
export { compileIgnore } from './ignore.js';
export { licenseOfScimUser } from './license.js';
export type { GateMode, PlanOptions, PlanResult, PlanStats, RevocationLimitSource } from './options.js';
export { DEFAULT_REVOCATION_LIMIT } from './options.js';
export { planChanges } from './planner.js';
