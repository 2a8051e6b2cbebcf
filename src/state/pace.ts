// Pacing of the many short lists (team members) against the few long ones (an organization's
// members, SCIM users). A long list can only be read page after page, so it sets the sync's critical
// path; if a thousand team lists are started at once, its next page queues behind them for a read
// slot, and they spend the minute's request budget before it is done, so it stalls until the budget
// comes back. Reading the short lists a few at a time while a long one is in progress, then at full
// width, keeps the critical path moving (bench, docs/performance.md: 20,000 users at 1,500
// requests/min went from 74 s to 64 s; at 6,000/min from 19 s to 13 s).

/** Short lists read at once while a long list is in progress. */
export const SHORT_LISTS_WHILE_LONG = 5;
/** Short lists read at once otherwise: below the client's 50 reads in flight, so a page always finds a slot. */
export const SHORT_LISTS_AT_ONCE = 40;

export interface ListPacer {
  /** Marks `work` as a long list for as long as it runs. */
  long<T>(work: Promise<T>): Promise<T>;
  /** Runs `fn` over `items` as a short list each, paced; results in input order. */
  short<I, R>(items: readonly I[], fn: (item: I) => Promise<R>): Promise<R[]>;
}

export function createListPacer(
  whileLong: number = SHORT_LISTS_WHILE_LONG,
  atOnce: number = SHORT_LISTS_AT_ONCE,
): ListPacer {
  let longRunning = 0;
  const waiting = new Set<() => void>();
  const wakeAll = (): void => {
    for (const pump of [...waiting]) pump();
  };
  return {
    long(work) {
      longRunning++;
      const done = (): void => {
        longRunning--;
        wakeAll();
      };
      work.then(done, done);
      return work;
    },
    short<I, R>(items: readonly I[], fn: (item: I) => Promise<R>): Promise<R[]> {
      return new Promise<R[]>((resolve, reject) => {
        const results: R[] = new Array(items.length);
        let next = 0;
        let running = 0;
        let failed = false;
        const pump = (): void => {
          if (failed) return;
          const limit = longRunning > 0 ? whileLong : atOnce;
          while (running < limit && next < items.length) {
            const i = next++;
            running++;
            fn(items[i]!).then(
              (r) => {
                results[i] = r;
                running--;
                if (next >= items.length && running === 0) {
                  waiting.delete(pump);
                  resolve(results);
                } else pump();
              },
              (e: unknown) => {
                failed = true;
                waiting.delete(pump);
                reject(e);
              },
            );
          }
        };
        if (items.length === 0) {
          resolve([]);
          return;
        }
        waiting.add(pump);
        pump();
      });
    },
  };
}
