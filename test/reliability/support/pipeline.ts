// The whole tool in-process, wired as the CLI wires it but without child processes: the config
// loader, a real client over HTTP on loopback, the live-state reader, the planner, and apply's
// executor with its performer and verification. Used where hundreds of runs must stay fast.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { executePlan } from '../../../src/apply/execute.js';
import type { Journal, JournalEntry } from '../../../src/apply/journal.js';
import { createPerformer } from '../../../src/apply/performer.js';
import type { ApplyResult } from '../../../src/apply/result.js';
import { createUserDirectory } from '../../../src/apply/user-directory.js';
import { goalHoldsByReading, verifyByReading } from '../../../src/apply/verify.js';
import { type AsanaClient, createAsanaClient } from '../../../src/asana/client.js';
import { loadDesiredState } from '../../../src/config/index.js';
import type { DesiredState } from '../../../src/model/index.js';
import { describeAction, type PlanResult, planChanges } from '../../../src/plan/index.js';
import type { Sandbox } from '../../../src/sandbox/index.js';
import { liveDigest, type ReadScope, readLiveState, scopeFromDesired } from '../../../src/state/index.js';

/** A journal kept in memory: the same entries the CLI's file journal would hold. */
export function memoryJournal(): Journal & { entries: JournalEntry[] } {
  const entries: JournalEntry[] = [];
  return {
    path: '(memory)',
    entries,
    write: (e) => {
      entries.push(structuredClone(e));
    },
    close: () => undefined,
  };
}

/** A client for the sandbox without pacing (the sandbox's rate limit is off too) and quick retries. */
export function fastClient(sb: Sandbox, token: string): AsanaClient {
  return createAsanaClient({
    baseUrl: sb.apiBaseUrl,
    token,
    rateLimitPerMinute: 0,
    retryBaseMs: 1,
    timeoutMs: 10_000,
  });
}

/** Loads a YAML text through the real loader (a temporary file); throws with the diagnostics if invalid. */
export async function loadYaml(yaml: string): Promise<{ desired: DesiredState; digest: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'asana-access-rel-'));
  try {
    const file = join(dir, 'access.yaml');
    writeFileSync(file, yaml);
    const loaded = await loadDesiredState(file);
    if (!loaded.ok) {
      throw new Error(
        `generated config is invalid:\n${loaded.diagnostics.map((d) => d.message).join('\n')}\n${yaml}`,
      );
    }
    return { desired: loaded.state, digest: loaded.digest };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function planAgainst(
  client: AsanaClient,
  desired: DesiredState,
  digest: string,
): Promise<PlanResult> {
  const live = await readLiveState(client, scopeFromDesired(desired));
  return planChanges(desired, live, {
    toolVersion: '0.0.0-reliability',
    createdAt: '2026-01-01T00:00:00.000Z',
    configDigest: digest,
    liveDigest: liveDigest(live),
    baseUrl: client.baseUrl,
  });
}

/** Applies a plan as `asana-access apply` does (performer, batching, journal, verification). */
export async function applyPlan(
  client: AsanaClient,
  plan: PlanResult['plan'],
  journal: Journal,
): Promise<ApplyResult> {
  const read = (scope: ReadScope) => readLiveState(client, scope);
  return executePlan({
    plan,
    source: 'config',
    perform: createPerformer({
      client,
      directory: createUserDirectory(plan.actions, async (email) => {
        const user = await client.scimUserByEmail(email);
        return user === null ? null : user.id;
      }),
      goalHolds: (action) => goalHoldsByReading(read, action),
    }),
    verify: (done) => verifyByReading(read, done),
    journal,
    describe: describeAction,
    toolVersion: '0.0.0-reliability',
    apiHost: new URL(client.baseUrl).host,
  });
}
