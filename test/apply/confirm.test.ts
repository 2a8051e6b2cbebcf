import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { askConfirmation, CONFIRM_PROMPT } from '../../src/apply/confirm.js';

function streams() {
  const input = new PassThrough();
  const output = new PassThrough();
  let written = '';
  output.on('data', (d: Buffer) => {
    written += d.toString();
  });
  return { input, output, written: () => written };
}

describe('askConfirmation', () => {
  it('accepts exactly yes (surrounding spaces ignored) and shows the prompt', async () => {
    const s = streams();
    const answer = askConfirmation(s.input, s.output);
    s.input.write('  yes \n');
    expect(await answer).toBe('yes');
    expect(s.written()).toContain(CONFIRM_PROMPT);
    expect(CONFIRM_PROMPT).toBe("Apply these changes? Only 'yes' will be accepted: ");
  });

  for (const text of ['y', 'YES', 'Yes', 'no', '', 'yes please', 'sure']) {
    it(`treats ${JSON.stringify(text)} as no`, async () => {
      const s = streams();
      const answer = askConfirmation(s.input, s.output);
      s.input.write(`${text}\n`);
      expect(await answer).toBe('no');
    });
  }

  it('end of input without an answer is no', async () => {
    const s = streams();
    const answer = askConfirmation(s.input, s.output);
    s.input.end();
    expect(await answer).toBe('no');
  });
});
