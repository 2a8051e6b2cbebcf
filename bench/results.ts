// The figures of one bench run: the JSON written to bench/results/<date>.json and the table printed
// at the end. Every measured figure sits next to its bound and the ratio, so a reader never has to
// recompute anything.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BoundingTerm } from './bounds.js';

export const RESULTS_FORMAT_VERSION = 1;

export const TARGETS = {
  syncRequestRatio: 1.0,
  wallRatio: 1.15,
  rateLimited: 0,
  planCpuMsAtDefault: 1000,
} as const;

export interface Figure {
  measured: number;
  bound: number;
  /** measured ÷ bound; null when the bound is 0. */
  ratio: number | null;
}

export interface WallFigure extends Figure {
  /** Which term of the bound is the largest (see bounds.ts). */
  boundBy: BoundingTerm;
  boundTerms: Record<BoundingTerm, number>;
}

export interface PhaseResult {
  /** sync, plan, apply, naive-sync. */
  name: string;
  /** What ran, e.g. `asana-access export` (tokens never appear). */
  command: string;
  exitCode: number | null;
  requests: Figure;
  /** Requests by kind, from the sandbox's counters. */
  requestDetail: { reads: number; writes: number; batchActions: number; byRoute: Record<string, number> };
  wallMs: WallFigure;
  rateLimited: number;
  /** Peak RSS of the CLI process in MiB; null for in-process runs. */
  peakRssMiB: number | null;
  rssMethod: string;
  /** CPU time of the CLI process (user + system), when measurable. */
  cpuMs: number | null;
  /** Phase-specific notes (what the bound counted, why a ratio misses). */
  notes: string[];
}

export interface PlanCpuResult {
  label: string;
  users: number;
  teams: number;
  teamMemberships: number;
  actions: number;
  manual: number;
  /** Median of the timed runs: CPU time (user + system) of a process holding only the two states. */
  cpuMs: number;
  /** Every timed run, for the spread. */
  runsMs: number[];
}

export interface BenchSettings {
  users: number;
  teams: number;
  memberships: number;
  viewOnlyShare: number;
  guestShare: number;
  teamSkew: number;
  changes: number;
  rateLimitPerMinute: number;
  latency: { baseMs: number; jitterMs: number };
  randomSeed: number;
  compare: boolean;
}

export interface BenchResults {
  formatVersion: typeof RESULTS_FORMAT_VERSION;
  startedAt: string;
  totalMs: number;
  machine: {
    cpus: number;
    cpuModel: string;
    memoryGiB: number;
    node: string;
    platform: string;
    /** 1-minute load average when the bench started and ended: other work on the machine skews wall times. */
    loadAverage: { start: number; end: number };
  };
  /** Wall time and peak RSS of `asana-access --version`: the fixed cost in every CLI phase. */
  cliStartup: { wallMs: number; peakRssMiB: number | null };
  git: { commit: string | null; dirty: boolean | null };
  settings: BenchSettings;
  domain: {
    users: number;
    guests: number;
    viewOnly: number;
    teams: number;
    teamMemberships: number;
    workspaceMemberships: number;
    scimUsers: number;
  };
  changes: Record<string, number>;
  phases: PhaseResult[];
  planCpu: PlanCpuResult[];
  targets: typeof TARGETS;
  /** A line per figure that misses its target (empty when all are met). */
  misses: string[];
}

/** Writes the results as bench/results/<YYYY-MM-DD>.json (a second run that day gets -2, -3 ...). */
export function writeResults(
  dir: string,
  results: BenchResults,
  existing: (path: string) => boolean,
): string {
  mkdirSync(dir, { recursive: true });
  const day = results.startedAt.slice(0, 10);
  let path = join(dir, `${day}.json`);
  for (let n = 2; existing(path); n++) path = join(dir, `${day}-${n}.json`);
  writeFileSync(path, `${JSON.stringify(results, null, 2)}\n`);
  return path;
}

/** The figures that miss their targets, one line each. */
export function findMisses(results: Pick<BenchResults, 'phases' | 'planCpu'>): string[] {
  const misses: string[] = [];
  for (const p of results.phases) {
    if (p.exitCode !== 0 && p.exitCode !== 2) misses.push(`${p.name}: exited ${p.exitCode}`);
    if (p.name === 'sync' && p.requests.ratio !== null && p.requests.ratio > TARGETS.syncRequestRatio) {
      misses.push(
        `sync: ${p.requests.measured} requests for a minimum of ${p.requests.bound} (ratio ${p.requests.ratio})`,
      );
    }
    if (p.name !== 'naive-sync' && p.wallMs.ratio !== null && p.wallMs.ratio > TARGETS.wallRatio) {
      misses.push(`${p.name}: wall time ratio ${p.wallMs.ratio} > ${TARGETS.wallRatio}`);
    }
    if (p.name !== 'naive-sync' && p.rateLimited > TARGETS.rateLimited) {
      misses.push(`${p.name}: ${p.rateLimited} answers 429`);
    }
  }
  const atDefault = results.planCpu[0];
  if (atDefault && atDefault.cpuMs >= TARGETS.planCpuMsAtDefault) {
    misses.push(
      `plan CPU ${atDefault.cpuMs} ms for ${atDefault.label} (target < ${TARGETS.planCpuMsAtDefault} ms)`,
    );
  }
  return misses;
}

const fmtInt = (n: number): string => Math.round(n).toLocaleString('en-US');
const fmtS = (ms: number): string => (ms / 1000).toFixed(1);
const fmtRatio = (r: number | null): string => (r === null ? 'n/a' : r.toFixed(2));

/** A plain-text table (monospace, no colour) of every figure. */
export function renderTable(results: BenchResults): string {
  const s = results.settings;
  const d = results.domain;
  const lines: string[] = [];
  lines.push(
    `asana-access bench: ${fmtInt(d.users)} users (${fmtInt(d.viewOnly)} view-only, ${fmtInt(d.guests)} guests), ` +
      `${fmtInt(d.teams)} teams, ${fmtInt(d.teamMemberships)} team memberships, ${fmtInt(s.changes)} changes`,
  );
  lines.push(
    `sandbox: ${s.rateLimitPerMinute > 0 ? `${fmtInt(s.rateLimitPerMinute)} requests/min` : 'no rate limit'}, ` +
      `latency ${s.latency.baseMs} ms ± ${s.latency.jitterMs} ms; machine: ${results.machine.cpus} cores, node ${results.machine.node}, ` +
      `load ${results.machine.loadAverage.start.toFixed(1)} → ${results.machine.loadAverage.end.toFixed(1)}; ` +
      `CLI start-up ${fmtS(results.cliStartup.wallMs)} s`,
  );
  lines.push('');
  const header = [
    'phase',
    'requests',
    'minimum',
    'ratio',
    'wall s',
    'bound s',
    'bound by',
    'ratio',
    '429s',
    'peak RSS MiB',
    'exit',
  ];
  const rows: string[][] = results.phases.map((p) => [
    p.name,
    fmtInt(p.requests.measured),
    fmtInt(p.requests.bound),
    fmtRatio(p.requests.ratio),
    fmtS(p.wallMs.measured),
    fmtS(p.wallMs.bound),
    p.wallMs.boundBy,
    fmtRatio(p.wallMs.ratio),
    String(p.rateLimited),
    p.peakRssMiB === null ? 'in-process' : p.peakRssMiB.toFixed(0),
    p.exitCode === null ? '-' : String(p.exitCode),
  ]);
  lines.push(...alignColumns([header, ...rows]));
  lines.push('');
  const cpuRows = results.planCpu.map((c) => [
    c.label,
    fmtInt(c.users),
    fmtInt(c.teams),
    fmtInt(c.teamMemberships),
    fmtInt(c.actions),
    fmtInt(c.manual),
    c.cpuMs.toFixed(0),
  ]);
  lines.push(
    ...alignColumns([
      ['plan CPU (pure planChanges)', 'users', 'teams', 'memberships', 'actions', 'manual', 'CPU ms'],
      ...cpuRows,
    ]),
  );
  const naive = results.phases.find((p) => p.name === 'naive-sync');
  const sync = results.phases.find((p) => p.name === 'sync');
  if (naive && sync) {
    lines.push('');
    lines.push(
      `compare: naive sequential sync ${fmtS(naive.wallMs.measured)} s vs asana-access ${fmtS(sync.wallMs.measured)} s ` +
        `(${(naive.wallMs.measured / Math.max(1, sync.wallMs.measured)).toFixed(1)}× faster)`,
    );
  }
  lines.push('');
  lines.push(`bench took ${fmtS(results.totalMs)} s`);
  if (results.misses.length === 0) lines.push('every figure meets its target');
  else for (const m of results.misses) lines.push(`MISSED: ${m}`);
  return lines.join('\n');
}

function alignColumns(rows: string[][]): string[] {
  const widths: number[] = [];
  for (const r of rows) {
    r.forEach((c, i) => {
      widths[i] = Math.max(widths[i] ?? 0, c.length);
    });
  }
  const out = rows.map((r) =>
    r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  '),
  );
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [out[0] ?? '', rule, ...out.slice(1)];
}
