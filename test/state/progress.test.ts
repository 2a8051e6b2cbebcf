import { describe, expect, it } from 'vitest';
import { createProgress } from '../../src/cli/progress.js';

function sink(isTTY: boolean) {
  const out: string[] = [];
  return { out, stream: { isTTY, write: (t: string) => out.push(t) } };
}

describe('progress on stderr', () => {
  it('prints nothing at all with --quiet', () => {
    const { out, stream } = sink(true);
    const p = createProgress({ quiet: true, stream, env: {} });
    p.onClientEvent({ type: 'request', method: 'GET', path: '/x' });
    p.listDone(1, 1, 'x');
    p.finish('done');
    expect(out).toEqual([]);
  });

  it('on a terminal, redraws one line in place and clears it at the end', () => {
    const { out, stream } = sink(true);
    const p = createProgress({ quiet: false, stream, env: {} });
    p.onClientEvent({ type: 'request', method: 'GET', path: '/workspaces' });
    p.onClientEvent({ type: 'page', list: 'workspaces', count: 3 });
    p.listDone(2, 2, 'workspaces');
    p.finish('done');
    expect(out.some((t) => t.startsWith('\r\x1b[2Kreading Asana: 2/2 lists, 1 pages, 1 requests'))).toBe(
      true,
    );
    expect(out.at(-2)).toBe('\r\x1b[2K');
    expect(out.at(-1)).toMatch(/^reading Asana: done, 2 lists, 1 pages, 1 requests in \d+\.\d s\n$/);
    expect(out.filter((t) => t.includes('\n'))).toHaveLength(1);
  });

  it('in CI, writes plain lines only: periodic ones, retries, and the summary', async () => {
    const { out, stream } = sink(true);
    const p = createProgress({ quiet: false, stream, env: { CI: 'true' }, intervalMs: 20 });
    p.onClientEvent({ type: 'request', method: 'GET', path: '/x' });
    p.onClientEvent({
      type: 'retry',
      method: 'GET',
      path: '/x',
      attempt: 1,
      reason: 'HTTP 503',
      waitMs: 1200,
    });
    p.onClientEvent({ type: 'rate-wait', ms: 3000, reason: 'retry-after' });
    await new Promise((r) => setTimeout(r, 60));
    p.finish('done');
    expect(out.every((t) => !t.includes('\r') && !t.includes('\x1b') && t.endsWith('\n'))).toBe(true);
    expect(out).toContain('retrying GET /x (HTTP 503) in 1.2 s, attempt 2\n');
    expect(
      out.some((t) =>
        /^reading Asana: 0\/0 lists, 0 pages, 1 requests, 1 retried, waiting \d\.\d s for the rate limit\n$/.test(
          t,
        ),
      ),
    ).toBe(true);
    expect(out.at(-1)).toMatch(/^reading Asana: done, .*1 retried, 3\.0 s waiting for rate limits\n$/);
  });

  it('not a terminal: plain lines, and a failure ends with one "stopped" line', () => {
    const { out, stream } = sink(false);
    const p = createProgress({ quiet: false, stream, env: {} });
    p.onClientEvent({ type: 'request', method: 'GET', path: '/x' });
    p.finish('failed');
    p.finish('failed');
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/^reading Asana: stopped after 1 requests in \d+\.\d s\n$/);
  });
});
