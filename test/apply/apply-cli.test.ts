// `asana-access apply` end to end: the compiled CLI against an in-process acme sandbox over HTTP.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readJournal } from '../../src/apply/journal.js';
import type { Sandbox } from '../../src/sandbox/index.js';
import { CLI } from '../helpers/cli.js';
import {
  ACME_CORP,
  ALL_TOKENS,
  cli,
  everyoneEverywhereConfig,
  handChange,
  plannedActions,
  startAcme,
  TEAMS,
  teamMembers,
  tempDir,
  workspaceMembers,
  writeConfig,
} from './sandbox-helpers.js';

// Grants only (additive): two invitations (a new account, and one with no workspace, which without
// SCIM looks the same) and four team grants, two of which wait on an invitation.
const CONFIG = `version: 1
settings:
  defaultWorkspace: Acme Corp
users:
  li.wei@acme.example:
  emma.wilson@acme.example:
  rosa.delgado@acme.example:
  new.hire@acme.example: { name: New Hire }
workspaces:
  Acme Corp:
    policy: additive
    members: [li.wei@acme.example, emma.wilson@acme.example, rosa.delgado@acme.example, new.hire@acme.example]
    teams:
      Design:
        members: [li.wei@acme.example]
      Security:
        members: [emma.wilson@acme.example, rosa.delgado@acme.example, new.hire@acme.example]
`;

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

let sb: Sandbox;
let dir: string;
let config: string;
beforeEach(async () => {
  sb = await startAcme();
  dir = tempDir('apply');
  dirs.push(dir);
  config = writeConfig(dir, CONFIG);
});
afterEach(async () => {
  await sb.close();
});

/** The journal files the CLI wrote under `cwd`'s default journal folder. */
function defaultJournals(cwd: string): string[] {
  const folder = join(cwd, '.asana-access', 'journal');
  return existsSync(folder) ? readdirSync(folder).map((f) => join(folder, f)) : [];
}

function expectNoToken(...texts: string[]): void {
  for (const t of texts) for (const token of ALL_TOKENS) expect(t).not.toContain(token);
}

describe('apply from a config', () => {
  it('without a TTY and without --auto-approve refuses, exit 1, nothing changed', async () => {
    const before = sb.state();
    const r = await cli(sb, ['apply', config], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('li.wei@acme.example');
    expect(r.stderr).toContain('Refusing to apply without confirmation: stdin is not a terminal');
    expect(r.stderr).toContain('--auto-approve');
    expect(sb.state()).toEqual(before);
    expect(defaultJournals(dir)).toEqual([]);
  });

  it('--auto-approve applies everything, journals it, verifies it, and a new plan is empty', async () => {
    const r = await cli(sb, ['apply', config, '--auto-approve'], { cwd: dir });
    expect(r.stderr + r.stdout).not.toMatch(/Failed \(/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /Apply complete\. 6 applied, 0 already satisfied, 0 failed, 0 skipped, 0 not started\./,
    );
    expect(r.stdout).toContain('Verified: a fresh read of Asana shows all 6 changes.');
    expect(r.stderr).toMatch(/Journal: \.asana-access\/journal\/.+\.jsonl/);
    expect(teamMembers(sb, TEAMS.design)).toContain('li.wei@acme.example');
    expect(teamMembers(sb, TEAMS.security)).toEqual(
      expect.arrayContaining([
        'emma.wilson@acme.example',
        'rosa.delgado@acme.example',
        'new.hire@acme.example',
      ]),
    );
    expect(workspaceMembers(sb, ACME_CORP)).toContain('new.hire@acme.example');

    const [journal] = defaultJournals(dir);
    expect(journal).toBeDefined();
    expect(statSync(journal!).mode & 0o777).toBe(0o600);
    const entries = readJournal(journal!);
    expect(entries.filter((e) => e.type === 'start')).toHaveLength(6);
    expect(entries.filter((e) => e.type === 'outcome' && e.status === 'applied')).toHaveLength(6);
    expect(entries[0]).toMatchObject({ type: 'header', source: 'config', actions: 6 });
    expectNoToken(r.stdout, r.stderr, readFileSync(journal!, 'utf8'));
    // Memberships went out as POST /batch, not one request each.
    expect(sb.stats().byRoute['POST /batch']?.['200']).toBeGreaterThan(0);

    expect(await plannedActions(sb, config)).toBe(0);
  });

  it('--json prints a versioned result document', async () => {
    const r = await cli(
      sb,
      ['apply', config, '--auto-approve', '--json', '--journal', join(dir, 'j.jsonl')],
      {
        cwd: dir,
      },
    );
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({
      formatVersion: 1,
      result: 'applied',
      exitCode: 0,
      source: 'config',
      journal: join(dir, 'j.jsonl'),
      summary: { applied: 6, failed: 0, skipped: 0, notStarted: 0, notVisible: 0 },
    });
    expect(doc.actions.every((a: { visible: boolean }) => a.visible)).toBe(true);
    expect(await plannedActions(sb, config)).toBe(0);
  });

  it('--json without --auto-approve refuses before planning', async () => {
    const r = await cli(sb, ['apply', config, '--json'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ formatVersion: 1, result: 'refused', exitCode: 1 });
  });

  it('a journal that cannot be opened stops the apply before any change', async () => {
    const before = sb.state();
    // The parent "folder" is a file: the journal cannot be created, whoever runs the test.
    const r = await cli(sb, ['apply', config, '--auto-approve', '--journal', join(config, 'j.jsonl')], {
      cwd: dir,
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `cannot open the journal ${join(config, 'j.jsonl')}: ${config} is not a folder. Nothing was changed.`,
    );
    expect(sb.state()).toEqual(before);
  });

  it('when the verification read fails, the changes are reported unconfirmed and apply exits 1', async () => {
    // Planning reads the memberships of Design and Security once each; the third read of a team's
    // members is the verification's, and it comes back broken.
    sb.setFaults([{ route: 'GET /teams/{team_gid}/team_memberships', kind: 'malformed-json', skip: 2 }]);
    const r = await cli(sb, ['apply', config, '--auto-approve', '--journal', join(dir, 'v.jsonl')], {
      cwd: dir,
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Apply complete. 6 applied');
    expect(r.stdout).toMatch(
      /Verification failed: could not re-read Asana \(.+\); the changes above are not confirmed\./,
    );
    expect(readJournal(join(dir, 'v.jsonl')).find((e) => e.type === 'verification')).toMatchObject({
      notVisible: [],
      error: expect.any(String),
    });
    sb.setFaults([]);
    expect(await plannedActions(sb, config)).toBe(0);
  });

  it('no changes: says so and exits 0', async () => {
    expect((await cli(sb, ['apply', config, '--auto-approve'], { cwd: dir })).code).toBe(0);
    const r = await cli(sb, ['apply', config], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('No changes. Asana matches the configuration.');
    expect(r.stdout).toContain('Nothing to apply.');
  });
});

/** Runs the CLI inside a real pseudo-terminal (util-linux `script`), answering the prompt. */
function applyInPty(
  sbx: Sandbox,
  args: string[],
  answer: string,
  cwd: string,
  beforeAnswer: () => Promise<void> = async () => {},
) {
  const command = [process.execPath, CLI, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  return new Promise<{ code: number | null; output: string }>((resolve, reject) => {
    const child = spawn('script', ['-qec', command, '/dev/null'], {
      cwd,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NO_COLOR: '1',
        ASANA_BASE_URL: sbx.apiBaseUrl,
        ASANA_TOKEN: ALL_TOKENS[0],
      },
      stdio: 'pipe',
    });
    let output = '';
    let answered = false;
    const timer = setTimeout(() => child.kill('SIGKILL'), 40_000);
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      output += d;
      if (!answered && output.includes("Only 'yes' will be accepted:")) {
        answered = true;
        beforeAnswer().then(
          () => child.stdin.write(`${answer}\r`),
          (err: unknown) => {
            child.kill('SIGKILL');
            reject(err);
          },
        );
      }
    });
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

const hasScript = (() => {
  try {
    return statSync('/usr/bin/script').isFile() || statSync('/bin/script').isFile();
  } catch {
    return false;
  }
})();

describe.skipIf(!hasScript)('apply at a real terminal (util-linux script)', () => {
  it('answering yes applies', async () => {
    const r = await applyInPty(sb, ['apply', config], 'yes', dir);
    expect(r.output).toContain("Apply these changes? Only 'yes' will be accepted:");
    expect(r.output).toContain('Apply complete. 6 applied');
    expect(r.code).toBe(0);
    expect(await plannedActions(sb, config)).toBe(0);
  });

  it('answering anything else aborts with nothing changed, exit 1', async () => {
    const before = sb.state();
    const r = await applyInPty(sb, ['apply', config], 'y', dir);
    expect(r.output).toContain('Apply cancelled. Nothing was changed.');
    expect(r.code).toBe(1);
    expect(sb.state()).toEqual(before);
  });

  it('an account someone created by hand while the prompt waited counts as already satisfied', async () => {
    const scimConfig = writeConfig(
      dir,
      `version: 1
settings:
  manageLicenses: true
users:
  new.hire@acme.example: { license: view-only, name: New Hire }
workspaces:
  Acme Corp:
    members: [new.hire@acme.example]
    teams:
      Design:
        members: [new.hire@acme.example]
`,
      'scim.yaml',
    );
    const r = await applyInPty(sb, ['apply', scimConfig], 'yes', dir, async () => {
      const res = await fetch(`${sb.apiBaseUrl}/scim/Users`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${ALL_TOKENS[0]}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({
          schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
          userName: 'new.hire@acme.example',
          name: { formatted: 'New Hire' },
          emails: [{ value: 'new.hire@acme.example', primary: true }],
          active: true,
          userType: 'view only',
        }),
      });
      expect(res.status).toBe(201);
    });
    expect(r.output).toMatch(/Apply complete\. 2 applied, 1 already satisfied, 0 failed/);
    expect(r.output).toContain('a fresh read shows the goal already holds');
    expect(r.code).toBe(0);
    expect(teamMembers(sb, TEAMS.design)).toContain('new.hire@acme.example');
    expect(await plannedActions(sb, scimConfig)).toBe(0);
  });
});
if (!hasScript) {
  describe('apply at a real terminal', () => {
    it.skip('skipped: util-linux `script` is not installed, so no pseudo-terminal can be made', () => {});
  });
}

describe('apply a saved plan', () => {
  async function savePlan(): Promise<string> {
    const out = join(dir, 'plan.json');
    const r = await cli(sb, ['plan', config, '--out', out, '--quiet'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    return out;
  }

  it('is applied exactly as saved, without asking; a new plan is empty', async () => {
    const plan = await savePlan();
    const saved = JSON.parse(readFileSync(plan, 'utf8')) as {
      actions: Array<{ id: string }>;
      digest: string;
    };
    const journal = join(dir, 'saved.jsonl');
    const r = await cli(sb, ['apply', plan, '--journal', journal], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Applying the saved plan');
    expect(r.stdout).toContain('Apply complete. 6 applied');
    const entries = readJournal(journal);
    expect(entries[0]).toMatchObject({ type: 'header', source: 'saved-plan', planDigest: saved.digest });
    expect(
      entries
        .filter((e) => e.type === 'start')
        .map((e) => (e as { id: string }).id)
        .sort(),
    ).toEqual(saved.actions.map((a) => a.id).sort());
    expect(await plannedActions(sb, config)).toBe(0);
  });

  it('is refused when a precondition changed, naming the fact; nothing changed', async () => {
    const plan = await savePlan();
    await handChange(sb, `/teams/${TEAMS.design}/addUser`, 'li.wei@acme.example');
    const before = sb.state();
    const r = await cli(sb, ['apply', plan], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('The saved plan is stale: 1 fact');
    expect(r.stderr).toContain(`grant-team:${TEAMS.design}:li.wei@acme.example`);
    expect(r.stderr).toMatch(/plan saw: li\.wei@acme\.example is not a member of team "Design"/);
    expect(r.stderr).toMatch(/now: +li\.wei@acme\.example is a member of team "Design"/);
    expect(sb.state()).toEqual(before);
    expect(defaultJournals(dir)).toEqual([]);
  });

  it('is not stale after an unrelated change', async () => {
    const plan = await savePlan();
    // Someone else joins another team: no action of the plan was computed from that.
    await handChange(sb, `/teams/${TEAMS.marketing}/addUser`, 'li.wei@acme.example');
    const r = await cli(sb, ['apply', plan], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Apply complete. 6 applied');
    expect(await plannedActions(sb, config)).toBe(0);
  });

  it('an edited plan (digest mismatch) is refused', async () => {
    const plan = await savePlan();
    const text = readFileSync(plan, 'utf8').replace('li.wei@acme.example', 'mallory@acme.example');
    writeFileSync(plan, text);
    const before = sb.state();
    const r = await cli(sb, ['apply', plan], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('was changed after it was made: its digest does not match its content');
    expect(sb.state()).toEqual(before);
  });

  it('a plan of another format version is refused', async () => {
    const plan = await savePlan();
    const data = JSON.parse(readFileSync(plan, 'utf8'));
    data.formatVersion = 2;
    writeFileSync(plan, JSON.stringify(data));
    const r = await cli(sb, ['apply', plan], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'is in plan format version 2; this asana-access applies format version 1 only',
    );
  });

  it('a plan made against another domain is refused', async () => {
    const plan = await savePlan();
    const other = await startAcme();
    try {
      const r = await cli(other, ['apply', plan], { cwd: dir });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('the plan was made against');
      expect(r.stderr).toContain('Nothing was changed');
    } finally {
      await other.close();
    }
  });

  it('a file that is not a plan is refused with one clear message', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"formatVersion": 1, "actions": "nope"');
    const r = await cli(sb, ['apply', bad], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${bad} is not valid JSON`);
  });
});

describe('partial failure', () => {
  it('reports the failure with Asana message, skips dependants, continues others; a rerun converges', async () => {
    // Every request that adds someone to Acme Corp fails: the invitation and the workspace grant.
    sb.setFaults([{ route: `POST /workspaces/${ACME_CORP}/addUser`, kind: 'status', status: 500 }]);
    const journal = join(dir, 'fail.jsonl');
    const r = await cli(sb, ['apply', config, '--auto-approve', '--journal', journal, '--json'], {
      cwd: dir,
    });
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    const byId = new Map(doc.actions.map((a: { id: string }) => [a.id, a]));
    const create = byId.get('create-account:new.hire@acme.example') as { status: string; message: string };
    // rosa.delgado has an account but no workspace: without SCIM it is invited like a new one.
    const invite = byId.get('create-account:rosa.delgado@acme.example') as { status: string };
    expect(create.status).toBe('failed');
    expect(create.message).toContain('Server Error');
    expect(invite.status).toBe('failed');
    expect(byId.get(`grant-team:${TEAMS.security}:new.hire@acme.example`)).toMatchObject({
      status: 'skipped',
      waitedOn: ['create-account:new.hire@acme.example'],
    });
    expect(byId.get(`grant-team:${TEAMS.security}:rosa.delgado@acme.example`)).toMatchObject({
      status: 'skipped',
      waitedOn: ['create-account:rosa.delgado@acme.example'],
    });
    expect(byId.get(`grant-team:${TEAMS.design}:li.wei@acme.example`)).toMatchObject({ status: 'applied' });
    expect(doc.summary).toMatchObject({ applied: 2, failed: 2, skipped: 2 });
    expectNoToken(r.stdout, r.stderr, readFileSync(journal, 'utf8'));

    sb.setFaults([]);
    const again = await cli(sb, ['apply', config, '--auto-approve'], { cwd: dir });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('Apply complete. 4 applied');
    expect(await plannedActions(sb, config)).toBe(0);
  }, 60_000);

  it('--fail-fast starts nothing new after the first failure', async () => {
    // A saved plan of ~145 team grants; then the user of the first action leaves the organization.
    // No precondition names that (the plan is not stale), but Asana refuses to add a non-member
    // of the organization to a team: a plain 400, not retried.
    const many = writeConfig(dir, everyoneEverywhereConfig(), 'many.yaml');
    const planFile = join(dir, 'many.json');
    expect((await cli(sb, ['plan', many, '--out', planFile, '--quiet'], { cwd: dir })).code).toBe(0);
    const saved = JSON.parse(readFileSync(planFile, 'utf8')) as {
      actions: Array<{ user: { email: string } }>;
    };
    const leaver = saved.actions[0]!.user.email;
    await handChange(sb, `/workspaces/${ACME_CORP}/removeUser`, leaver);
    const r = await cli(
      sb,
      ['apply', planFile, '--fail-fast', '--journal', join(dir, 'ff.jsonl'), '--json'],
      {
        cwd: dir,
      },
    );
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    const failed = doc.actions.filter((a: { status: string }) => a.status === 'failed');
    expect(failed.length).toBeGreaterThan(0);
    for (const f of failed) {
      expect(f.email).toBe(leaver);
      expect(f.message).toContain('is not a member of the organization');
    }
    // The first round (15 in flight) had been sent, and actions that finished before the refusal came
    // back freed slots for a few more; from the refusal on, nothing new started.
    expect(doc.summary.applied + doc.summary.failed).toBeLessThanOrEqual(25);
    expect(doc.summary.skipped).toBe(0);
    expect(doc.summary.notStarted).toBe(saved.actions.length - doc.summary.applied - doc.summary.failed);
    for (const a of doc.actions) if (a.status === 'not-started') expect(a.reason).toBe('fail-fast');
  }, 60_000);
});
