// Progress of reading Asana, on stderr: one live line on a terminal, plain periodic lines in CI or
// when stderr is not a terminal, nothing with --quiet. Fed by client events and by state/.
import type { ClientEvent } from '../asana/types.js';
import type { ReadProgress } from '../state/read.js';

export interface ProgressOptions {
  quiet: boolean;
  /** Default process.stderr. */
  stream?: { write(text: string): unknown; isTTY?: boolean };
  /** Default: the stream is a TTY and CI is not set. */
  live?: boolean;
  env?: NodeJS.ProcessEnv;
  /** How often plain mode prints a line while something changes (ms). Default 5000. */
  intervalMs?: number;
  /** What is being done, e.g. "reading Asana". */
  label?: string;
}

export interface Progress extends ReadProgress {
  /** Pass as the client's onEvent. */
  onClientEvent(e: ClientEvent): void;
  /** Ends the display: clears the live line and prints one summary line (unless quiet). */
  finish(outcome: 'done' | 'failed'): void;
}

interface Snapshot {
  listsDone: number;
  listsTotal: number;
  pages: number;
  requests: number;
  retries: number;
  rateWaits: number;
  rateWaitMs: number;
  waitingUntil: number;
}

export function createProgress(options: ProgressOptions): Progress {
  const stream = options.stream ?? process.stderr;
  const env = options.env ?? process.env;
  const live = options.live ?? (stream.isTTY === true && !isCi(env));
  const label = options.label ?? 'reading Asana';
  const started = Date.now();
  const s: Snapshot = {
    listsDone: 0,
    listsTotal: 0,
    pages: 0,
    requests: 0,
    retries: 0,
    rateWaits: 0,
    rateWaitMs: 0,
    waitingUntil: 0,
  };
  if (options.quiet) {
    return { onClientEvent: () => undefined, listDone: () => undefined, finish: () => undefined };
  }

  let dirty = false;
  let lastLive = 0;
  let finished = false;
  const write = (text: string): void => {
    try {
      stream.write(text);
    } catch {
      // A closed stderr must not stop the work.
    }
  };
  const line = (): string => {
    const parts = [
      `${label}: ${s.listsDone}/${s.listsTotal} lists`,
      `${s.pages} pages`,
      `${s.requests} requests`,
    ];
    if (s.retries > 0) parts.push(`${s.retries} retried`);
    const waitLeft = s.waitingUntil - Date.now();
    if (waitLeft > 0) parts.push(`waiting ${seconds(waitLeft)} for the rate limit`);
    else if (s.rateWaits > 0) parts.push(`${s.rateWaits} rate-limit waits (${seconds(s.rateWaitMs)})`);
    return parts.join(', ');
  };
  const render = (force = false): void => {
    if (finished) return;
    if (live) {
      const now = Date.now();
      if (!force && now - lastLive < 100) {
        dirty = true;
        return;
      }
      lastLive = now;
      dirty = false;
      write(`\r\x1b[2K${line()}`);
    } else {
      dirty = true;
    }
  };
  // Plain mode prints at most one line per interval, only when something changed; live mode uses the
  // timer to flush a throttled update.
  const timer = setInterval(
    () => {
      if (!dirty) return;
      dirty = false;
      if (live) write(`\r\x1b[2K${line()}`);
      else write(`${line()}\n`);
    },
    live ? 200 : (options.intervalMs ?? 5000),
  );
  timer.unref();

  return {
    onClientEvent(e) {
      switch (e.type) {
        case 'request':
          s.requests++;
          break;
        case 'page':
          s.pages++;
          break;
        case 'retry':
          s.retries++;
          // In plain mode each retry is worth its own line in the log.
          if (!live)
            write(
              `retrying ${e.method} ${e.path} (${e.reason}) in ${seconds(e.waitMs)}, attempt ${e.attempt + 1}\n`,
            );
          break;
        case 'rate-wait':
          s.rateWaits++;
          s.rateWaitMs += e.ms;
          if (e.reason === 'retry-after') s.waitingUntil = Math.max(s.waitingUntil, Date.now() + e.ms);
          break;
        case 'response':
          return;
      }
      render();
    },
    listDone(done, total) {
      s.listsDone = done;
      s.listsTotal = total;
      render(done === total);
    },
    finish(outcome) {
      if (finished) return;
      finished = true;
      clearInterval(timer);
      if (live) write('\r\x1b[2K');
      const took = seconds(Date.now() - started);
      write(
        outcome === 'done'
          ? `${label}: done, ${s.listsDone} lists, ${s.pages} pages, ${s.requests} requests in ${took}${s.retries > 0 ? `, ${s.retries} retried` : ''}${s.rateWaits > 0 ? `, ${seconds(s.rateWaitMs)} waiting for rate limits` : ''}\n`
          : `${label}: stopped after ${s.requests} requests in ${took}\n`,
      );
    },
  };
}

function isCi(env: NodeJS.ProcessEnv): boolean {
  const ci = env.CI;
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
}

function seconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}
