import { Args, Flags } from '@oclif/core';
import { Command } from '../cli/command.js';
import { EXIT } from '../cli/exit-codes.js';
import { DEFAULT_CONFIG_PATH, loadDesiredState, validationReport, validationText } from '../config/index.js';

export default class Validate extends Command {
  static override summary = 'Check a configuration offline: YAML, schema, references, duplicates.';

  static override description =
    `Reads one file, or every *.yaml/*.yml file in a directory, and reports every problem at once as file:line:col  message. Never contacts Asana. Exit code 0 when valid (warnings allowed), 1 when not. Format reference: docs/config.md.`;

  static override examples = [
    '<%= config.bin %> validate',
    '<%= config.bin %> validate access/',
    '<%= config.bin %> validate examples/acme/access.yaml --format json',
  ];

  static override args = {
    path: Args.string({
      description: 'Config file, or directory whose *.yaml/*.yml files are merged',
      default: DEFAULT_CONFIG_PATH,
    }),
  };

  static override flags = {
    format: Flags.string({
      description: 'Output format',
      options: ['text', 'json'],
      default: 'text',
    }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Validate);
    const result = await loadDesiredState(args.path);
    const out =
      flags.format === 'json'
        ? `${JSON.stringify(validationReport(result), null, 2)}\n`
        : validationText(result);
    process.stdout.write(out);
    process.exitCode = result.ok ? EXIT.ok : EXIT.error;
  }
}
