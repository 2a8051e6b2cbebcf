import { describe, expect, it } from 'vitest';
import type { AsanaClient } from '../../src/asana/client.js';
import { READ_METHODS, readOnlyView, WRITE_METHODS } from '../../src/asana/reader.js';

/** A client whose every method records that it was called. */
function recordingClient(calls: string[]): AsanaClient {
  const methods = [...READ_METHODS, ...WRITE_METHODS];
  const client = Object.fromEntries(
    methods.map((m) => [
      m,
      (...args: unknown[]) => {
        calls.push(m);
        return m === 'counters' ? { requests: 0 } : Promise.resolve(args);
      },
    ]),
  );
  return { ...client, baseUrl: 'http://127.0.0.1:1/api/1.0' } as unknown as AsanaClient;
}

describe('the read-only view of the client', () => {
  it('has the read methods and no write method, even at run time', async () => {
    const calls: string[] = [];
    const view = readOnlyView(recordingClient(calls));
    expect(Object.keys(view).sort()).toEqual(['baseUrl', ...READ_METHODS].sort());
    for (const m of WRITE_METHODS) expect((view as unknown as Record<string, unknown>)[m]).toBeUndefined();
    expect(Object.isFrozen(view)).toBe(true);
    await view.teamMemberships('1');
    expect(calls).toEqual(['teamMemberships']);
  });
});
