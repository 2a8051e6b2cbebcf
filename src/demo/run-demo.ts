// `npm run demo`: the whole product in one minute, with no token and no network. Starts the Asana
// sandbox in this process (acme seed, a throw-away state file), then runs the real CLI against it as
// a user would: validate, plan, apply, plan again (zero changes), and drift when that command exists.
// Each step prints its command line first; the demo exits 0 only if every step exits as expected.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSandbox } from '../sandbox/index.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLI = join(ROOT, 'bin', 'run.js');
/** The acme seed's service-account token: a fixed fake value only the sandbox accepts. */
const SANDBOX_TOKEN = 'acme-sandbox-service-account-token';

interface Step {
  args: string[];
  /** Exit codes that mean the step did what the demo expects. */
  expect: number[];
  /** Said after the heading, before the command runs. */
  note: string;
}

/** Bold on a colour terminal; plain when NO_COLOR is set or stdout is not a TTY. */
function bold(text: string): string {
  return process.stdout.isTTY && !process.env.NO_COLOR ? `\x1b[1m${text}\x1b[0m` : text;
}

function run(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env, stdio: 'inherit' });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve(code ?? (signal === 'SIGINT' ? 130 : 1)));
  });
}

async function main(): Promise<number> {
  const work = mkdtempSync(join(tmpdir(), 'asana-access-demo-'));
  // The example is copied so the commands read `examples/acme/access.yaml` as in its README, and the apply
  // journal lands in the throw-away folder instead of the checkout.
  cpSync(join(ROOT, 'examples'), join(work, 'examples'), { recursive: true });
  const sandbox = await startSandbox({
    seed: join(ROOT, 'examples', 'acme', 'sandbox.yaml'),
    port: 0,
    stateFile: join(work, 'sandbox-state.json'),
  });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ASANA_BASE_URL: sandbox.apiBaseUrl,
    ASANA_TOKEN: SANDBOX_TOKEN,
  };
  process.stdout.write(
    `asana-access demo: an Asana sandbox (the Acme domain from examples/acme/sandbox.yaml) is running at ${sandbox.apiBaseUrl}\n` +
      `ASANA_BASE_URL points at it; ASANA_TOKEN holds the seed's fake service-account token. No network, no real Asana.\n`,
  );

  const steps: Step[] = [
    { args: ['validate', 'examples/acme/access.yaml'], expect: [0], note: 'Check the YAML offline.' },
    {
      args: ['plan', 'examples/acme/access.yaml'],
      expect: [0],
      note: 'Read Asana and show what would change.',
    },
    {
      args: ['apply', 'examples/acme/access.yaml', '--auto-approve'],
      expect: [0],
      note: 'Apply it (in CI --auto-approve replaces the interactive "yes").',
    },
    {
      args: ['plan', 'examples/acme/access.yaml', '--detailed-exitcode'],
      expect: [0],
      note: 'Plan again: Asana now matches the YAML (exit code 0 = no changes).',
    },
  ];
  if (existsSync(join(ROOT, 'dist', 'commands', 'drift.js'))) {
    steps.push({
      args: ['drift', 'examples/acme/access.yaml'],
      // 0 = no drift; 2 = drift found: only what no API can fix remains (the acme example keeps a
      // deprovisioned account to reactivate and a team admin to appoint, and accepts one role difference).
      expect: [0, 2],
      note: 'Report where Asana differs from the YAML (read-only).',
    });
  }

  let ok = true;
  try {
    for (const step of steps) {
      process.stdout.write(`\n${bold(`$ asana-access ${step.args.join(' ')}`)}\n# ${step.note}\n\n`);
      const code = await run(step.args, work, env);
      if (!step.expect.includes(code)) {
        process.stdout.write(`\ndemo: this step exited ${code}, expected ${step.expect.join(' or ')}.\n`);
        ok = false;
        break;
      }
    }
  } finally {
    await sandbox.close();
    rmSync(work, { recursive: true, force: true });
  }
  process.stdout.write(ok ? '\ndemo: every step behaved as expected.\n' : '\ndemo: FAILED.\n');
  return ok ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`demo: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
