/** Colour only for a person: the --color flag is on, NO_COLOR is unset or empty, and stdout is a terminal. */
export function useColor(flag: boolean, env: NodeJS.ProcessEnv = process.env): boolean {
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  return flag && !noColor && process.stdout.isTTY === true;
}
