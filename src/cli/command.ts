// The base of every asana-access command. oclif exits 2 on a bad flag or argument, but 2 means
// "changes to make" (plan --detailed-exitcode) or "drift found" here, so a usage error exits 1.
import { type Interfaces, Command as OclifCommand } from '@oclif/core';
import { EXIT } from './exit-codes.js';

export abstract class Command extends OclifCommand {
  protected override async catch(
    err: Interfaces.CommandError & Partial<Interfaces.OclifError>,
  ): Promise<unknown> {
    if (err.oclif?.exit === 2) err.oclif.exit = EXIT.error;
    return super.catch(err);
  }
}
