// Client-side rate limiting: a sliding window of requests per minute plus separate in-flight caps for
// reads and writes, so the tool stays under Asana's limits instead of collecting 429s.

/**
 * A counting semaphore: at most `size` units held at once, waiters served first come, first served.
 * A holder may take several units (a POST /batch of n actions is n writes in flight for Asana).
 */
export class Semaphore {
  private held = 0;
  private readonly waiters: Array<{ units: number; resolve: () => void }> = [];

  constructor(private readonly size: number) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`semaphore size must be ≥ 1, got ${size}`);
  }

  /** Takes `units` (clamped to the size, so a large request waits for an empty semaphore instead of forever). */
  async acquire(units = 1): Promise<void> {
    const n = this.clamp(units);
    if (this.waiters.length === 0 && this.held + n <= this.size) {
      this.held += n;
      return;
    }
    await new Promise<void>((resolve) => this.waiters.push({ units: n, resolve }));
  }

  release(units = 1): void {
    this.held -= this.clamp(units);
    // Hand the freed units to waiters in order, as far as they go.
    for (let next = this.waiters[0]; next && this.held + next.units <= this.size; next = this.waiters[0]) {
      this.waiters.shift();
      this.held += next.units;
      next.resolve();
    }
  }

  get inUse(): number {
    return this.held;
  }

  private clamp(units: number): number {
    return Math.min(this.size, Math.max(1, Math.floor(units)));
  }
}

/** A request counted by the window. In flight it never expires; once done it expires `windowMs` later. */
export interface WindowSlot {
  /** Call when the answer (or failure) arrived. */
  done(): void;
}

export interface WindowOptions {
  /** Requests allowed in any window. 0 or less disables the window. */
  limit: number;
  /** Window length. Default 60000. */
  windowMs?: number;
  /** Extra time before a finished request leaves the window, for clock and latency slack. Default 250. */
  marginMs?: number;
  now?: () => number;
}

/**
 * Sliding window. A request is counted from when it is sent until `windowMs` after its answer arrived:
 * Asana counts it on arrival, somewhere in between, so this never under-counts whatever the latency.
 */
export class RateWindow {
  /** Each entry counts `units` requests (a batch counts each of its actions). */
  private readonly entries: Array<{ doneAt: number; units: number }> = [];
  private used = 0;
  private readonly windowMs: number;
  private readonly marginMs: number;
  private readonly now: () => number;
  private queue: Promise<unknown> = Promise.resolve();
  private wake: (() => void) | undefined;

  constructor(private readonly options: WindowOptions) {
    this.windowMs = options.windowMs ?? 60_000;
    this.marginMs = options.marginMs ?? 250;
    this.now = options.now ?? Date.now;
  }

  /**
   * Waits for room for `units` requests in the window (FIFO) and takes it. Resolves with the time
   * waited in ms. `units` is clamped to the limit, so an oversized request waits for an empty window.
   */
  acquire(units = 1): Promise<{ slot: WindowSlot; waitedMs: number }> {
    const calledAt = this.now();
    const n = this.options.limit > 0 ? Math.min(this.options.limit, Math.max(1, Math.floor(units))) : 0;
    // Full now: this request waits for the window, behind the ones queued before it (all of it counts).
    const fullNow = this.options.limit > 0 && this.counted + n > this.options.limit;
    const turn = this.queue.then(() => this.take(fullNow ? calledAt : undefined, n));
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private async take(
    waitingSince: number | undefined,
    units: number,
  ): Promise<{ slot: WindowSlot; waitedMs: number }> {
    const start = waitingSince ?? this.now();
    let waited = waitingSince !== undefined;
    if (this.options.limit > 0) {
      for (;;) {
        this.prune();
        if (this.used + units <= this.options.limit) break;
        waited = true;
        const finished = this.entries.filter((e) => Number.isFinite(e.doneAt)).map((e) => e.doneAt);
        const nextExpiry =
          finished.length > 0 ? Math.min(...finished) + this.windowMs + this.marginMs : undefined;
        await new Promise<void>((resolve) => {
          const timer =
            nextExpiry === undefined ? undefined : setTimeout(resolve, Math.max(1, nextExpiry - this.now()));
          // A request finishing may make its expiry the earliest one: re-evaluate then too.
          this.wake = () => {
            if (timer) clearTimeout(timer);
            resolve();
          };
        });
        this.wake = undefined;
      }
    }
    const entry = { doneAt: Number.POSITIVE_INFINITY, units };
    if (this.options.limit > 0) {
      this.entries.push(entry);
      this.used += units;
    }
    let finished = false;
    const slot: WindowSlot = {
      done: () => {
        if (finished) return;
        finished = true;
        entry.doneAt = this.now();
        this.wake?.();
      },
    };
    // Only a wait for room in the window counts, not a moment in the queue behind other requests.
    return { slot, waitedMs: waited ? this.now() - start : 0 };
  }

  private prune(): void {
    const cutoff = this.now() - this.windowMs - this.marginMs;
    for (let i = this.entries.length - 1; i >= 0; i--) {
      const e = this.entries[i]!;
      if (e.doneAt <= cutoff) {
        this.entries.splice(i, 1);
        this.used -= e.units;
      }
    }
  }

  /** Requests currently counted. */
  get counted(): number {
    this.prune();
    return this.used;
  }
}

export interface LimiterOptions {
  rateLimitPerMinute: number;
  maxReadsInFlight: number;
  maxWritesInFlight: number;
  windowMs?: number;
  marginMs?: number;
}

export interface Permit {
  /** Time spent waiting for the requests/minute window, in ms (in-flight waits are not counted). */
  windowWaitMs: number;
  /** Time spent waiting out another request's Retry-After, in ms. */
  pausedMs: number;
  release(): void;
}

/** Both limits together. The in-flight slot is taken first so the window counts the real send time. */
export class Limiter {
  private readonly reads: Semaphore;
  private readonly writes: Semaphore;
  private readonly window: RateWindow;
  private pausedUntil = 0;

  constructor(options: LimiterOptions) {
    this.reads = new Semaphore(options.maxReadsInFlight);
    this.writes = new Semaphore(options.maxWritesInFlight);
    this.window = new RateWindow({
      limit: options.rateLimitPerMinute,
      windowMs: options.windowMs,
      marginMs: options.marginMs,
    });
  }

  /**
   * After a 429 nothing new is sent until Retry-After has passed: the limit is per token, so every
   * request would be refused anyway (and refused requests still count).
   */
  pauseUntil(time: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, time);
  }

  /**
   * `units`: how many requests Asana counts this one as, in flight and in the window: 1, or the
   * number of actions of a POST /batch (each action counts against the limits).
   */
  async acquire(kind: 'read' | 'write', units = 1): Promise<Permit> {
    const sem = kind === 'read' ? this.reads : this.writes;
    await sem.acquire(units);
    let slot: WindowSlot;
    let waitedMs: number;
    let pausedMs = 0;
    try {
      for (let now = Date.now(); now < this.pausedUntil; now = Date.now()) {
        await sleep(this.pausedUntil - now);
        pausedMs += Date.now() - now;
      }
      ({ slot, waitedMs } = await this.window.acquire(units));
    } catch (e) {
      sem.release(units);
      throw e;
    }
    let released = false;
    return {
      windowWaitMs: waitedMs,
      pausedMs,
      release: () => {
        if (released) return;
        released = true;
        slot.done();
        sem.release(units);
      },
    };
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
