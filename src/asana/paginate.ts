// Reading whole lists: REST pages of 100 following next_page.offset, SCIM pages by startIndex/count.
// One request per page, nothing more.
import { AsanaApiError } from './errors.js';
import type { Transport } from './http.js';
import { listPage, scimPage } from './validate.js';

export const PAGE_SIZE = 100;

export interface ListRequest<T> {
  /** Name for progress events, e.g. `teams of 1200…`. */
  list: string;
  path: string;
  params: Record<string, string>;
  map: (item: unknown, where: string) => T;
}

/**
 * All pages of a REST list. An expired offset (400 mentioning "offset") restarts the list from the
 * first page once; a second expiry fails with a clear error rather than looping.
 */
export async function readRestList<T>(transport: Transport, req: ListRequest<T>): Promise<T[]> {
  let restarted = false;
  for (;;) {
    try {
      return await readRestPages(transport, req);
    } catch (e) {
      if (!(e instanceof ExpiredOffset)) throw e;
      if (restarted) {
        throw new AsanaApiError({
          kind: 'bad-request',
          method: 'GET',
          path: req.path,
          status: e.cause.status,
          asanaMessages: e.cause.asanaMessages,
          detail: `the pagination offset expired again after restarting the list of ${req.list}; the list is too slow to read in one go, try again`,
        });
      }
      restarted = true;
      transport.emit({
        type: 'retry',
        method: 'GET',
        path: req.path,
        attempt: 1,
        reason: 'pagination offset expired, restarting the list',
        waitMs: 0,
      });
    }
  }
}

class ExpiredOffset extends Error {
  constructor(override readonly cause: AsanaApiError) {
    super(cause.message);
  }
}

async function readRestPages<T>(transport: Transport, req: ListRequest<T>): Promise<T[]> {
  const out: T[] = [];
  const seenOffsets = new Set<string>();
  let offset: string | undefined;
  for (let page = 1; ; page++) {
    const params: Record<string, string | number> = { ...req.params, limit: PAGE_SIZE };
    if (offset !== undefined) params.offset = offset;
    let result: { items: T[]; nextOffset: string | null };
    try {
      result = await transport.send({
        method: 'GET',
        path: req.path,
        params,
        repeat: 'idempotent',
        parse: (body) => {
          const p = listPage(body);
          return {
            items: p.items.map((item, i) => req.map(item, `page ${page} data[${i}]`)),
            nextOffset: p.nextOffset,
          };
        },
      });
    } catch (e) {
      if (
        offset !== undefined &&
        e instanceof AsanaApiError &&
        e.kind === 'bad-request' &&
        e.asanaMessages.some((m) => /offset/i.test(m))
      ) {
        throw new ExpiredOffset(e);
      }
      throw e;
    }
    transport.countPage();
    transport.emit({ type: 'page', list: req.list, count: result.items.length });
    out.push(...result.items);
    if (result.nextOffset === null) return out;
    if (seenOffsets.has(result.nextOffset)) {
      throw new AsanaApiError({
        kind: 'malformed',
        method: 'GET',
        path: req.path,
        detail: `next_page.offset repeats an earlier offset on page ${page}; the list would never end`,
      });
    }
    seenOffsets.add(result.nextOffset);
    offset = result.nextOffset;
  }
}

/** All pages of a SCIM list (startIndex is 1-based; stops once totalResults are read). */
export async function readScimList<T>(transport: Transport, req: ListRequest<T>): Promise<T[]> {
  const out: T[] = [];
  let startIndex = 1;
  for (let page = 1; ; page++) {
    const result = await transport.send({
      method: 'GET',
      path: req.path,
      params: { ...req.params, startIndex, count: PAGE_SIZE },
      repeat: 'idempotent',
      parse: (body) => {
        const p = scimPage(body);
        return {
          total: p.total,
          items: p.items.map((item, i) => req.map(item, `page ${page} Resources[${i}]`)),
        };
      },
    });
    transport.countPage();
    transport.emit({ type: 'page', list: req.list, count: result.items.length });
    out.push(...result.items);
    if (out.length >= result.total) return out;
    if (result.items.length === 0) {
      throw new AsanaApiError({
        kind: 'malformed',
        method: 'GET',
        path: req.path,
        detail: `the page at startIndex ${startIndex} is empty but totalResults is ${result.total} and only ${out.length} were read`,
      });
    }
    startIndex += result.items.length;
  }
}
