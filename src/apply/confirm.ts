// The interactive confirmation before an apply. Streams are injected so that tests can answer it;
// the command passes the process's stdin (a TTY) and stderr.
import { createInterface } from 'node:readline';

export const CONFIRM_PROMPT = "Apply these changes? Only 'yes' will be accepted: ";

export type ConfirmAnswer = 'yes' | 'no' | 'interrupted';

/** Asks once; only the exact word `yes` (surrounding spaces ignored) confirms. End of input is a no. */
export function askConfirmation(
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
): Promise<ConfirmAnswer> {
  return new Promise((resolve) => {
    const rl = createInterface({ input, output, terminal: (input as { isTTY?: boolean }).isTTY === true });
    let answered = false;
    const finish = (answer: ConfirmAnswer): void => {
      if (answered) return;
      answered = true;
      rl.close();
      resolve(answer);
    };
    // On a TTY, readline turns Ctrl-C into this event instead of a process signal.
    rl.on('SIGINT', () => {
      output.write('\n');
      finish('interrupted');
    });
    rl.on('close', () => finish('no'));
    rl.question(CONFIRM_PROMPT, (answer) => finish(answer.trim() === 'yes' ? 'yes' : 'no'));
  });
}
