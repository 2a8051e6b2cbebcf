// A few hundred actions against a sandbox limited to N requests per minute: no 429 at all, writes in
// flight never above Asana's 15, and memberships sent as POST /batch.
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { GENERATED_TOKENS, generateDomain, startSandbox } from '../../src/sandbox/index.js';
import { cli, plannedActions, tempDir, writeConfig } from './sandbox-helpers.js';

const RATE_LIMIT = 600;

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('apply within the rate limit', () => {
  it(`applies ~200 team grants against ${RATE_LIMIT} requests/minute without a single 429`, async () => {
    const seed = generateDomain({
      users: 210,
      teams: 1,
      teamMemberships: 1,
      guestRatio: 0,
      deprovisionedRatio: 0,
    });
    const emails = seed.users.map((u) => u.email);
    const team = seed.workspaces[0]!.teams![0]!.name;
    const config = [
      'version: 1',
      'users:',
      ...emails.map((e) => `  ${e}:`),
      'workspaces:',
      '  Generated Corp:',
      '    policy: additive',
      `    members: [${emails.join(', ')}]`,
      '    teams:',
      `      ${team}:`,
      `        members: [${emails.join(', ')}]`,
      '',
    ].join('\n');
    const dir = tempDir('apply-rate');
    dirs.push(dir);
    const path = writeConfig(dir, config);
    const sb = await startSandbox({
      seed,
      port: 0,
      rateLimitPerMinute: RATE_LIMIT,
      latency: { baseMs: 20, jitterMs: 10 },
    });
    try {
      const token = GENERATED_TOKENS.serviceAccount;
      const actions = await plannedActions(sb, path, token);
      expect(actions).toBeGreaterThanOrEqual(200);
      sb.resetStats();
      const started = Date.now();
      const r = await cli(
        sb,
        ['apply', path, '--auto-approve', '--rate-limit', String(RATE_LIMIT), '--journal', `${dir}/j.jsonl`],
        { cwd: dir, token },
      );
      const ms = Date.now() - started;
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain(`Apply complete. ${actions} applied`);
      const stats = sb.stats();
      expect(stats.rateLimited).toBe(0);
      expect(stats.byStatus['429']).toBeUndefined();
      expect(stats.peakInFlight.writes).toBeLessThanOrEqual(15);
      // ~10 memberships per request instead of one each.
      const batches = stats.byRoute['POST /batch']?.['200'] ?? 0;
      expect(batches).toBeGreaterThanOrEqual(Math.ceil(actions / 10));
      expect(batches).toBeLessThan(actions / 4);
      expect(await plannedActions(sb, path, token)).toBe(0);
      process.stderr.write(
        `apply-rate-limit: ${actions} actions in ${ms} ms, ${stats.requests} requests (${batches} batches), peak writes in flight ${stats.peakInFlight.writes}\n`,
      );
    } finally {
      await sb.close();
    }
  }, 60_000);
});
