// Drift detection with I/O: read the live state through a read-only client, then compute the report
// (plan/drift.ts, pure). The config is loaded by the caller, before any connection is made.
import type { AsanaReader } from '../asana/reader.js';
import type { DesiredState } from '../model/desired.js';
import { computeDrift, type DriftResult } from '../plan/drift.js';
import { liveDigest } from '../state/digest.js';
import { type ReadProgress, readLiveState } from '../state/read.js';
import { scopeFromDesired } from '../state/scope.js';

export interface DetectDriftInput {
  desired: DesiredState;
  /** digestDesiredState(desired), from the config loader. */
  configDigest: string;
  reader: AsanaReader;
  /** The instant acceptances are judged against. */
  now: Date;
  toolVersion: string;
  progress?: ReadProgress;
}

export async function detectDrift(input: DetectDriftInput): Promise<DriftResult> {
  const live = await readLiveState(input.reader, scopeFromDesired(input.desired), input.progress);
  return computeDrift(input.desired, live, {
    now: input.now,
    toolVersion: input.toolVersion,
    configDigest: input.configDigest,
    liveDigest: liveDigest(live),
    baseUrl: input.reader.baseUrl,
  });
}
