// Progress of an apply on stderr: actions done out of the total, failures, and waits for Asana's rate
// limit. On a TTY one line is rewritten in place; elsewhere (CI logs) a plain line is printed at
// most every `intervalMs`, and always at the end.
import type { OutcomeStatus } from './outcome.js';

export interface ApplyProgress {
  outcome(status: OutcomeStatus): void;
  /** A wait for the rate limit (client-side limiter or a 429's Retry-After). */
  rateWait(ms: number, reason: 'limiter' | 'retry-after'): void;
  /** Prints the final state and releases the line. */
  finish(): void;
}

export interface ProgressOptions {
  stream: NodeJS.WritableStream;
  isTTY: boolean;
  total: number;
  quiet?: boolean;
  intervalMs?: number;
  now?: () => number;
}

export function createApplyProgress(options: ProgressOptions): ApplyProgress {
  if (options.quiet || options.total === 0) return { outcome() {}, rateWait() {}, finish() {} };
  const now = options.now ?? Date.now;
  const interval = options.intervalMs ?? 2000;
  let done = 0;
  let failed = 0;
  let waitedMs = 0;
  let lastPrint = now();
  let open = false;

  const line = (): string => {
    const parts = [`apply: ${done}/${options.total} actions done`];
    if (failed > 0) parts.push(`${failed} failed`);
    if (waitedMs >= 1000) parts.push(`${(waitedMs / 1000).toFixed(1)}s waited for the rate limit`);
    return parts.join(', ');
  };
  const print = (force: boolean): void => {
    if (options.isTTY) {
      options.stream.write(`\r\x1b[K${line()}`);
      open = true;
      return;
    }
    if (force || now() - lastPrint >= interval) {
      options.stream.write(`${line()}\n`);
      lastPrint = now();
    }
  };

  return {
    outcome(status) {
      done++;
      if (status === 'failed') failed++;
      print(false);
    },
    rateWait(ms, reason) {
      waitedMs += ms;
      if (!options.isTTY && ms >= 1000) {
        const why =
          reason === 'limiter' ? 'to stay under the requests-per-minute limit' : "for Asana's Retry-After";
        options.stream.write(`apply: waited ${(ms / 1000).toFixed(1)}s ${why}\n`);
      } else {
        print(false);
      }
    },
    finish() {
      if (options.isTTY) {
        print(true);
        if (open) options.stream.write('\n');
        open = false;
      } else {
        print(true);
      }
    },
  };
}
