// Fault injection: rules that make matching requests fail the ways Asana (or the network) does, either
// with a probability or for the next N matching requests. Draws come from the sandbox's seeded PRNG, so a
// run replays exactly for a given randomSeed and request order.
import type { Random } from './random.js';

export type FaultKind =
  | 'status'
  | 'reset'
  | 'hang'
  | 'malformed-json'
  | 'rate-limit'
  | 'drop-next-page'
  /** The caller's token is revoked at that request: it and every later request with the token get 401. */
  | 'revoke-token';

export interface FaultRule {
  /**
   * Which requests: `METHOD /template` or `/template` (any method), matched against the route template
   * (`/teams/{team_gid}/addUser`) or the actual path below /api/1.0; `*` matches any run of characters.
   * Default: every API request.
   */
  route?: string;
  kind: FaultKind;
  /** `status`: the HTTP status, 500, 502, 503 or 504 (default 503). */
  status?: number;
  /** `rate-limit`: the Retry-After seconds of the 429 (default 1). */
  retryAfterSeconds?: number;
  /** `hang`: ms before the connection is dropped (default: never, until the client gives up). */
  hangMs?: number;
  /** Chance (0..1) that a matching request is hit (default 1). */
  probability?: number;
  /** Hit at most this many requests, then the rule is spent (default: no limit). */
  count?: number;
  /** Let this many matching requests through first (default 0). */
  skip?: number;
  /**
   * `before` (default): fail instead of handling. `after`: handle the request (a write takes effect),
   * then fail; for status, reset and hang. malformed-json and drop-next-page always act after.
   */
  phase?: 'before' | 'after';
}

/** A rule as the sandbox holds it: with its counters. */
export interface FaultRuleState extends FaultRule {
  /** Matching requests seen so far. */
  seen: number;
  /** Requests the rule has hit so far. */
  hits: number;
}

export class FaultRuleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FaultRuleError';
  }
}

const KINDS: FaultKind[] = [
  'status',
  'reset',
  'hang',
  'malformed-json',
  'rate-limit',
  'drop-next-page',
  'revoke-token',
];
const FIELDS = [
  'route',
  'kind',
  'status',
  'retryAfterSeconds',
  'hangMs',
  'probability',
  'count',
  'skip',
  'phase',
];

/** Checks fault rules (from code, a file or PUT /__sandbox/faults); throws naming the rule and field. */
export function validateFaultRules(rules: unknown): FaultRule[] {
  if (!Array.isArray(rules)) throw new FaultRuleError('faults must be a list of rules');
  return rules.map((r: unknown, i: number) => {
    const at = `faults[${i}]`;
    if (!r || typeof r !== 'object' || Array.isArray(r)) throw new FaultRuleError(`${at}: must be an object`);
    const rule = r as Record<string, unknown>;
    for (const key of Object.keys(rule)) {
      if (!FIELDS.includes(key))
        throw new FaultRuleError(`${at}.${key}: unknown field (allowed: ${FIELDS.join(', ')})`);
    }
    if (!KINDS.includes(rule.kind as FaultKind))
      throw new FaultRuleError(`${at}.kind: must be one of ${KINDS.join(', ')}`);
    if (rule.route !== undefined && (typeof rule.route !== 'string' || !/^([A-Z]+ )?[/*]/.test(rule.route))) {
      throw new FaultRuleError(
        `${at}.route: must look like "GET /workspaces/*" or "/teams/{team_gid}/addUser"`,
      );
    }
    if (rule.status !== undefined && ![500, 502, 503, 504].includes(rule.status as number)) {
      throw new FaultRuleError(`${at}.status: must be 500, 502, 503 or 504`);
    }
    const nonNegative = (key: string) => {
      const v = rule[key];
      if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v) || v < 0)) {
        throw new FaultRuleError(`${at}.${key}: must be a number >= 0`);
      }
    };
    for (const key of ['retryAfterSeconds', 'hangMs', 'count', 'skip']) nonNegative(key);
    if (rule.probability !== undefined) {
      const p = rule.probability;
      if (typeof p !== 'number' || !(p >= 0 && p <= 1))
        throw new FaultRuleError(`${at}.probability: must be between 0 and 1`);
    }
    if (rule.phase !== undefined && rule.phase !== 'before' && rule.phase !== 'after') {
      throw new FaultRuleError(`${at}.phase: must be before or after`);
    }
    return rule as unknown as FaultRule;
  });
}

export type FaultPhase = 'before' | 'after';

/** Which phase a rule acts in. */
export function phaseOf(rule: FaultRule): FaultPhase {
  if (rule.kind === 'malformed-json' || rule.kind === 'drop-next-page') return 'after';
  if (rule.kind === 'rate-limit' || rule.kind === 'revoke-token') return 'before';
  return rule.phase ?? 'before';
}

export interface FaultEngine {
  set(rules: FaultRule[]): void;
  list(): FaultRuleState[];
  /**
   * The first rule of this phase that matches and fires for a request, if any. `routeKey` is
   * `METHOD /template`, `pathKey` is `METHOD /actual/path`. `eligible` can skip rules that could not act
   * on this answer (drop-next-page on an answer without next_page).
   */
  pick(
    routeKey: string,
    pathKey: string,
    phase: FaultPhase,
    eligible?: (rule: FaultRule) => boolean,
  ): FaultRuleState | undefined;
}

export function createFaultEngine(random: Random): FaultEngine {
  let rules: { state: FaultRuleState; re: RegExp; anyMethod: boolean }[] = [];
  return {
    set(next) {
      rules = validateFaultRules(next).map((rule) => {
        const pattern = rule.route ?? '*';
        const anyMethod = !/^[A-Z]+ /.test(pattern);
        const source = pattern
          .split('*')
          .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
          .join('.*');
        return { state: { ...rule, seen: 0, hits: 0 }, re: new RegExp(`^${source}$`), anyMethod };
      });
    },
    list: () => rules.map((r) => ({ ...r.state })),
    pick(routeKey, pathKey, phase, eligible) {
      for (const r of rules) {
        const rule = r.state;
        if (phaseOf(rule) !== phase) continue;
        const strip = (key: string) => (r.anyMethod ? key.slice(key.indexOf(' ') + 1) : key);
        if (!r.re.test(strip(routeKey)) && !r.re.test(strip(pathKey))) continue;
        if (eligible && !eligible(rule)) continue;
        if (rule.count !== undefined && rule.hits >= rule.count) continue;
        rule.seen++;
        if (rule.seen <= (rule.skip ?? 0)) continue;
        const p = rule.probability ?? 1;
        if (p < 1 && random.next() >= p) continue;
        rule.hits++;
        return rule;
      }
      return undefined;
    },
  };
}
