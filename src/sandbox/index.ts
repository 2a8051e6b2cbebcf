// The Asana sandbox: a faithful simulator of the REST and SCIM endpoints asana-access uses, for tests,
// benchmarks, the demo and anyone rehearsing a change. It shares no code with src/asana/ on purpose:
// it must be able to catch the client's mistakes. See docs/sandbox.md.

export {
  type FaultKind,
  type FaultRule,
  FaultRuleError,
  type FaultRuleState,
  validateFaultRules,
} from './faults.js';
export { GENERATED_TOKENS, type GenerateOptions, generateDomain } from './generate.js';
export { loadSeed, SeedError, validateSeed } from './seed.js';
export type * from './seed-types.js';
export { type Sandbox, type SandboxOptions, type SandboxToken, startSandbox } from './server.js';
export type { SandboxStats } from './stats.js';

/** The acme seed's tokens (examples/acme/sandbox.yaml): fixed, obviously fake values. */
export const ACME_TOKENS = {
  /** Service account: organization admin everywhere, SCIM allowed. */
  serviceAccount: 'acme-sandbox-service-account-token',
  /** PAT of Ada Lindqvist, admin of both workspaces, enterprise license. */
  adminPat: 'acme-sandbox-admin-pat',
  /** PAT of Emma Wilson, enterprise member without admin rights. */
  memberPat: 'acme-sandbox-member-pat',
  /** PAT of Laura Bianchi, view-only license: writes get 403. */
  viewOnlyPat: 'acme-sandbox-viewonly-pat',
  /** PAT of Sam Rivera, a guest from contractor.example. */
  guestPat: 'acme-sandbox-guest-pat',
} as const;
