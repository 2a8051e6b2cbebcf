// Runs bench/plan-cpu-child.ts and reads its answer: the CPU time of planChanges alone, in a process
// that holds only the two states (one child for every job, to pay its start-up once).
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DesiredState } from '../src/model/desired.js';
import type { LiveState } from '../src/model/live.js';
import type { ChildTiming, PlanCpuJob } from './plan-cpu-child.js';
import { ROOT } from './wiring.js';

export type { ChildTiming, GenerateRequest, PlanCpuJob } from './plan-cpu-child.js';

/** Writes states for a later `states` job. */
export function saveStates(work: string, name: string, desired: DesiredState, live: LiveState): string {
  const file = join(work, `${name}.json`);
  writeFileSync(file, JSON.stringify({ desired, live }));
  return file;
}

export function timePlans(work: string, jobs: PlanCpuJob[]): Promise<ChildTiming[]> {
  const file = join(work, 'plan-cpu-jobs.json');
  writeFileSync(file, JSON.stringify(jobs));
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'bench', 'plan-cpu-child.ts'), file],
      { cwd: ROOT, maxBuffer: 1024 * 1024, timeout: 10 * 60_000 },
      (error, stdout, stderr) => {
        if (error) {
          const tail = stderr.trim().split('\n').slice(-10).join('\n');
          reject(new Error(`plan CPU child failed: ${error.message}\n${tail}`));
          return;
        }
        try {
          const timings = JSON.parse(stdout.trim().split('\n').pop() ?? '') as ChildTiming[];
          if (timings.length !== jobs.length) throw new Error('count');
          resolve(timings);
        } catch {
          reject(new Error(`plan CPU child answered no figures: ${stdout.slice(0, 200)}`));
        }
      },
    );
  });
}
