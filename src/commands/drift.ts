import { Args, Flags } from '@oclif/core';
import { ConfigError } from '../asana/errors.js';
import { readOnlyView } from '../asana/reader.js';
import { TOOL_VERSION } from '../asana/version.js';
import { useColor } from '../cli/color.js';
import { Command } from '../cli/command.js';
import { loadConfigOrFail } from '../cli/config-input.js';
import { clientFor, connectionFlags, resolveConnection } from '../cli/connection.js';
import { EXIT } from '../cli/exit-codes.js';
import { createProgress, type Progress } from '../cli/progress.js';
import { exitAtOnceOnSignals } from '../cli/signals.js';
import { DEFAULT_CONFIG_PATH } from '../config/index.js';
import { detectDrift } from '../drift/detect.js';
import type { DriftReport } from '../model/drift.js';
import { hasDrift } from '../plan/drift.js';
import { renderDriftJson } from '../report/drift-json.js';
import { renderDriftJunit } from '../report/drift-junit.js';
import { renderDriftMarkdown } from '../report/drift-markdown.js';
import { renderDriftText } from '../report/drift-text.js';

const FORMATS = ['text', 'json', 'markdown', 'junit'] as const;
type Format = (typeof FORMATS)[number];

export default class Drift extends Command {
  static override summary = 'Report where Asana differs from the configuration (read-only).';

  static override description =
    'Reads the configuration and Asana, and lists every difference: access people have that the config does not give, access the config gives that they lack, accounts missing, license differences, roles only a person can change, and accounts no config mentions in authoritative workspaces and teams. Accounts matched by policy.ignore are counted, not listed. Differences covered by an `accept` entry show as accepted until its date, then count again. Never changes anything in Asana. Exit code 0: no drift, 2: drift, 1: error. Details: docs/drift.md.';

  static override examples = [
    '<%= config.bin %> drift',
    '<%= config.bin %> drift access/ --format markdown > drift.md',
    '<%= config.bin %> drift access/ --format junit > drift-junit.xml',
  ];

  static override args = {
    path: Args.string({
      description: `Config file or directory of config files (default ${DEFAULT_CONFIG_PATH})`,
      default: DEFAULT_CONFIG_PATH,
    }),
  };

  static override flags = {
    format: Flags.string({
      char: 'f',
      summary:
        'Output format: text, json (schemas/drift.schema.json), markdown (for an issue), junit (for CI).',
      options: [...FORMATS],
      default: 'text',
    }),
    color: Flags.boolean({
      summary: 'Colour the text output (default: on a terminal, unless NO_COLOR is set).',
      allowNo: true,
      default: true,
    }),
    now: Flags.string({
      summary: 'The date and time acceptances are judged at (ISO 8601), instead of the clock.',
      hidden: true,
      helpValue: 'ISO-DATE',
    }),
    ...connectionFlags,
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Drift);
    let progress: Progress | undefined;
    try {
      const now = parseNow(flags.now);
      const loaded = await loadConfigOrFail(args.path, { now, consequence: 'nothing was read from Asana' });
      const settings = resolveConnection(flags);
      progress = createProgress({ quiet: flags.quiet, label: 'reading Asana' });
      // Only a read-only view of the client leaves this function: drift cannot call a write method.
      const reader = readOnlyView(clientFor(settings, progress.onClientEvent));
      exitAtOnceOnSignals('nothing was changed (drift only reads)', () => progress?.finish('failed'));
      const { report, problems } = await detectDrift({
        desired: loaded.state,
        configDigest: loaded.digest,
        reader,
        now,
        toolVersion: TOOL_VERSION,
        progress,
      });
      progress.finish('done');
      if (problems.length > 0) {
        for (const p of problems) {
          const at = p.at ? `${p.at.file}:${p.at.line}:${p.at.col}  ` : '';
          process.stderr.write(`${at}${p.message}\n`);
        }
        process.stderr.write(
          'error: the configuration names what Asana does not have, so drift cannot be judged; fix the lines above\n',
        );
        process.exitCode = EXIT.error;
        return;
      }
      process.stdout.write(render(report, flags.format as Format, flags.color));
      process.exitCode = hasDrift(report) ? EXIT.changes : EXIT.ok;
    } catch (e) {
      progress?.finish('failed');
      throw e;
    }
  }
}

function render(report: DriftReport, format: Format, colorFlag: boolean): string {
  switch (format) {
    case 'json':
      return renderDriftJson(report);
    case 'markdown':
      return renderDriftMarkdown(report);
    case 'junit':
      return renderDriftJunit(report);
    case 'text':
      return renderDriftText(report, { color: useColor(colorFlag) });
  }
}

/** `--now`: a date (start of that day, UTC) or an ISO 8601 date-time; the clock when absent. */
function parseNow(value: string | undefined): Date {
  if (value === undefined) return new Date();
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value;
  const at = new Date(iso);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(at.getTime())) {
    throw new ConfigError(
      `--now ${value} is not an ISO 8601 date or date-time (e.g. 2026-06-15 or 2026-06-15T09:30:00Z)`,
    );
  }
  return at;
}
