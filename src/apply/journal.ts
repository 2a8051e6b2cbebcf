// The apply journal: one JSON object per line, appended and fsync'd before apply moves on, so that
// a process killed at any moment leaves a record of which actions were started and which were
// confirmed. It holds ids, emails, targets and Asana's messages; never the token or a header.
import { closeSync, fchmodSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Action } from '../model/index.js';
import type { ActionOutcome, OutcomeCounts } from './outcome.js';

export const JOURNAL_VERSION = 1;

export interface JournalHeader {
  type: 'header';
  journalVersion: typeof JOURNAL_VERSION;
  toolVersion: string;
  planDigest: string;
  /** Host (and port) of the API base URL; never the full URL with credentials, never the token. */
  apiHost: string;
  /** `config` when apply planned from YAML, `saved-plan` when it applied a plan file. */
  source: 'config' | 'saved-plan';
  actions: number;
  startedAt: string;
  pid: number;
}

export interface JournalStart {
  type: 'start';
  at: string;
  id: string;
  kind: Action['kind'];
  email: string;
  /** Human description of the action, as in the plan. */
  description: string;
}

export type JournalOutcome = { type: 'outcome'; at: string; id: string } & ActionOutcome;

export interface JournalVerification {
  type: 'verification';
  at: string;
  /** Ids of done actions whose effect was not visible when re-read. */
  notVisible: string[];
  /** Set when the re-read itself failed. */
  error?: string;
}

export interface JournalEnd {
  type: 'end';
  at: string;
  counts: OutcomeCounts;
  /** The signal that interrupted the run, if any. */
  interruptedBy: 'SIGINT' | 'SIGTERM' | null;
}

export type JournalEntry = JournalHeader | JournalStart | JournalOutcome | JournalVerification | JournalEnd;

/** Default journal path for a run started now: `.asana-access/journal/<UTC timestamp>.jsonl`. */
export function defaultJournalPath(cwd: string, now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/:/g, '-');
  return join(cwd, '.asana-access', 'journal', `${stamp}.jsonl`);
}

/** The journal cannot be opened or written: apply must not change anything it cannot record. */
export class JournalError extends Error {
  override readonly name = 'JournalError';
}

export interface Journal {
  readonly path: string;
  write(entry: JournalEntry): void;
  close(): void;
}

/**
 * Opens (creating it and its folder if needed) a journal for appending; the file is mode 0600.
 * Throws a JournalError naming the file and the reason.
 */
export function openJournal(path: string): Journal {
  let fd: number;
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    fd = openSync(path, 'a', 0o600);
    // An existing file keeps its mode on open: make sure a reused path is private too.
    fchmodSync(fd, 0o600);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason =
      code === 'EEXIST' || code === 'ENOTDIR'
        ? `${dirname(path)} is not a folder`
        : code === 'EACCES' || code === 'EPERM'
          ? 'permission denied'
          : (code ?? (err as Error).message);
    throw new JournalError(`cannot open the journal ${path}: ${reason}`);
  }
  let open = true;
  return {
    path,
    write(entry: JournalEntry): void {
      if (!open) throw new Error(`The journal ${path} is already closed.`);
      writeSync(fd, `${JSON.stringify(entry)}\n`);
      fsyncSync(fd);
    },
    close(): void {
      if (!open) return;
      open = false;
      closeSync(fd);
    },
  };
}

/** Reads a journal back: every complete line, in order (a torn last line from a crash is left out). */
export function readJournal(path: string): JournalEntry[] {
  const entries: JournalEntry[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    try {
      entries.push(JSON.parse(line) as JournalEntry);
    } catch {
      // Only the last line can be torn (the process died mid-write); nothing after it was written.
      break;
    }
  }
  return entries;
}

/** Of the last run in a journal: the actions started without a recorded outcome. */
export function unconfirmedActions(entries: readonly JournalEntry[]): string[] {
  let lastHeader = -1;
  entries.forEach((e, i) => {
    if (e.type === 'header') lastHeader = i;
  });
  const started = new Set<string>();
  for (const e of entries.slice(lastHeader + 1)) {
    if (e.type === 'start') started.add(e.id);
    else if (e.type === 'outcome') started.delete(e.id);
  }
  return [...started];
}
