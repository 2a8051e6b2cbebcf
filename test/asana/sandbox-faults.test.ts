// The client against the sandbox's limits and faults, over HTTP: 429s waited out, the limiter keeping
// the sandbox from ever answering 429, 5xx and resets retried, and clear errors for what cannot be.
import { afterEach, describe, expect, it } from 'vitest';
import { createAsanaClient } from '../../src/asana/client.js';
import { AsanaApiError } from '../../src/asana/errors.js';
import type { ClientOptions } from '../../src/asana/types.js';
import {
  ACME_TOKENS,
  GENERATED_TOKENS,
  loadSeed,
  type Sandbox,
  type SandboxOptions,
  startSandbox,
} from '../../src/sandbox/index.js';
import { readLiveState } from '../../src/state/read.js';
import { fullScope } from '../../src/state/scope.js';
import { largeSeed } from '../state/large-seed.js';

const ACME = 'examples/acme/sandbox.yaml';
let sb: Sandbox | undefined;
afterEach(async () => {
  await sb?.close();
  sb = undefined;
});

async function sandbox(options: Partial<SandboxOptions> = {}): Promise<Sandbox> {
  sb = await startSandbox({ seed: ACME, ...options });
  return sb;
}

function client(s: Sandbox, options: Partial<ClientOptions> = {}) {
  return createAsanaClient({
    baseUrl: s.apiBaseUrl,
    token: ACME_TOKENS.serviceAccount,
    retryBaseMs: 10,
    ...options,
  });
}

async function cleanState() {
  const s = await startSandbox({ seed: ACME });
  try {
    return await readLiveState(client(s), fullScope(true));
  } finally {
    await s.close();
  }
}

describe('rate limits', () => {
  it('waits out a 429 per Retry-After and the sync completes', async () => {
    const s = await sandbox({
      faults: [{ route: 'GET /workspaces/*/teams', kind: 'rate-limit', retryAfterSeconds: 1, count: 1 }],
    });
    const c = client(s);
    const t0 = Date.now();
    const state = await readLiveState(c, fullScope(true));
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1000);
    expect(s.stats().faults).toEqual({ 'rate-limit': 1 });
    expect(c.counters()).toMatchObject({ rateLimited: 1, retries: 1 });
    expect(c.counters().retryAfterWaitMs).toBeGreaterThanOrEqual(1000);
    expect(state).toEqual(await cleanState());
  });

  it('with the limiter at N/min, a sandbox limited to N/min never answers 429', async () => {
    const s = await sandbox({ rateLimitPerMinute: 120, latency: { baseMs: 2 } });
    const c = client(s, { rateLimitPerMinute: 120, maxRetries: 0 });
    // Five full reads of the domain at once: about 60 requests in a burst.
    await Promise.all(Array.from({ length: 5 }, () => readLiveState(c, fullScope(true))));
    expect(s.stats().requests).toBeGreaterThanOrEqual(55);
    expect(s.stats().requests).toBeLessThanOrEqual(120);
    expect(s.stats().rateLimited).toBe(0);
    expect(c.counters().rateLimited).toBe(0);
  });

  it('keeps under the sandbox in-flight caps, which a client without them trips', async () => {
    const s = await sandbox({ maxReadsInFlight: 4, latency: { baseMs: 10 } });
    const careful = client(s, { maxReadsInFlight: 4, maxRetries: 0 });
    await Promise.all(Array.from({ length: 3 }, () => readLiveState(careful, fullScope(true))));
    expect(s.stats().rateLimited).toBe(0);
    expect(s.stats().peakInFlight.reads).toBe(4);
    // The control: the same reads with a cap above the sandbox's get 429s (so the test can fail).
    const careless = client(s, { maxReadsInFlight: 50, maxRetries: 0 });
    await expect(
      Promise.all(Array.from({ length: 3 }, () => readLiveState(careless, fullScope(true)))),
    ).rejects.toMatchObject({
      kind: 'rate-limited',
    });
    expect(s.stats().rateLimited).toBeGreaterThan(0);
  });
});

describe('transient failures', () => {
  it('retries 5xx and resets, and the sync completes with the same state', async () => {
    const s = await sandbox({
      randomSeed: 3,
      faults: [
        { kind: 'status', status: 503, probability: 0.25 },
        { kind: 'status', status: 500, probability: 0.1 },
        { kind: 'reset', probability: 0.1 },
      ],
    });
    const c = client(s, { maxRetries: 8 });
    const state = await readLiveState(c, fullScope(true));
    const faults = s.stats().faults;
    expect((faults.status ?? 0) + (faults.reset ?? 0)).toBeGreaterThan(0);
    expect(c.counters().retries).toBe((faults.status ?? 0) + (faults.reset ?? 0));
    expect(state).toEqual(await cleanState());
  });

  it('ends a persistent failure with one clear error', async () => {
    const s = await sandbox({ faults: [{ route: 'GET /workspaces/*/teams', kind: 'status', status: 502 }] });
    const c = client(s, { maxRetries: 2 });
    const e = (await readLiveState(c, fullScope(true)).catch((x: unknown) => x)) as AsanaApiError;
    expect(e).toBeInstanceOf(AsanaApiError);
    expect(e.kind).toBe('server');
    expect(e.message).toMatch(/^Asana failed on GET \/workspaces\/\d+\/teams \(HTTP 502\) after 3 attempts/);
    expect(s.stats().byRoute['GET /workspaces/{workspace_gid}/teams']?.['502']).toBe(3);
  });

  it('a malformed answer is one clear error, not a crash', async () => {
    const s = await sandbox({ faults: [{ route: 'GET /workspaces', kind: 'malformed-json' }] });
    await expect(readLiveState(client(s), fullScope(false))).rejects.toThrow(
      /^Asana's answer to GET \/workspaces is not what the API documents \(HTTP 200\): the body is not JSON$/,
    );
  });

  it('a page that lost its next_page is malformed', async () => {
    const s = await sandbox({ faults: [{ route: 'GET /workspaces', kind: 'drop-next-page' }] });
    await expect(readLiveState(client(s), fullScope(false))).rejects.toThrow(/no "next_page" field/);
  });

  it('an offset that keeps expiring restarts the list once, then fails clearly', async () => {
    // Offsets live 1 ms; asking for the next page takes longer than that.
    const seed = largeSeed();
    const s = await sandbox({ seed, offsetTtlMs: 1, latency: { baseMs: 5 } });
    const c = createAsanaClient({ baseUrl: s.apiBaseUrl, token: GENERATED_TOKENS.serviceAccount });
    const e = (await c
      .workspaceMemberships(seed.workspaces[0]!.gid!)
      .catch((x: unknown) => x)) as AsanaApiError;
    expect(e).toBeInstanceOf(AsanaApiError);
    expect(e.kind).toBe('bad-request');
    expect(e.message).toMatch(
      /^Asana refused GET \/workspaces\/\d+\/workspace_memberships as a bad request \(HTTP 400\): the pagination offset expired again after restarting the list of members of workspace \d+; .*Asana says "offset: Your pagination token has expired/,
    );
    // First page, expired second page, first page again, expired again: then stop.
    expect(s.stats().byRoute['GET /workspaces/{workspace_gid}/workspace_memberships']).toEqual({
      '200': 2,
      '400': 2,
    });
  });
});

describe('errors a person can act on', () => {
  it('401: an unknown token', async () => {
    const s = await sandbox();
    const e = (await readLiveState(client(s, { token: 'not-a-real-token-7c1' }), fullScope(false)).catch(
      (x: unknown) => x,
    )) as AsanaApiError;
    expect(e.kind).toBe('auth');
    expect(e.message).toMatch(/^the token was rejected by Asana \(HTTP 401\) on GET \/users\/me/);
    expect(e.message).not.toContain('not-a-real-token-7c1');
  });

  it('403: SCIM with a personal access token', async () => {
    const s = await sandbox();
    const e = (await readLiveState(client(s, { token: ACME_TOKENS.adminPat }), fullScope(true)).catch(
      (x: unknown) => x,
    )) as AsanaApiError;
    expect(e.kind).toBe('permission');
    expect(e.message).toMatch(
      /^the token is not allowed to GET \/scim\/Users \(HTTP 403\): SCIM needs an Enterprise service-account token.*Asana says "/,
    );
  });

  it('403: a write by a view-only member quotes Asana', async () => {
    const s = await sandbox();
    const e = (await client(s, { token: ACME_TOKENS.viewOnlyPat })
      .addUserToTeam('1200000000000201', 'ada.lindqvist@acme.example')
      .catch((x: unknown) => x)) as AsanaApiError;
    expect(e.kind).toBe('permission');
    expect(e.message).toContain(
      'Asana says "You cannot perform write actions as a view only license member."',
    );
  });

  it('402: SCIM on a domain below Enterprise', async () => {
    const seed = loadSeed(ACME);
    seed.plan = 'premium';
    const s = await sandbox({ seed });
    const e = (await client(s)
      .scimUsers()
      .catch((x: unknown) => x)) as AsanaApiError;
    expect(e.kind).toBe('plan');
    expect(e.message).toMatch(/^GET \/scim\/Users needs a higher Asana plan \(HTTP 402\).*Enterprise/);
  });
});
