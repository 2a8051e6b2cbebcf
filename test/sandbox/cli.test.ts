// `asana-access sandbox`, run as a user would: it starts, answers with the seed's tokens, shares its
// state file with another process, and stops cleanly on SIGINT and SIGTERM.
import type { ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CliResult, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';
import { ACME, ACME_TOKENS, getAll, startAcme } from './helpers.js';

interface Running {
  apiBaseUrl: string;
  stop(signal: NodeJS.Signals): Promise<CliResult>;
}

/** Starts the CLI sandbox and waits for the line that gives its base URL. */
function startCli(args: string[]): Promise<Running> {
  return new Promise((resolve, reject) => {
    let child: ChildProcess | undefined;
    let out = '';
    const done = runCli(['sandbox', ...args], {
      timeoutMs: 30_000,
      onSpawn: (c) => {
        child = c;
        c.stdout!.on('data', (d: string) => {
          out += d;
          const m = /ASANA_BASE_URL=(\S+)/.exec(out);
          if (!m) return;
          const stop = (signal: NodeJS.Signals) => {
            child!.kill(signal);
            return done;
          };
          resolve({ apiBaseUrl: m[1]!, stop });
        });
      },
    });
    done.then((r) => reject(new Error(`the sandbox exited early (${r.code}): ${r.stderr}`)), reject);
  });
}

describe('asana-access sandbox', () => {
  it('serves the seed, prints its tokens, and exits cleanly on SIGINT', async () => {
    const sandbox = await startCli(['--seed', 'examples/acme/sandbox.yaml', '--port', '0']);
    const res = await fetch(`${sandbox.apiBaseUrl}/workspaces?limit=100`, {
      headers: { authorization: `Bearer ${ACME_TOKENS.adminPat}` },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      data: [
        { gid: ACME.corp, resource_type: 'workspace', name: 'Acme Corp' },
        { gid: ACME.lab, resource_type: 'workspace', name: 'Acme Partners Lab' },
      ],
      next_page: null,
    });
    const result = await sandbox.stop('SIGINT');
    expect(result.code).toBe(130);
    expect(result.stdout).toContain(ACME_TOKENS.serviceAccount);
    expect(result.stdout).toContain(`${ACME_TOKENS.adminPat}`);
    expect(result.stdout).toMatch(/PAT of Ada Lindqvist <ada\.lindqvist@acme\.example>/);
    expect(result.stderr).toContain('Sandbox stopped (SIGINT)');
  });

  it('shares its state file with another process, and stops with 143 on SIGTERM', async () => {
    const file = join(tempDir('sandbox-cli'), 'state.json');
    const sandbox = await startCli(['--port', '0', '--state-file', file]);
    const res = await fetch(`${sandbox.apiBaseUrl}/teams/${ACME.teams.design}/addUser`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ACME_TOKENS.adminPat}`, 'content-type': 'application/json' },
      body: JSON.stringify({ data: { user: 'li.wei@acme.example' } }),
    });
    expect(res.status).toBe(200);
    // This test process is the second process.
    const other = await startAcme({ stateFile: file });
    try {
      const design = await getAll(
        other,
        `/teams/${ACME.teams.design}/team_memberships?opt_fields=user.email`,
      );
      expect(design.map((m) => m.user.email)).toContain('li.wei@acme.example');
    } finally {
      await other.close();
    }
    const result = await sandbox.stop('SIGTERM');
    expect(result.code).toBe(143);
  });

  it('fails with one clear message for a bad seed', async () => {
    const file = join(tempDir('sandbox-cli'), 'seed.yaml');
    writeFileSync(file, 'plan: gold\ntokens: []\nusers: []\nworkspaces: []\n');
    const result = await runCli(['sandbox', '--seed', file, '--port', '0']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${file}:1:7 plan: required: free, premium or enterprise`);
    expect(result.stdout).toBe('');
  });

  it('fails with one clear message when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const result = await runCli(['sandbox', '--port', String(port)]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`error: port ${port} is already in use`);
    } finally {
      blocker.close();
    }
  });
});
