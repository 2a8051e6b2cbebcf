// Exit codes, documented in the README and asserted by the tests.
export const EXIT = {
  /** Success; for plan --detailed-exitcode and drift: nothing to change. */
  ok: 0,
  /** An error: bad input, a refused plan, a failed action, an API failure. */
  error: 1,
  /** plan --detailed-exitcode: changes to make; drift: drift found. */
  changes: 2,
  /** Interrupted by SIGINT (Ctrl-C). */
  interrupted: 130,
  /** Stopped by SIGTERM. */
  terminated: 143,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
