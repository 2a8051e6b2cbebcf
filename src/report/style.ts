// Terminal styling for reports: one chalk instance whose colour is decided by the caller (the command
// looks at NO_COLOR, --no-color and whether stdout is a TTY), so renderers stay pure and testable.
import { Chalk } from 'chalk';

export interface Style {
  add(s: string): string;
  remove(s: string): string;
  change(s: string): string;
  manual(s: string): string;
  problem(s: string): string;
  heading(s: string): string;
  dim(s: string): string;
}

export function createStyle(color: boolean): Style {
  const c = new Chalk({ level: color ? 1 : 0 });
  return {
    add: (s) => c.green(s),
    remove: (s) => c.red(s),
    change: (s) => c.yellow(s),
    manual: (s) => c.magenta(s),
    problem: (s) => c.red.bold(s),
    heading: (s) => c.bold(s),
    dim: (s) => c.dim(s),
  };
}
