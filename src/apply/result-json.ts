// `apply --json`: the result as stable, versioned data (documented in docs/apply.md). Field names
// and meanings do not change within a formatVersion; new optional fields may appear.
import type { Action } from '../model/index.js';
import type { NotStartedReason } from './outcome.js';
import type { DescribeAction } from './render-result.js';
import { type ApplyResult, exitCodeOf } from './result.js';

export const APPLY_RESULT_FORMAT_VERSION = 1;

export interface ApplyActionJson {
  id: string;
  kind: Action['kind'];
  email: string;
  description: string;
  status: 'applied' | 'already-satisfied' | 'failed' | 'skipped' | 'not-started';
  /** applied / already-satisfied: what happened (e.g. the new SCIM id). */
  detail?: string;
  /** failed: the error, quoting Asana's message. */
  message?: string;
  httpStatus?: number;
  /** skipped: the failed action(s) it waited on. */
  waitedOn?: string[];
  /** not-started: why. */
  reason?: NotStartedReason;
  /** Done actions after verification: whether Asana shows the effect; absent when not verified. */
  visible?: boolean;
}

export interface ApplyResultJson {
  formatVersion: typeof APPLY_RESULT_FORMAT_VERSION;
  toolVersion: string;
  /** `applied`: everything done and visible; `failed`; `interrupted`. */
  result: 'applied' | 'failed' | 'interrupted';
  exitCode: number;
  source: 'config' | 'saved-plan';
  planDigest: string;
  journal: string;
  interruptedBy: 'SIGINT' | 'SIGTERM' | null;
  summary: {
    applied: number;
    alreadySatisfied: number;
    failed: number;
    skipped: number;
    notStarted: number;
    notVisible: number;
  };
  verification: { checked: number; notVisible: string[]; error: string | null } | null;
  durationMs: number;
  /** Set when the journal could not be written and the run stopped starting actions. */
  journalError?: string;
  actions: ApplyActionJson[];
}

export function applyResultJson(
  result: ApplyResult,
  describe: DescribeAction,
  toolVersion: string,
): ApplyResultJson {
  const exitCode = exitCodeOf(result);
  const c = result.counts;
  const v = result.verification;
  return {
    formatVersion: APPLY_RESULT_FORMAT_VERSION,
    toolVersion,
    result: result.interruptedBy !== null ? 'interrupted' : exitCode === 0 ? 'applied' : 'failed',
    exitCode,
    source: result.source,
    planDigest: result.planDigest,
    journal: result.journalPath,
    interruptedBy: result.interruptedBy,
    summary: {
      applied: c.applied,
      alreadySatisfied: c['already-satisfied'],
      failed: c.failed,
      skipped: c.skipped,
      notStarted: c['not-started'],
      notVisible: v?.notVisible.length ?? 0,
    },
    verification:
      v === null ? null : { checked: v.checked, notVisible: v.notVisible, error: v.error ?? null },
    durationMs: result.durationMs,
    ...(result.journalError !== undefined ? { journalError: result.journalError } : {}),
    actions: result.results.map(({ action, outcome, visible }) => {
      const base: ApplyActionJson = {
        id: action.id,
        kind: action.kind,
        email: action.user.email,
        description: describe(action),
        status: outcome.status,
      };
      switch (outcome.status) {
        case 'applied':
          if (outcome.detail !== undefined) base.detail = outcome.detail;
          break;
        case 'already-satisfied':
          base.detail = outcome.detail;
          break;
        case 'failed':
          base.message = outcome.message;
          if (outcome.httpStatus !== undefined) base.httpStatus = outcome.httpStatus;
          break;
        case 'skipped':
          base.waitedOn = outcome.waitedOn;
          break;
        case 'not-started':
          base.reason = outcome.reason;
          break;
      }
      if (visible !== undefined) base.visible = visible;
      return base;
    }),
  };
}
