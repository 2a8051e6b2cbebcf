// Loading the configuration for a command that goes on to Asana: diagnostics and warnings go to
// stderr, and an invalid config stops the command before any connection is made.
import { ConfigError } from '../asana/errors.js';
import { formatDiagnostic, type LoadOptions, loadDesiredState } from '../config/index.js';
import type { DesiredState } from '../model/desired.js';

export interface LoadedConfig {
  state: DesiredState;
  digest: string;
}

/**
 * Loads `path`, printing every diagnostic; throws a ConfigError (exit 1) when it is not valid.
 * `what` names the config in the message ("configuration", "baseline configuration"); `consequence`
 * says what did not happen ("nothing was read from Asana").
 */
export async function loadConfigOrFail(
  path: string,
  options: { what?: string; consequence: string } & LoadOptions,
): Promise<LoadedConfig> {
  const { what = 'configuration', consequence, ...loadOptions } = options;
  const loaded = await loadDesiredState(path, loadOptions);
  if (!loaded.ok) {
    for (const d of loaded.diagnostics) process.stderr.write(`${formatDiagnostic(d)}\n`);
    throw new ConfigError(`the ${what} at ${path} is not valid; ${consequence}`);
  }
  for (const d of loaded.warnings) process.stderr.write(`${formatDiagnostic(d)}\n`);
  return loaded;
}
