import { appendFileSync, chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  defaultJournalPath,
  JOURNAL_VERSION,
  JournalError,
  type JournalHeader,
  openJournal,
  readJournal,
  unconfirmedActions,
} from '../../src/apply/journal.js';

const dir = mkdtempSync(join(tmpdir(), 'asana-access-journal-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const header: JournalHeader = {
  type: 'header',
  journalVersion: JOURNAL_VERSION,
  toolVersion: '0.1.0',
  planDigest: 'sha256:abc',
  apiHost: '127.0.0.1:9',
  source: 'config',
  actions: 2,
  startedAt: '2026-01-01T00:00:00.000Z',
  pid: 1,
};

describe('journal', () => {
  it('default path is under .asana-access/journal with a file-system-safe UTC timestamp', () => {
    const p = defaultJournalPath('/w', new Date('2026-11-28T12:30:00.123Z'));
    expect(p).toBe('/w/.asana-access/journal/2026-11-28T12-30-00.123Z.jsonl');
  });

  it('creates folders, writes one JSON object per line, mode 0600, and reads back', () => {
    const path = join(dir, 'a', 'b', 'j.jsonl');
    const j = openJournal(path);
    j.write(header);
    j.write({ type: 'start', at: 't', id: 'x', kind: 'grant', email: 'a@b.c', description: 'grant x' });
    j.write({ type: 'outcome', at: 't', id: 'x', status: 'applied' });
    j.write({ type: 'start', at: 't', id: 'y', kind: 'revoke', email: 'a@b.c', description: 'revoke y' });
    j.close();
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const entries = readJournal(path);
    expect(entries.map((e) => e.type)).toEqual(['header', 'start', 'outcome', 'start']);
    expect(unconfirmedActions(entries)).toEqual(['y']);
  });

  it('a reused file is made private and appended to; only the last run counts as unconfirmed', () => {
    const path = join(dir, 'reused.jsonl');
    writeFileSync(path, '');
    chmodSync(path, 0o644);
    const j = openJournal(path);
    j.write(header);
    j.write({ type: 'start', at: 't', id: 'old', kind: 'grant', email: 'a@b.c', description: '' });
    j.write(header);
    j.write({ type: 'start', at: 't', id: 'new', kind: 'grant', email: 'a@b.c', description: '' });
    j.close();
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(unconfirmedActions(readJournal(path))).toEqual(['new']);
  });

  it('a torn last line (killed mid-write) is ignored', () => {
    const path = join(dir, 'torn.jsonl');
    const j = openJournal(path);
    j.write(header);
    j.close();
    appendFileSync(path, '{"type":"start","id":');
    expect(readJournal(path)).toHaveLength(1);
  });

  it('a path that cannot be created gives one JournalError naming it', () => {
    const file = join(dir, 'plain-file');
    writeFileSync(file, '');
    expect(() => openJournal(join(file, 'j.jsonl'))).toThrow(JournalError);
    expect(() => openJournal(join(file, 'j.jsonl'))).toThrow(
      `cannot open the journal ${join(file, 'j.jsonl')}: ${file} is not a folder`,
    );
  });

  it('refuses writes after close', () => {
    const j = openJournal(join(dir, 'closed.jsonl'));
    j.close();
    expect(() => j.write(header)).toThrow(/already closed/);
  });
});
