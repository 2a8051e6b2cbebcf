// examples/acme/access.yaml is written to show every kind of action when planned against the
// sandbox seed (examples/acme/sandbox.yaml); examples/acme/README.md explains each one. This test
// keeps the example honest: if the seed, the config or the planner drift apart, it says which
// promised action went missing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAsanaClient } from '../../src/asana/client.js';
import { loadDesiredState } from '../../src/config/index.js';
import type { Action, Plan } from '../../src/model/index.js';
import { type PlanResult, planChanges } from '../../src/plan/index.js';
import { ACME_TOKENS, type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { liveDigest, readLiveState, scopeFromDesired } from '../../src/state/index.js';

let sandbox: Sandbox;
let result: PlanResult;
let plan: Plan;

beforeAll(async () => {
  const loaded = await loadDesiredState('examples/acme/access.yaml');
  if (!loaded.ok) throw new Error('examples/acme/access.yaml does not validate');
  sandbox = await startSandbox({ seed: 'examples/acme/sandbox.yaml', port: 0, rateLimitPerMinute: 0 });
  const client = createAsanaClient({
    baseUrl: sandbox.apiBaseUrl,
    token: ACME_TOKENS.serviceAccount,
    rateLimitPerMinute: 0,
  });
  const live = await readLiveState(client, scopeFromDesired(loaded.state));
  result = planChanges(loaded.state, live, {
    toolVersion: 'test',
    createdAt: '2026-01-01T00:00:00.000Z',
    configDigest: loaded.digest,
    liveDigest: liveDigest(live),
    baseUrl: sandbox.apiBaseUrl,
  });
  plan = result.plan;
});

afterAll(async () => {
  await sandbox?.close();
});

/** `kind target-description user`, one string per action, for readable failures. */
function describe1(a: Action): string {
  if (a.kind === 'create-account') return `create-account ${a.via} ${a.license} ${a.user.email}`;
  const t = a.target;
  const what = t.type === 'license' ? `license ${t.from}→${t.to}` : `${t.type} ${t.name}`;
  return `${a.kind} ${what} ${a.user.email}`;
}

describe('examples/acme/access.yaml against the acme seed', () => {
  it('plans without problems, within its revocation limit', () => {
    expect(result.problems).toEqual([]);
    expect(result.stats.revocations).toBeLessThanOrEqual(result.stats.revocationLimit.count ?? 0);
    expect(result.stats.revocationLimit.source).toBe('policy');
  });

  it('shows every kind of action, each for the reason README.md gives', () => {
    expect(plan.actions.map(describe1).sort()).toEqual(
      [
        'create-account scim enterprise nina.berger@acme.example',
        'grant workspace Acme Corp nina.berger@acme.example',
        'grant workspace Acme Corp rosa.delgado@acme.example',
        'grant workspace Acme Partners Lab zara.ahmed@acme.example',
        'grant team Engineering nina.berger@acme.example',
        'grant team Design rosa.delgado@acme.example',
        'grant license view-only→enterprise daniel.okafor@acme.example',
        'revoke team Sales ines.costa@acme.example',
        'revoke workspace Acme Corp olga.ivanova@acme.example',
        'revoke license enterprise→view-only ben.hughes@acme.example',
        'revoke license view-only→deprovisioned olga.ivanova@acme.example',
      ].sort(),
    );
  });

  it('lists the manual steps: the two deliberate role differences, and a deprovisioned account to reactivate', () => {
    expect(plan.manual.map((m) => `${m.reason} ${m.user.email}`).sort()).toEqual(
      [
        'reactivate george.adams@acme.example',
        'team-role hannah.berg@acme.example',
        'workspace-role viktor.petrov@acme.example',
      ].sort(),
    );
    // The declared admins and the limited-access member match Asana: no item for them.
    const byUser = new Map(plan.manual.map((m) => [m.user.email, m.message]));
    expect(byUser.get('hannah.berg@acme.example')).toMatch(
      /^Make hannah\.berg@acme\.example a team admin of team "Sales" in "Acme Corp" in Asana: the config declares role: admin, but hannah\.berg@acme\.example is a plain member/,
    );
    expect(byUser.get('viktor.petrov@acme.example')).toMatch(
      /^viktor\.petrov@acme\.example is a workspace admin of workspace "Acme Corp", where the config declares a plain member/,
    );
  });

  it('leaves the guests and the service account alone', () => {
    const touched = [...plan.actions, ...plan.manual].map((a) => a.user.email);
    expect(touched.filter((e) => /@(contractor|agency)\.example$|^asana-access-bot@/.test(e))).toEqual([]);
    expect(result.stats.ignoredAccounts).toBe(3);
  });
});
