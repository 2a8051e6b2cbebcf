// Checks an `asana-access` argv against the CLI's own command metadata (what oclif parses with):
// the command exists, every flag exists on it, option values are among the allowed ones, and there
// are no more positional arguments than the command takes.
import type { Command } from '@oclif/core';

export type CommandTable = ReadonlyMap<string, Command.Cached>;

/** oclif adds these to every command. */
const GLOBAL_FLAGS = new Set(['help']);

export function checkInvocation(argv: readonly string[], commands: CommandTable): string[] {
  const [id, ...rest] = argv;
  if (id === undefined) return ['no command'];
  const cmd = commands.get(id);
  if (!cmd) return [`"${id}" is not a command (known: ${[...commands.keys()].sort().join(', ')})`];
  const problems: string[] = [];
  const flags = Object.entries(cmd.flags);
  const byName = new Map(flags);
  for (const [name, f] of flags) for (const alias of f.aliases ?? []) byName.set(alias, { ...f, name });
  const byChar = new Map(flags.filter(([, f]) => f.char).map(([, f]) => [f.char as string, f]));
  let positional = 0;
  for (let i = 0; i < rest.length; i++) {
    const token = rest[i]!;
    if (token === '--') {
      positional += rest.length - i - 1;
      break;
    }
    if (token.startsWith('--') || (token.startsWith('-') && token.length === 2)) {
      const long = token.startsWith('--');
      const [rawName, inlineValue] = long ? splitOnce(token.slice(2), '=') : [token.slice(1), undefined];
      let flag = long ? byName.get(rawName) : byChar.get(rawName);
      let negated = false;
      if (!flag && long && rawName.startsWith('no-')) {
        const base = byName.get(rawName.slice(3));
        if (base?.type === 'boolean' && base.allowNo) {
          flag = base;
          negated = true;
        }
      }
      if (!flag) {
        if (!(long && GLOBAL_FLAGS.has(rawName))) problems.push(`${id}: unknown flag ${token}`);
        continue;
      }
      if (flag.type === 'boolean') {
        if (inlineValue !== undefined && !negated) problems.push(`${id}: ${token} takes no value`);
        continue;
      }
      const value = inlineValue ?? rest[++i];
      if (value === undefined) {
        problems.push(`${id}: ${token} needs a value`);
        continue;
      }
      // A value from a shell variable is only known at run time.
      if (flag.options && !value.includes('$') && !flag.options.includes(value)) {
        problems.push(`${id}: ${token} ${value} is not one of ${flag.options.join(', ')}`);
      }
      continue;
    }
    positional++;
  }
  const allowed = Object.keys(cmd.args).length;
  if (cmd.strict !== false && positional > allowed) {
    problems.push(`${id}: ${positional} positional argument(s), the command takes ${allowed}`);
  }
  return problems;
}

function splitOnce(s: string, sep: string): [string, string | undefined] {
  const at = s.indexOf(sep);
  return at < 0 ? [s, undefined] : [s.slice(0, at), s.slice(at + 1)];
}

/** The long and short flag names an argv uses (for checking them against `--help` output). */
export function flagsUsed(argv: readonly string[]): string[] {
  return argv
    .slice(1)
    .filter((t) => t.startsWith('-') && t !== '--')
    .map((t) => t.split('=')[0]!);
}
