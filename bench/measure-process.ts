// Runs the CLI under test as its own process and measures it: wall time, CPU time and peak resident
// memory. GNU time (`/usr/bin/time -v`) reports the exact peak (the kernel's maxrss of the child);
// without it, /proc/<pid>/status VmHWM (the kernel's own high-water mark) is polled until exit.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ProcessRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  wallMs: number;
  /** Peak RSS in bytes; null when the platform offers no way to read it. */
  peakRssBytes: number | null;
  /** How the peak was read. */
  rssMethod: 'gnu-time' | 'vmhwm-poll' | 'none';
  /** User + system CPU time in ms (GNU time only). */
  cpuMs: number | null;
}

export interface ProcessOptions {
  env: Record<string, string>;
  cwd: string;
  /** Kill the process after this long. */
  timeoutMs: number;
  /** Force the /proc poll even when GNU time is present (tests use it to cover both paths). */
  forcePoll?: boolean;
}

const GNU_TIME = '/usr/bin/time';

/** Whether /usr/bin/time is GNU time (BusyBox and BSD time lack `-v -o`). */
function hasGnuTime(): boolean {
  return existsSync(GNU_TIME) && process.platform === 'linux';
}

export async function runMeasured(
  command: string,
  args: string[],
  options: ProcessOptions,
): Promise<ProcessRun> {
  const useTime = !options.forcePoll && hasGnuTime();
  const timeFile = join(tmpdir(), `asana-access-bench-time-${process.pid}-${Date.now()}.txt`);
  const [cmd, argv] = useTime ? [GNU_TIME, ['-v', '-o', timeFile, command, ...args]] : [command, args];
  const started = performance.now();
  const child = spawn(cmd, argv, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
  });

  let polledPeak: number | null = null;
  const poll = (): void => {
    if (useTime || child.pid === undefined) return;
    const hwm = readVmHwm(child.pid);
    if (hwm !== null) polledPeak = Math.max(polledPeak ?? 0, hwm);
  };
  const poller = setInterval(poll, 25);
  const killer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);

  const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>(
    (resolve, reject) => {
      child.on('error', reject);
      // 'exit' fires before the streams close; the last poll must come before the kernel reaps the pid.
      child.on('exit', () => poll());
      child.on('close', (c, s) => resolve({ code: c, signal: s }));
    },
  );
  const wallMs = performance.now() - started;
  clearInterval(poller);
  clearTimeout(killer);

  if (useTime) {
    const report = existsSync(timeFile) ? readFileSync(timeFile, 'utf8') : '';
    rmSync(timeFile, { force: true });
    const parsed = parseGnuTime(report);
    return {
      code: parsed.exitStatus ?? code,
      signal,
      stdout,
      stderr,
      wallMs,
      peakRssBytes: parsed.maxRssKb === null ? null : parsed.maxRssKb * 1024,
      rssMethod: parsed.maxRssKb === null ? 'none' : 'gnu-time',
      cpuMs: parsed.cpuMs,
    };
  }
  return {
    code,
    signal,
    stdout,
    stderr,
    wallMs,
    peakRssBytes: polledPeak,
    rssMethod: polledPeak === null ? 'none' : 'vmhwm-poll',
    cpuMs: null,
  };
}

/** VmHWM of a live process in bytes, or null (process gone, or no /proc). */
export function readVmHwm(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const m = /^VmHWM:\s+(\d+)\s+kB/m.exec(status);
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

export interface GnuTimeReport {
  maxRssKb: number | null;
  cpuMs: number | null;
  exitStatus: number | null;
}

/** Reads the figures out of `time -v` output. GNU time exits with the child's code, and says so. */
export function parseGnuTime(report: string): GnuTimeReport {
  const num = (re: RegExp): number | null => {
    const m = re.exec(report);
    return m ? Number(m[1]) : null;
  };
  const user = num(/User time \(seconds\):\s*([\d.]+)/);
  const sys = num(/System time \(seconds\):\s*([\d.]+)/);
  return {
    maxRssKb: num(/Maximum resident set size \(kbytes\):\s*(\d+)/),
    cpuMs: user === null || sys === null ? null : Math.round((user + sys) * 1000),
    exitStatus: num(/Exit status:\s*(\d+)/),
  };
}
