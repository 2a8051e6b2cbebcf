// While a command has changed nothing (reading, planning), SIGINT or SIGTERM can stop it at once with
// the conventional exit code: there is nothing to finish and nothing half-written (files are written
// atomically at the very end). Apply disposes this when its first change starts.
import { EXIT } from './exit-codes.js';

export interface SignalGuard {
  dispose(): void;
}

/** Exits 130 (SIGINT) or 143 (SIGTERM) after `cleanup` and one line on stderr saying what was not done. */
export function exitAtOnceOnSignals(message: string, cleanup: () => void = () => {}): SignalGuard {
  const stop = (code: number) => () => {
    cleanup();
    process.stderr.write(`\ninterrupted: ${message}\n`);
    process.exit(code);
  };
  const onInt = stop(EXIT.interrupted);
  const onTerm = stop(EXIT.terminated);
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  return {
    dispose() {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
    },
  };
}
