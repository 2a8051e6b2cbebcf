// CPU time of a synchronous function in this process (user + system, from process.cpuUsage): the
// median of a few runs after one warm-up, so JIT compilation and one unlucky GC do not decide it.

export interface CpuTiming<T> {
  medianMs: number;
  runsMs: number[];
  /** What the last run returned. */
  result: T;
}

export function timeCpu<T>(fn: () => T, runs: number): CpuTiming<T> {
  if (!Number.isInteger(runs) || runs < 1) throw new RangeError(`timeCpu: runs must be ≥ 1, got ${runs}`);
  let result = fn();
  const runsMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const before = process.cpuUsage();
    result = fn();
    const used = process.cpuUsage(before);
    runsMs.push(Math.round((used.user + used.system) / 100) / 10);
  }
  const sorted = [...runsMs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const medianMs = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { medianMs, runsMs, result };
}
