// A list kept sorted by gid, indexed by a key (the member's user gid), so that pages are slices found by
// binary search: serving page N of 100,000 memberships costs the same as page 1.

/** Orders numeric gid strings without converting them (shorter is smaller, then lexical). */
export function compareGid(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Index of the first item whose gid is greater than `gid`, in an array sorted by gid. */
export function upperBoundByGid(items: readonly { gid: string }[], gid: string): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareGid(items[mid]!.gid, gid) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class SortedList<T extends { gid: string }> {
  readonly items: T[] = [];
  private readonly byKey = new Map<string, T>();

  constructor(private readonly keyOf: (item: T) => string) {}

  get size(): number {
    return this.items.length;
  }

  get(key: string): T | undefined {
    return this.byKey.get(key);
  }

  /** Adds an item; new gids are the highest, so this is usually an append. */
  add(item: T): void {
    const at = this.upperBound(item.gid);
    if (at === this.items.length) this.items.push(item);
    else this.items.splice(at, 0, item);
    this.byKey.set(this.keyOf(item), item);
  }

  /** Removes the item with this key; returns it, or undefined when absent. */
  remove(key: string): T | undefined {
    const item = this.byKey.get(key);
    if (!item) return undefined;
    this.byKey.delete(key);
    const at = this.lowerBound(item.gid);
    if (this.items[at] === item) this.items.splice(at, 1);
    return item;
  }

  /** Index of the first item whose gid is greater than `gid`. */
  upperBound(gid: string): number {
    return upperBoundByGid(this.items, gid);
  }

  private lowerBound(gid: string): number {
    let lo = 0;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareGid(this.items[mid]!.gid, gid) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
