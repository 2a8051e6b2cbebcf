// Ctrl-C and SIGTERM during an apply: the first one stops new actions from starting and lets the
// ones in flight finish (so the journal and the report stay true); a second one exits at once. The
// journal is fsync'd line by line, so exiting at any point leaves it consistent.
export type StopSignal = 'SIGINT' | 'SIGTERM';

export const SIGNAL_EXIT_CODE: Record<StopSignal, number> = { SIGINT: 130, SIGTERM: 143 };

export interface InterruptWatch {
  /** Aborted at the first signal. */
  readonly signal: AbortSignal;
  /** The first signal received, if any. */
  received(): StopSignal | null;
  /** Removes the handlers (the process's default behaviour comes back). */
  dispose(): void;
}

export interface InterruptOptions {
  /** Told about the first signal (e.g. to print that in-flight actions are finishing). */
  onFirst?: (signal: StopSignal) => void;
  /** Called at the second signal; by default exits with the first signal's code. */
  onSecond?: (signal: StopSignal) => void;
  /** The process to watch (tests pass an EventEmitter). */
  target?: Pick<NodeJS.Process, 'on' | 'off'>;
}

export function watchInterrupts(options: InterruptOptions = {}): InterruptWatch {
  const target = options.target ?? process;
  const controller = new AbortController();
  let first: StopSignal | null = null;
  const handle = (sig: StopSignal): void => {
    if (first === null) {
      first = sig;
      controller.abort();
      options.onFirst?.(sig);
      return;
    }
    if (options.onSecond) options.onSecond(first);
    else process.exit(SIGNAL_EXIT_CODE[first]);
  };
  const onInt = (): void => handle('SIGINT');
  const onTerm = (): void => handle('SIGTERM');
  target.on('SIGINT', onInt);
  target.on('SIGTERM', onTerm);
  return {
    signal: controller.signal,
    received: () => first,
    dispose: () => {
      target.off('SIGINT', onInt);
      target.off('SIGTERM', onTerm);
    },
  };
}
