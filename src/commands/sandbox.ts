import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Flags } from '@oclif/core';
import { parse as parseYaml } from 'yaml';
import { Command } from '../cli/command.js';
import { EXIT } from '../cli/exit-codes.js';
import {
  type FaultRule,
  FaultRuleError,
  SeedError,
  startSandbox,
  validateFaultRules,
} from '../sandbox/index.js';

/** The seed shipped with the package (the Acme example domain). */
const DEFAULT_SEED = fileURLToPath(new URL('../../examples/acme/sandbox.yaml', import.meta.url));

export default class Sandbox extends Command {
  static override summary = 'Run the Asana simulator (REST and SCIM) on a local port.';

  static override description =
    'Serves a simulated Asana domain described by a seed file: the REST endpoints, SCIM and POST /batch that asana-access uses, with Asana’s permission rules, rate limits, pagination and error envelopes. Point the CLI at it with ASANA_BASE_URL and one of the seed’s tokens (printed on start; they are fake). Runs until Ctrl-C (exit 130) or SIGTERM (exit 143). Format of seeds and fault rules: docs/sandbox.md.';

  static override examples = [
    '<%= config.bin %> sandbox',
    '<%= config.bin %> sandbox --seed examples/acme/sandbox.yaml --port 4010',
    '<%= config.bin %> sandbox --latency 50 --jitter 20 --faults faults.yaml --state-file .asana-access/sandbox.json',
  ];

  static override flags = {
    seed: Flags.string({
      summary: 'Seed file (YAML) describing the domain. Default: the bundled Acme example.',
      helpValue: 'FILE',
    }),
    port: Flags.integer({
      summary: 'Port to listen on (0 = any free port).',
      default: 4010,
      min: 0,
      max: 65535,
    }),
    host: Flags.string({ summary: 'Address to listen on.', default: '127.0.0.1' }),
    'rate-limit': Flags.integer({
      summary: 'Requests per minute per token (default 1500, 150 on a free plan; 0 = off).',
      min: 0,
      helpValue: 'N',
    }),
    latency: Flags.integer({ summary: 'Added to every answer, in ms.', default: 0, min: 0, helpValue: 'MS' }),
    jitter: Flags.integer({ summary: 'Random extra latency, 0..MS.', default: 0, min: 0, helpValue: 'MS' }),
    faults: Flags.string({ summary: 'YAML or JSON file with a list of fault rules.', helpValue: 'FILE' }),
    'random-seed': Flags.integer({ summary: 'Seed of the jitter and fault draws.', default: 1 }),
    'offset-ttl': Flags.integer({
      summary: 'How long pagination offsets stay valid, in ms.',
      default: 600_000,
      min: 1,
      helpValue: 'MS',
    }),
    'state-file': Flags.string({
      summary: 'Keep the state in this JSON file (an existing file wins over the seed).',
      helpValue: 'FILE',
    }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Sandbox);
    const seedFile = flags.seed ?? DEFAULT_SEED;
    let sandbox: Awaited<ReturnType<typeof startSandbox>>;
    try {
      sandbox = await startSandbox({
        seed: seedFile,
        port: flags.port,
        host: flags.host,
        rateLimitPerMinute: flags['rate-limit'],
        latency: { baseMs: flags.latency, jitterMs: flags.jitter },
        faults: flags.faults ? readFaults(flags.faults) : [],
        randomSeed: flags['random-seed'],
        offsetTtlMs: flags['offset-ttl'],
        stateFile: flags['state-file'],
      });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (e instanceof SeedError || e instanceof FaultRuleError)
        process.stderr.write(`error: ${e.message}\n`);
      else if (code === 'EADDRINUSE') {
        process.stderr.write(
          `error: port ${flags.port} is already in use; choose another with --port (0 = any)\n`,
        );
      } else if (code === 'EADDRNOTAVAIL' || code === 'EACCES') {
        process.stderr.write(`error: cannot listen on ${flags.host}:${flags.port} (${code})\n`);
      } else throw e;
      process.exitCode = EXIT.error;
      return;
    }

    const { domain, plan } = sandbox.state();
    const lines = [
      `Asana sandbox: domain ${domain} (${plan}) from ${flags['state-file'] ? `${flags['state-file']} / ` : ''}${seedFile}`,
      `  ASANA_BASE_URL=${sandbox.apiBaseUrl}`,
      `  SCIM           ${sandbox.apiBaseUrl}/scim`,
      `  stats          ${sandbox.url}/__sandbox/stats`,
      '',
      'Tokens (fake values from the seed; send as "Authorization: Bearer <token>"):',
      ...sandbox.tokens().map((t) => `  ${t.value.padEnd(40)} ${t.actsAs}`),
      '',
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    process.stderr.write('Listening. Press Ctrl-C to stop.\n');

    const signal = await new Promise<NodeJS.Signals>((resolve) => {
      process.once('SIGINT', () => resolve('SIGINT'));
      process.once('SIGTERM', () => resolve('SIGTERM'));
    });
    await sandbox.close();
    process.stderr.write(`Sandbox stopped (${signal}).\n`);
    process.exitCode = signal === 'SIGINT' ? EXIT.interrupted : EXIT.terminated;
  }
}

const MAX_FAULTS_BYTES = 1024 * 1024;

function readFaults(file: string): FaultRule[] {
  let text: string;
  try {
    // A rules file is a few lines: anything this large is the wrong file (and would take long to parse).
    const info = statSync(file);
    if (!info.isFile() && !info.isDirectory()) {
      throw new FaultRuleError(`${file}: cannot read the fault rules (not a regular file)`);
    }
    const size = info.size;
    if (size > MAX_FAULTS_BYTES) {
      throw new FaultRuleError(
        `${file}: the fault rules file is too large (${(size / 1024 / 1024).toFixed(1)} MB; the limit is 1 MB)`,
      );
    }
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof FaultRuleError) throw e;
    throw new FaultRuleError(
      `${file}: cannot read the fault rules (${(e as NodeJS.ErrnoException).code ?? e})`,
    );
  }
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (e) {
    throw new FaultRuleError(`${file}: not valid YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  // An empty file is more likely a mistake (a wrong path, a file not yet written) than a wish for no
  // faults, which leaving out --faults says plainly.
  if (value === null || value === undefined) {
    throw new FaultRuleError(
      `${file}: the fault rules file is empty: list fault rules, or leave out --faults`,
    );
  }
  const rules =
    value && typeof value === 'object' && !Array.isArray(value)
      ? (value as { faults?: unknown }).faults
      : value;
  try {
    return validateFaultRules(rules ?? []);
  } catch (e) {
    throw new FaultRuleError(`${file}: ${(e as Error).message}`);
  }
}
