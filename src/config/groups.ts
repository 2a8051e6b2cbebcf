// Groups: checking their references, finding cycles, and expanding them into sets of emails.
import type { SourceLocation } from '../model/desired.js';
import { type Diagnostic, warningAt } from './diagnostic.js';
import type { MemberRef, RawGroup } from './merge.js';
import { didYouMean } from './suggest.js';

export interface MemberChecks {
  /** Whether an email is a declared user. */
  isDeclared(email: string): boolean;
  /** The ignore pattern an email matches, if any. */
  ignoredBy(email: string): string | undefined;
  /** False when some file could not be read: "unknown" references might be declared there. */
  referencesComplete: boolean;
  declaredEmails(): Iterable<string>;
}

export interface ExpandedGroups {
  /** The declared, not ignored emails a group stands for (through nested groups too). */
  emailsOf(name: string): ReadonlySet<string>;
  has(name: string): boolean;
}

function err(at: SourceLocation, code: string, message: string): Diagnostic {
  return { file: at.file, line: at.line, col: at.col, severity: 'error', code, message };
}

/** An "unknown user" error, with a suggestion when a declared email is one typo away. */
export function unknownUser(ref: MemberRef, checks: MemberChecks, suggestions: { left: number }): Diagnostic {
  // Suggesting means comparing against every declared email: done for the first few only, so a
  // config with thousands of unknown users still loads quickly.
  const hint = suggestions.left-- > 0 ? didYouMean(ref.name, checks.declaredEmails()) : '';
  return err(ref.at, 'unknown-user', `unknown user '${ref.name}': declare it under users${hint}`);
}

export function unknownGroup(ref: MemberRef, groups: ReadonlyMap<string, RawGroup>): Diagnostic {
  return err(ref.at, 'unknown-group', `unknown group '${ref.name}'${didYouMean(ref.name, groups.keys())}`);
}

export function ignoredMember(ref: MemberRef, pattern: string): Diagnostic {
  return warningAt(
    ref.at.file,
    ref.at,
    'ignored-member',
    `'${ref.name}' matches ignore pattern '${pattern}': asana-access never touches it, so this entry has no effect`,
  );
}

/**
 * Checks every group's entries (unknown users and groups, ignored users), reports each cycle once
 * (`group cycle: a → b → a`, at the reference that closes it) and returns the expansion.
 */
export function expandGroups(
  groups: ReadonlyMap<string, RawGroup>,
  checks: MemberChecks,
  suggestions: { left: number },
): { expanded: ExpandedGroups; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  for (const g of groups.values()) {
    for (const ref of g.members) {
      if (ref.isGroup) {
        if (!groups.has(ref.name) && checks.referencesComplete) diagnostics.push(unknownGroup(ref, groups));
        continue;
      }
      const pattern = checks.ignoredBy(ref.name);
      if (pattern !== undefined) diagnostics.push(ignoredMember(ref, pattern));
      else if (!checks.isDeclared(ref.name) && checks.referencesComplete) {
        diagnostics.push(unknownUser(ref, checks, suggestions));
      }
    }
  }

  // Cycle detection: depth-first, in declaration order; a reference to a group on the current path
  // closes a cycle.
  const state = new Map<string, 'active' | 'done'>();
  const path: string[] = [];
  const visit = (name: string): void => {
    state.set(name, 'active');
    path.push(name);
    for (const ref of groups.get(name)?.members ?? []) {
      if (!ref.isGroup || !groups.has(ref.name)) continue;
      const s = state.get(ref.name);
      if (s === 'active') {
        const cycle = [...path.slice(path.indexOf(ref.name)), ref.name];
        diagnostics.push(err(ref.at, 'group-cycle', `group cycle: ${cycle.join(' → ')}`));
      } else if (s === undefined) {
        visit(ref.name);
      }
    }
    path.pop();
    state.set(name, 'done');
  };
  for (const name of groups.keys()) if (!state.has(name)) visit(name);

  const memo = new Map<string, Set<string>>();
  const expanding = new Set<string>();
  const emailsOf = (name: string): Set<string> => {
    const known = memo.get(name);
    if (known) return known;
    const out = new Set<string>();
    // A cycle was reported above; expanding just stops going round it.
    if (expanding.has(name)) return out;
    expanding.add(name);
    for (const ref of groups.get(name)?.members ?? []) {
      if (ref.isGroup) {
        for (const e of emailsOf(ref.name)) out.add(e);
      } else if (checks.isDeclared(ref.name) && checks.ignoredBy(ref.name) === undefined) {
        out.add(ref.name);
      }
    }
    expanding.delete(name);
    memo.set(name, out);
    return out;
  };
  return { expanded: { emailsOf, has: (name) => groups.has(name) }, diagnostics };
}
