// Replays every kept convergence failure (test/fixtures/regressions/*.json): the seed, token and
// configuration of a case that once broke, and what must happen now. A fixture with `knownIssue` is
// a bug still open: its replay must still fail with `knownSymptom`; once the bug is fixed this test
// fails, asking for the flag to go.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import { runConvergence } from './support/convergence.js';
import type { ConvergenceCase } from './support/domain.js';

interface Fixture extends ConvergenceCase {
  note: string;
  /** The plan must be refused with these problem codes (and change nothing). */
  expectRefused?: string[];
  knownIssue?: string;
  /** For a known issue: a line of the failure it still shows. */
  knownSymptom?: string;
}

const DIR = join(ROOT, 'test', 'fixtures', 'regressions');
const files = readdirSync(DIR)
  .filter((f) => f.startsWith('convergence-') && f.endsWith('.json'))
  .sort();

describe('kept convergence regressions', () => {
  it('there are fixtures to replay', () => {
    expect(files.length).toBeGreaterThan(0);
  });
  for (const file of files) {
    const fixture = JSON.parse(readFileSync(join(DIR, file), 'utf8')) as Fixture;
    const replay = async () => {
      const outcome = await runConvergence(fixture);
      if (fixture.expectRefused) expect(outcome).toEqual({ kind: 'refused', codes: fixture.expectRefused });
      else expect(outcome.kind).toBe('converged');
    };
    if (fixture.knownIssue) {
      it(`${file} still shows its known issue (${fixture.knownIssue})`, async () => {
        await expect(replay()).rejects.toThrow(fixture.knownSymptom ?? '');
      });
    } else it(file, replay);
  }
});
