import { Args, Flags } from '@oclif/core';
import { planFromConfig } from '../apply/plan-config.js';
import { type ApplyConnection, type ApplyIo, applyFromConfig, applySavedPlan } from '../apply/run-apply.js';
import type { AsanaApiError, ConfigError } from '../asana/errors.js';
import type { ClientEvent } from '../asana/types.js';
import { TOOL_VERSION } from '../asana/version.js';
import { useColor } from '../cli/color.js';
import { Command } from '../cli/command.js';
import { loadConfigOrFail } from '../cli/config-input.js';
import { clientFor, connectionFlags, resolveConnection } from '../cli/connection.js';
import { createProgress, type Progress } from '../cli/progress.js';
import { exitAtOnceOnSignals } from '../cli/signals.js';
import { DEFAULT_CONFIG_PATH } from '../config/index.js';
import { type GroupBy, renderPlanText } from '../report/index.js';
import { readLiveState } from '../state/index.js';

export default class Apply extends Command {
  static override summary = 'Apply a configuration (after confirmation) or a saved, reviewed plan.';

  static override description =
    'With a configuration (a YAML file or directory): plans, prints the plan and asks "Apply these changes? Only \'yes\' will be accepted:" on a terminal; --auto-approve skips the question (CI), and without a terminal apply refuses. With a saved plan (a .json file from `plan --out`): checks that it is unedited, of this format version and domain, and that every fact it was computed from still holds, then applies exactly it without asking. Actions run along their dependencies, up to 15 at a time, membership changes grouped into POST /batch requests; every start and outcome is journaled (.asana-access/journal/ or --journal). Exit codes: 0 done, 1 refused or anything failed, 130 SIGINT, 143 SIGTERM. Details: docs/apply.md.';

  static override examples = [
    '<%= config.bin %> apply access/',
    '<%= config.bin %> apply access/ --auto-approve',
    '<%= config.bin %> plan access/ --out plan.json && <%= config.bin %> apply plan.json',
  ];

  static override args = {
    path: Args.string({
      description: `Config file or directory, or a saved plan (*.json) (default ${DEFAULT_CONFIG_PATH})`,
      default: DEFAULT_CONFIG_PATH,
    }),
  };

  static override flags = {
    'auto-approve': Flags.boolean({
      summary: 'Apply a configuration without asking for confirmation (for CI).',
      default: false,
    }),
    'fail-fast': Flags.boolean({
      summary: 'Start no new action after the first failure (in-flight ones finish).',
      default: false,
    }),
    journal: Flags.string({
      summary: 'Append the journal to this file (default .asana-access/journal/<timestamp>.jsonl).',
      helpValue: 'FILE',
    }),
    json: Flags.boolean({
      summary:
        'Print the result as JSON (formatVersion 1, docs/apply.md); needs --auto-approve with a config.',
      default: false,
    }),
    'max-revocations': Flags.integer({
      summary: 'Allow at most N revocations in this plan, replacing policy.revocationLimit (config only).',
      min: 0,
      helpValue: 'N',
    }),
    'group-by': Flags.string({
      summary: 'Group the plan by user or by target (workspace, team, licenses).',
      options: ['user', 'target'],
      default: 'user',
    }),
    color: Flags.boolean({
      summary: 'Colour the plan (default: on a terminal, unless NO_COLOR is set).',
      allowNo: true,
      default: true,
    }),
    ...connectionFlags,
  };

  private executionStarted = false;

  protected override describeFailure(err: AsanaApiError | ConfigError): string {
    if (this.executionStarted || err.message.endsWith('nothing was changed')) return err.message;
    return `${err.message}; nothing was changed`;
  }

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Apply);
    const io: ApplyIo = {
      stdout: process.stdout,
      stderr: process.stderr,
      stdin: process.stdin,
      stderrIsTTY: process.stderr.isTTY === true && !isCi(process.env),
      cwd: process.cwd(),
    };
    const settings = {
      autoApprove: flags['auto-approve'],
      failFast: flags['fail-fast'],
      journal: flags.journal,
      json: flags.json,
      quiet: flags.quiet,
      toolVersion: TOOL_VERSION,
    };
    // Until the first change, a signal stops at once; apply's own handling takes over after.
    const early = exitAtOnceOnSignals('stopped before any change; nothing was changed.');
    io.onExecuteStart = () => {
      this.executionStarted = true;
      early.dispose();
    };
    try {
      if (/\.json$/i.test(args.path)) {
        const connection = connect(flags);
        process.exitCode = await applySavedPlan(io, settings, connection, args.path);
        return;
      }
      const loaded = await loadConfigOrFail(args.path, { consequence: 'nothing was changed' });
      const connection = connect(flags);
      const color = useColor(flags.color);
      process.exitCode = await applyFromConfig(io, settings, connection, () =>
        planFromConfig({
          desired: loaded.state,
          configDigest: loaded.digest,
          readLive: (scope) => connection.readLive(scope, true),
          baseUrl: connection.baseUrl,
          toolVersion: TOOL_VERSION,
          maxRevocations: flags['max-revocations'],
          render: (result) => renderPlanText(result, { color, groupBy: flags['group-by'] as GroupBy }),
        }),
      );
    } finally {
      early.dispose();
    }
  }
}

/**
 * The client and the reads apply makes. Client events feed whichever read progress is showing, and
 * rate-limit waits feed apply's own progress line.
 */
function connect(flags: Parameters<typeof resolveConnection>[0]): ApplyConnection {
  const settings = resolveConnection(flags);
  let current: Progress | undefined;
  const rateListeners: Array<(ms: number, reason: 'limiter' | 'retry-after') => void> = [];
  const onEvent = (e: ClientEvent): void => {
    current?.onClientEvent(e);
    if (e.type === 'rate-wait') for (const l of rateListeners) l(e.ms, e.reason);
  };
  const client = clientFor(settings, onEvent);
  return {
    client,
    baseUrl: client.baseUrl,
    readLive: async (scope, visible = false) => {
      if (!visible) return readLiveState(client, scope);
      const p = createProgress({ quiet: settings.quiet, label: 'reading Asana' });
      current = p;
      try {
        const live = await readLiveState(client, scope, p);
        p.finish('done');
        return live;
      } catch (e) {
        p.finish('failed');
        throw e;
      } finally {
        current = undefined;
      }
    },
    onRateWait: (listener) => {
      rateListeners.push(listener);
    },
  };
}

function isCi(env: NodeJS.ProcessEnv): boolean {
  const ci = env.CI;
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
}
