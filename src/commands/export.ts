import { statSync } from 'node:fs';
import { join } from 'node:path';
import { Flags } from '@oclif/core';
import { ConfigError } from '../asana/errors.js';
import { TOOL_VERSION } from '../asana/version.js';
import { Command } from '../cli/command.js';
import { clientFor, connectionFlags, resolveConnection } from '../cli/connection.js';
import { EXIT } from '../cli/exit-codes.js';
import { createProgress } from '../cli/progress.js';
import { exitAtOnceOnSignals } from '../cli/signals.js';
import { writeFileAtomic } from '../cli/write-file-atomic.js';
import { readLiveState } from '../state/read.js';
import { liveStateToConfig } from '../state/to-config.js';

const DEFAULT_FILE_NAME = 'asana-access.yaml';

export default class Export extends Command {
  static override summary = 'Write what Asana holds as configuration YAML that plans to zero changes.';

  static override description =
    `Reads the workspaces (all, or those named with --workspace), their members, teams and team members, and with --scim the SCIM users and their licenses, and writes them in the config format (schemas/config.schema.json): to stdout, or with --out to a file (or ${DEFAULT_FILE_NAME} in a directory), written atomically with mode 0600. Memberships are exported authoritative. What the format cannot express is explained in comments and warnings on stderr.`;

  static override examples = [
    '<%= config.bin %> export > asana-access.yaml',
    '<%= config.bin %> export --workspace Acme --out access/',
    'ASANA_TOKEN=… <%= config.bin %> export --scim --out asana-access.yaml',
  ];

  static override flags = {
    workspace: Flags.string({
      char: 'w',
      summary:
        'Export only this workspace (name or gid); repeat for several. Default: every workspace the token sees.',
      multiple: true,
      helpValue: 'NAME|GID',
    }),
    out: Flags.string({
      char: 'o',
      summary: `Write to this file, or to ${DEFAULT_FILE_NAME} in this directory, instead of stdout.`,
      helpValue: 'FILE|DIR',
    }),
    scim: Flags.boolean({
      summary:
        'Also read SCIM users and export licenses (needs a service-account token on an Enterprise domain).',
      default: false,
    }),
    ...connectionFlags,
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Export);
    let progress: ReturnType<typeof createProgress> | undefined;
    // Export only reads until its single atomic write at the end: an interrupt can stop at once, and
    // the output file is then either the old one or absent, never half written.
    exitAtOnceOnSignals('nothing was written', () => progress?.finish('failed'));
    try {
      const settings = resolveConnection(flags);
      progress = createProgress({ quiet: flags.quiet });
      const client = clientFor(settings, progress.onClientEvent);
      const refs = flags.workspace ?? [];
      const state = await readLiveState(
        client,
        { workspaces: refs.length > 0 ? refs : 'all', teams: 'all', scim: flags.scim },
        progress,
      );
      progress.finish('done');
      const missing = refs.filter((ref) => !state.workspaces.some((w) => w.gid === ref || w.name === ref));
      if (missing.length > 0) {
        const seen = state.workspaces.map((w) => `"${w.name}" (${w.gid})`).join(', ');
        throw new ConfigError(
          `--workspace ${missing.map((m) => `"${m}"`).join(', ')} matches no workspace the token can see; it sees ${seen || 'none'}`,
        );
      }
      const result = liveStateToConfig(state, {
        toolVersion: TOOL_VERSION,
        generatedAt: new Date().toISOString(),
        baseUrl: settings.baseUrl,
      });
      for (const w of result.warnings) process.stderr.write(`warning: ${w}\n`);
      const { users, workspaces, teams } = result.counts;
      const what = `${users} users, ${workspaces} workspaces, ${teams} teams`;
      if (flags.out === undefined) {
        process.stdout.write(result.yaml);
        if (!flags.quiet) process.stderr.write(`exported ${what}\n`);
      } else {
        const file = targetFile(flags.out);
        writeFileAtomic(file, result.yaml);
        if (!flags.quiet) process.stderr.write(`exported ${what} to ${file}\n`);
      }
      process.exitCode = EXIT.ok;
    } catch (e) {
      progress?.finish('failed');
      throw e;
    }
  }
}

/** A directory gets the default file name; anything else is the file itself. */
function targetFile(out: string): string {
  try {
    if (statSync(out).isDirectory()) return join(out, DEFAULT_FILE_NAME);
  } catch {
    // Does not exist yet: a file path.
  }
  return out;
}
