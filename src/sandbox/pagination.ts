// Asana's pagination: `limit` 1..100, an opaque `offset` from the previous page that expires, and
// `next_page` only when `limit` was sent. An offset carries the last gid served rather than a position,
// so members added or removed between pages neither repeat nor skip anyone else. Offsets are signed:
// a made-up, edited or foreign one is a 400, like Asana's.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { ApiError } from './errors.js';

/** Without `limit`, Asana returns up to about this many objects and silently drops the rest. */
export const UNPAGED_MAX = 1000;

export interface PageRequest {
  /** Undefined when the request had no `limit`. */
  limit?: number;
  /** The gid the previous page ended with. */
  after?: string;
}

export interface OffsetCodec {
  encode(listKey: string, lastGid: string, now: number): string;
  decode(listKey: string, offset: string, now: number): string;
}

export function createOffsetCodec(ttlMs: number, secret: Buffer = randomBytes(32)): OffsetCodec {
  const sign = (payload: string) =>
    createHmac('sha256', secret).update(payload).digest('base64url').slice(0, 22);
  return {
    encode(listKey, lastGid, now) {
      const payload = Buffer.from(JSON.stringify([listKey, lastGid, now])).toString('base64url');
      return `${payload}.${sign(payload)}`;
    },
    decode(listKey, offset, now) {
      const [payload, signature, extra] = offset.split('.');
      const expected = payload ? sign(payload) : '';
      if (
        !payload ||
        !signature ||
        extra !== undefined ||
        signature.length !== expected.length ||
        !timingSafeEqual(Buffer.from(signature), Buffer.from(expected))
      ) {
        throw new ApiError(
          400,
          'offset: Invalid offset. Use the offset returned in next_page of the previous page.',
        );
      }
      const [key, lastGid, issuedAt] = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as [
        string,
        string,
        number,
      ];
      if (key !== listKey) {
        throw new ApiError(
          400,
          'offset: This offset belongs to a different request. Start again from the first page.',
        );
      }
      if (now - issuedAt > ttlMs) {
        throw new ApiError(
          400,
          'offset: Your pagination token has expired. Start again from the first page.',
        );
      }
      return lastGid;
    },
  };
}

/** Reads `limit` and `offset` from a query; a bad limit or offset is a 400. */
export function readPageRequest(
  query: URLSearchParams,
  listKey: string,
  codec: OffsetCodec,
  now: number,
): PageRequest {
  const rawLimit = query.get('limit');
  const rawOffset = query.get('offset');
  const page: PageRequest = {};
  if (rawLimit !== null) {
    const limit = Number(rawLimit);
    if (!/^-?\d+$/.test(rawLimit.trim()) || limit < 1 || limit > 100) {
      throw new ApiError(400, `limit: The value must be between 1 and 100 (got "${rawLimit}").`);
    }
    page.limit = limit;
  }
  if (rawOffset !== null && rawOffset !== '') page.after = codec.decode(listKey, rawOffset, now);
  return page;
}

export interface Page<T> {
  items: T[];
  /** The gid to continue after, when more items exist (and `limit` was sent). */
  nextAfter?: string;
}

/**
 * Takes one page from a gid-sorted array, starting after `page.after`, keeping items that pass
 * `visible`. Only the items served are touched, not the whole array.
 */
export function takePage<T extends { gid: string }>(
  sorted: readonly T[],
  startIndex: number,
  page: PageRequest,
  visible: (item: T) => boolean = () => true,
): Page<T> {
  const max = page.limit ?? UNPAGED_MAX;
  const items: T[] = [];
  let i = startIndex;
  for (; i < sorted.length && items.length < max; i++) {
    const item = sorted[i]!;
    if (visible(item)) items.push(item);
  }
  if (page.limit === undefined || items.length < max) return { items };
  // More may follow: look for one more visible item before promising a next page.
  for (; i < sorted.length; i++) {
    if (visible(sorted[i]!)) return { items, nextAfter: items[items.length - 1]!.gid };
  }
  return { items };
}
