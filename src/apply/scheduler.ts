// Runs the nodes of a dependency graph with bounded concurrency. Knows nothing of Asana: a node is
// an id with the ids it depends on, and `perform` says how one node went. This is the part of apply
// that decides order, skips and stops, so it is kept free of I/O and tested with fake performers.
import type { ActionOutcome, NotStartedReason, PerformOutcome } from './outcome.js';

export interface GraphNode {
  readonly id: string;
  readonly dependsOn: readonly string[];
}

export interface ScheduleOptions<N extends GraphNode> {
  /** Most nodes in flight at once (at least 1). */
  concurrency: number;
  /** Stop starting nodes at the first failure. */
  failFast?: boolean;
  /** Once aborted, no node starts; nodes in flight finish and keep their outcome. */
  stop?: AbortSignal;
  /**
   * While this returns true no node starts (checked again whenever a node settles). Used with
   * fail-fast: while a refused action is being re-checked, nothing new starts until it is known
   * whether it failed.
   */
  paused?: () => boolean;
  /** A failure for which this returns a reason stops the run as fail-fast does, whatever `failFast` says. */
  haltOn?: (outcome: PerformOutcome & { status: 'failed' }) => NotStartedReason | null;
  /** Callbacks must not throw (the journal and progress catch their own errors). */
  onStart?: (node: N) => void;
  /** Called once per node, as soon as its outcome is known (skipped/not-started ones at the end). */
  onOutcome?: (node: N, outcome: ActionOutcome) => void;
}

export interface ScheduleResult {
  /** One outcome per node, in the nodes' order. */
  outcomes: Map<string, ActionOutcome>;
  /** Why the run stopped early, if it did. */
  stoppedBy: NotStartedReason | null;
  /** The most nodes that were in flight at once (for tests and figures). */
  maxInFlight: number;
}

/** A graph that cannot be run: a duplicate id, an unknown dependency or a cycle. */
export class GraphError extends Error {
  override name = 'GraphError';
}

/** Checks ids are unique, every dependency exists, and there is no cycle (Kahn's algorithm). */
export function checkGraph(nodes: readonly GraphNode[]): void {
  const index = new Map<string, number>();
  nodes.forEach((n, i) => {
    if (index.has(n.id)) throw new GraphError(`Action id "${n.id}" appears twice.`);
    index.set(n.id, i);
  });
  const pending = new Array<number>(nodes.length).fill(0);
  const dependants: number[][] = nodes.map(() => []);
  nodes.forEach((n, i) => {
    for (const dep of new Set(n.dependsOn)) {
      const d = index.get(dep);
      if (d === undefined)
        throw new GraphError(`Action "${n.id}" depends on "${dep}", which is not in the plan.`);
      if (d === i) throw new GraphError(`Action "${n.id}" depends on itself.`);
      pending[i]!++;
      dependants[d]!.push(i);
    }
  });
  const queue = nodes.map((_, i) => i).filter((i) => pending[i] === 0);
  let seen = 0;
  while (queue.length > 0) {
    const i = queue.pop()!;
    seen++;
    for (const j of dependants[i]!) if (--pending[j]! === 0) queue.push(j);
  }
  if (seen !== nodes.length) {
    const inCycle = nodes.filter((_, i) => pending[i]! > 0).map((n) => n.id);
    throw new GraphError(`The actions' dependencies form a cycle among: ${inCycle.slice(0, 5).join(', ')}.`);
  }
}

/**
 * Runs every node whose dependencies all succeeded ('applied' or 'already-satisfied'), at most
 * `concurrency` at a time, starting ready nodes in their list order. A failure marks its transitive
 * dependants skipped; independent nodes go on unless `failFast`.
 */
export async function runSchedule<N extends GraphNode>(
  nodes: readonly N[],
  perform: (node: N) => Promise<PerformOutcome>,
  options: ScheduleOptions<N>,
): Promise<ScheduleResult> {
  checkGraph(nodes);
  const concurrency = Math.max(1, Math.floor(options.concurrency));
  const index = new Map(nodes.map((n, i) => [n.id, i]));
  const pending = nodes.map((n) => new Set(n.dependsOn).size);
  const dependants: number[][] = nodes.map(() => []);
  nodes.forEach((n, i) => {
    for (const dep of new Set(n.dependsOn)) dependants[index.get(dep)!]!.push(i);
  });
  const outcomes: (ActionOutcome | undefined)[] = new Array(nodes.length);
  /** For nodes blocked by a failure: the failed nodes (indices) they waited on. */
  const blockedBy = new Map<number, Set<number>>();
  const ready = new MinHeap();
  nodes.forEach((_, i) => {
    if (pending[i] === 0) ready.push(i);
  });

  let inFlight = 0;
  let maxInFlight = 0;
  let stoppedBy: NotStartedReason | null = null;

  const blockDependants = (failed: number): void => {
    const stack = [...dependants[failed]!];
    while (stack.length > 0) {
      const j = stack.pop()!;
      let roots = blockedBy.get(j);
      if (roots === undefined) {
        roots = new Set();
        blockedBy.set(j, roots);
      }
      if (roots.has(failed)) continue;
      roots.add(failed);
      stack.push(...dependants[j]!);
    }
  };

  await new Promise<void>((resolve) => {
    const settle = (i: number, outcome: ActionOutcome): void => {
      outcomes[i] = outcome;
      inFlight--;
      options.onOutcome?.(nodes[i]!, outcome);
      if (outcome.status === 'failed') {
        blockDependants(i);
        if (stoppedBy === null) {
          stoppedBy = options.haltOn?.(outcome) ?? (options.failFast ? 'fail-fast' : null);
        }
      } else {
        for (const j of dependants[i]!) {
          if (--pending[j]! === 0 && !blockedBy.has(j)) ready.push(j);
        }
      }
      pump();
    };

    const pump = (): void => {
      if (stoppedBy === null && options.stop?.aborted) stoppedBy = 'interrupted';
      // A pause with nothing in flight could never end: it only holds while a node is running.
      const paused = inFlight > 0 && options.paused?.() === true;
      while (stoppedBy === null && !paused && inFlight < concurrency && ready.size > 0) {
        const i = ready.pop();
        if (blockedBy.has(i)) continue;
        const node = nodes[i]!;
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        options.onStart?.(node);
        let promise: Promise<PerformOutcome>;
        try {
          promise = perform(node);
        } catch (err) {
          promise = Promise.reject(err);
        }
        promise.then(
          (outcome) => settle(i, outcome),
          (err: unknown) =>
            settle(i, { status: 'failed', message: err instanceof Error ? err.message : String(err) }),
        );
      }
      if (inFlight === 0) resolve();
    };

    pump();
  });

  const result = new Map<string, ActionOutcome>();
  nodes.forEach((node, i) => {
    let outcome = outcomes[i];
    if (outcome === undefined) {
      const roots = blockedBy.get(i);
      outcome =
        roots !== undefined
          ? { status: 'skipped', waitedOn: [...roots].sort((a, b) => a - b).map((r) => nodes[r]!.id) }
          : { status: 'not-started', reason: stoppedBy ?? 'interrupted' };
      options.onOutcome?.(node, outcome);
    }
    result.set(node.id, outcome);
  });
  return { outcomes: result, stoppedBy, maxInFlight };
}

/** A binary min-heap of numbers: ready nodes start in plan order without sorting on every push. */
class MinHeap {
  private readonly items: number[] = [];

  get size(): number {
    return this.items.length;
  }

  push(value: number): void {
    const a = this.items;
    a.push(value);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (a[parent]! <= a[i]!) break;
      [a[parent], a[i]] = [a[i]!, a[parent]!];
      i = parent;
    }
  }

  pop(): number {
    const a = this.items;
    const top = a[0]!;
    const last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && a[l]! < a[m]!) m = l;
        if (r < a.length && a[r]! < a[m]!) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i]!, a[m]!];
        i = m;
      }
    }
    return top;
  }
}
