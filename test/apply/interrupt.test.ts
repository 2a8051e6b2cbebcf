import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { SIGNAL_EXIT_CODE, watchInterrupts } from '../../src/apply/interrupt.js';

function fakeProcess() {
  const e = new EventEmitter();
  return { target: e as unknown as Pick<NodeJS.Process, 'on' | 'off'>, emit: (s: string) => e.emit(s), e };
}

describe('watchInterrupts', () => {
  it('first signal aborts and is reported; the second calls onSecond with the first signal', () => {
    const p = fakeProcess();
    const firsts: string[] = [];
    const seconds: string[] = [];
    const w = watchInterrupts({
      target: p.target,
      onFirst: (s) => firsts.push(s),
      onSecond: (s) => seconds.push(s),
    });
    expect(w.signal.aborted).toBe(false);
    p.emit('SIGTERM');
    expect(w.signal.aborted).toBe(true);
    expect(w.received()).toBe('SIGTERM');
    p.emit('SIGINT');
    expect(firsts).toEqual(['SIGTERM']);
    expect(seconds).toEqual(['SIGTERM']);
    w.dispose();
    expect(p.e.listenerCount('SIGINT')).toBe(0);
    expect(p.e.listenerCount('SIGTERM')).toBe(0);
  });

  it('maps signals to the documented exit codes', () => {
    expect(SIGNAL_EXIT_CODE).toEqual({ SIGINT: 130, SIGTERM: 143 });
  });
});
