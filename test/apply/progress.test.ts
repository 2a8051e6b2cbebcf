import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createApplyProgress } from '../../src/apply/progress.js';

function sink() {
  const stream = new PassThrough();
  let out = '';
  stream.on('data', (d: Buffer) => {
    out += d.toString();
  });
  return { stream, out: () => out };
}

describe('apply progress', () => {
  it('in CI prints plain lines at most every interval, rate waits, and always the final state', () => {
    const s = sink();
    let t = 0;
    const p = createApplyProgress({
      stream: s.stream,
      isTTY: false,
      total: 3,
      intervalMs: 1000,
      now: () => t,
    });
    p.outcome('applied');
    t = 1500;
    p.outcome('failed');
    p.rateWait(2500, 'limiter');
    p.outcome('applied');
    p.finish();
    expect(s.out()).toBe(
      'apply: 2/3 actions done, 1 failed\n' +
        'apply: waited 2.5s to stay under the requests-per-minute limit\n' +
        'apply: 3/3 actions done, 1 failed, 2.5s waited for the rate limit\n',
    );
  });
  it('on a TTY rewrites one line and ends it', () => {
    const s = sink();
    const p = createApplyProgress({ stream: s.stream, isTTY: true, total: 2 });
    p.outcome('applied');
    p.outcome('applied');
    p.finish();
    expect(s.out()).toContain('\r\x1b[Kapply: 2/2 actions done');
    expect(s.out().endsWith('\n')).toBe(true);
  });
  it('prints nothing when quiet', () => {
    const s = sink();
    const p = createApplyProgress({ stream: s.stream, isTTY: false, total: 2, quiet: true });
    p.outcome('applied');
    p.finish();
    expect(s.out()).toBe('');
  });
});
