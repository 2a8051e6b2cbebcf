// `npm run demo` runs dist/demo/run-demo.js (the global setup compiled it): it must succeed with no
// token and no network, show each step's command, and leave nothing behind in the checkout.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runNodeScript } from '../helpers/cli.js';

describe('npm run demo', () => {
  it('runs validate, plan, apply, plan (zero changes) and drift against the sandbox and exits 0', async () => {
    const journalsBefore = existsSync(join(ROOT, '.asana-access'));
    const r = await runNodeScript(join(ROOT, 'dist', 'demo', 'run-demo.js'), [], { timeoutMs: 90_000 });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const headings = r.stdout.split('\n').filter((l) => l.startsWith('$ asana-access '));
    const expected = [
      '$ asana-access validate examples/acme/access.yaml',
      '$ asana-access plan examples/acme/access.yaml',
      '$ asana-access apply examples/acme/access.yaml --auto-approve',
      '$ asana-access plan examples/acme/access.yaml --detailed-exitcode',
      '$ asana-access drift examples/acme/access.yaml',
    ];
    expect(headings).toEqual(expected);
    expect(r.stdout).toContain('Apply complete.');
    expect(r.stdout).toContain('demo: every step behaved as expected.');
    // After apply, drift shows only the example's deliberate leftovers: a deprovisioned account to
    // reactivate and a team admin to appoint (drift), and one role difference it accepts.
    const drift = r.stdout.slice(r.stdout.indexOf('$ asana-access drift'));
    expect(drift).toContain('License differences (1)\n  ~ george.adams@acme.example');
    expect(drift).toContain('Roles to fix by hand (1)\n  ! Make hannah.berg@acme.example a team admin');
    expect(drift).toContain('Accepted, not counted (1)\n  = viktor.petrov@acme.example is a workspace admin');
    expect(drift).not.toContain('Acceptances that match no difference');
    expect(drift).toContain('Drift: 2 differences (licenses 1, fix by hand 1); 1 accepted,');
    // The journal went to the demo's throw-away folder, not into the checkout.
    expect(existsSync(join(ROOT, '.asana-access'))).toBe(journalsBefore);
  }, 120_000);
});
