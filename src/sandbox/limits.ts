// Asana's per-token limits: a sliding one-minute window of requests (rejected requests count too) and
// caps on requests in flight (reads and writes separately). A batch asks for all its actions at once.

export interface LimitConfig {
  /** Requests per minute per token; 0 turns the window off. */
  perMinute: number;
  /** GET requests in flight per token; 0 = no cap. */
  maxReads: number;
  /** Write requests in flight per token; 0 = no cap. */
  maxWrites: number;
}

export type Admission =
  | { ok: true; release: () => void }
  | { ok: false; retryAfterSeconds: number; reason: 'window' | 'reads' | 'writes' };

interface Usage {
  /** Request times in the window, oldest first, from `head` on. */
  times: number[];
  head: number;
  reads: number;
  writes: number;
}

export interface Limiter {
  admit(token: string, reads: number, writes: number, now: number): Admission;
  /** Highest reads and writes in flight seen for any single token. */
  peak(): { reads: number; writes: number };
  resetPeak(): void;
}

const WINDOW_MS = 60_000;

export function createLimiter(config: LimitConfig): Limiter {
  const usage = new Map<string, Usage>();
  let peakReads = 0;
  let peakWrites = 0;
  const usageOf = (token: string): Usage => {
    let u = usage.get(token);
    if (!u) {
      u = { times: [], head: 0, reads: 0, writes: 0 };
      usage.set(token, u);
    }
    return u;
  };
  const record = (u: Usage, n: number, now: number) => {
    for (let i = 0; i < n; i++) u.times.push(now);
  };
  return {
    admit(token, reads, writes, now) {
      const u = usageOf(token);
      const n = reads + writes;
      while (u.head < u.times.length && u.times[u.head]! <= now - WINDOW_MS) u.head++;
      if (u.head > 4096 && u.head * 2 > u.times.length) {
        u.times = u.times.slice(u.head);
        u.head = 0;
      }
      if (config.perMinute > 0) {
        const inWindow = u.times.length - u.head;
        if (inWindow + n > config.perMinute) {
          record(u, n, now);
          // The next single request fits once enough of the oldest ones have left the window.
          const mustExpire = u.times.length - u.head + 1 - config.perMinute;
          const t = u.times[u.head + mustExpire - 1] ?? now;
          return {
            ok: false,
            retryAfterSeconds: Math.max(1, Math.ceil((t + WINDOW_MS - now) / 1000)),
            reason: 'window',
          };
        }
      }
      record(u, n, now);
      if (config.maxReads > 0 && reads > 0 && u.reads + reads > config.maxReads) {
        return { ok: false, retryAfterSeconds: 1, reason: 'reads' };
      }
      if (config.maxWrites > 0 && writes > 0 && u.writes + writes > config.maxWrites) {
        return { ok: false, retryAfterSeconds: 1, reason: 'writes' };
      }
      u.reads += reads;
      u.writes += writes;
      peakReads = Math.max(peakReads, u.reads);
      peakWrites = Math.max(peakWrites, u.writes);
      let released = false;
      return {
        ok: true,
        release: () => {
          if (released) return;
          released = true;
          u.reads -= reads;
          u.writes -= writes;
        },
      };
    },
    peak: () => ({ reads: peakReads, writes: peakWrites }),
    resetPeak: () => {
      peakReads = 0;
      peakWrites = 0;
    },
  };
}
