// The base of every asana-access command.
// - oclif exits 2 on a bad flag or argument, but 2 means "changes to make" (plan --detailed-exitcode)
//   or "drift found" here, so a usage error exits 1.
// - The errors a user can act on (an Asana answer, a connection or input problem) end the command
//   with one line `error: …` on stderr (or an error object with --json) and exit 1, never a stack.
import { type Interfaces, Command as OclifCommand } from '@oclif/core';
import { AsanaApiError, ConfigError } from '../asana/errors.js';
import { EXIT } from './exit-codes.js';

export abstract class Command extends OclifCommand {
  protected override async catch(
    err: Interfaces.CommandError & Partial<Interfaces.OclifError>,
  ): Promise<unknown> {
    if (err instanceof AsanaApiError || err instanceof ConfigError) {
      if (this.jsonEnabled()) this.logJson({ error: { name: err.name, message: this.describeFailure(err) } });
      else process.stderr.write(`error: ${this.describeFailure(err)}\n`);
      process.exitCode = EXIT.error;
      return undefined;
    }
    if (err.oclif?.exit === 2) err.oclif.exit = EXIT.error;
    return super.catch(err);
  }

  /** The one line shown for an error a user can act on; a command may add what it did not do. */
  protected describeFailure(err: AsanaApiError | ConfigError): string {
    return err.message;
  }
}
