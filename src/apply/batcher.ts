// Groups operations submitted close together into one request of up to `maxBatch` operations
// (Asana's POST /batch takes 10). The scheduler starts every ready action in one synchronous pass,
// so waiting until the end of the current event-loop turn (or a short tick) collects them all.

export interface BatcherOptions<Op, Res> {
  /** Most operations in one request. */
  maxBatch: number;
  /** Sends several operations in one request and answers one result per operation, in order. */
  sendBatch: (ops: Op[]) => Promise<Res[]>;
  /** Sends one operation alone: a batch of one would cost the same round trip. */
  sendOne: (op: Op) => Promise<Res>;
  /** How long to wait for more operations (ms); 0 = until the current event-loop turn ends. */
  tickMs?: number;
}

export interface Batcher<Op, Res> {
  submit(op: Op): Promise<Res>;
}

interface Queued<Op, Res> {
  op: Op;
  resolve: (res: Res) => void;
  reject: (err: unknown) => void;
}

export function createBatcher<Op, Res>(options: BatcherOptions<Op, Res>): Batcher<Op, Res> {
  const maxBatch = Math.max(1, Math.floor(options.maxBatch));
  let queue: Queued<Op, Res>[] = [];
  /** Cancels the pending flush, when one is scheduled. */
  let cancelFlush: (() => void) | null = null;

  const send = (items: Queued<Op, Res>[]): void => {
    const first = items[0];
    if (first === undefined) return;
    if (items.length === 1) {
      options.sendOne(first.op).then(first.resolve, first.reject);
      return;
    }
    options.sendBatch(items.map((q) => q.op)).then(
      (results) => {
        items.forEach((q, i) => {
          if (i < results.length) q.resolve(results[i]!);
          else
            q.reject(new Error(`The batch answered ${results.length} results for ${items.length} actions.`));
        });
      },
      (err: unknown) => {
        for (const q of items) q.reject(err);
      },
    );
  };

  const flush = (): void => {
    cancelFlush = null;
    while (queue.length > 0) {
      send(queue.slice(0, maxBatch));
      queue = queue.slice(maxBatch);
    }
  };

  return {
    submit(op: Op): Promise<Res> {
      return new Promise<Res>((resolve, reject) => {
        queue.push({ op, resolve, reject });
        if (queue.length >= maxBatch) {
          send(queue.slice(0, maxBatch));
          queue = queue.slice(maxBatch);
        }
        if (queue.length === 0) {
          cancelFlush?.();
          cancelFlush = null;
        } else if (cancelFlush === null) {
          if (options.tickMs) {
            const t = setTimeout(flush, options.tickMs);
            cancelFlush = () => clearTimeout(t);
          } else {
            const t = setImmediate(flush);
            cancelFlush = () => clearImmediate(t);
          }
        }
      });
    },
  };
}
