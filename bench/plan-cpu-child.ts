// Times planChanges in a process of its own, holding only the two states (as the CLI's plan does):
// in the bench's main process the sandbox's heap would make every garbage collection, and so the
// figure, larger than the engine's own. Run by bench/plan-cpu.ts as
//   node --import tsx bench/plan-cpu-child.ts <jobs.json>
// where each job is either states the bench wrote (the synced live state and the loaded config) or
// a generated domain whose states are built here. Prints one JSON line: a ChildTiming per job.
import { readFileSync } from 'node:fs';
import type { DesiredState } from '../src/model/desired.js';
import type { LiveState } from '../src/model/live.js';
import { chooseChanges } from './changes.js';
import { timeCpu } from './cpu-time.js';
import { domainFromSeed } from './domain.js';
import { seededRandom } from './prng.js';
import { desiredStateOf, liveStateOf } from './states.js';
import { type DomainSize, generateDomainSeed, plannerFor } from './wiring.js';

export interface GenerateRequest {
  size: DomainSize;
  /** The token whose identity the live state is read as. */
  token: string;
  changes: number;
}

export type PlanCpuJob =
  | { kind: 'states'; file: string; runs: number }
  | { kind: 'generate'; request: GenerateRequest; runs: number };

export interface ChildTiming {
  medianMs: number;
  runsMs: number[];
  actions: number;
  manual: number;
}

function statesOf(job: PlanCpuJob): { desired: DesiredState; live: LiveState } {
  if (job.kind === 'states')
    return JSON.parse(readFileSync(job.file, 'utf8')) as { desired: DesiredState; live: LiveState };
  const { size, token, changes } = job.request;
  const d = domainFromSeed(generateDomainSeed(size), token);
  const set = chooseChanges(d, changes, seededRandom(size.randomSeed + 1));
  return { desired: desiredStateOf(d, set), live: liveStateOf(d) };
}

const jobs = JSON.parse(readFileSync(process.argv[2] ?? '', 'utf8')) as PlanCpuJob[];
const out: ChildTiming[] = [];
for (const job of jobs) {
  const { desired, live } = statesOf(job);
  const t = timeCpu(plannerFor(desired, live, 'https://app.asana.com/api/1.0'), job.runs);
  out.push({
    medianMs: t.medianMs,
    runsMs: t.runsMs,
    actions: t.result.actions.length,
    manual: t.result.manual.length,
  });
}
process.stdout.write(`${JSON.stringify(out)}\n`);
