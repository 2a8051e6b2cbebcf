// Golden files under test/golden/: compared byte for byte; UPDATE_GOLDEN=1 rewrites them (review the
// diff before committing).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect } from 'vitest';
import { ROOT } from './cli.js';

export function expectGolden(name: string, actual: string): void {
  const file = join(ROOT, 'test', 'golden', name);
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  let expected: string;
  try {
    expected = readFileSync(file, 'utf8');
  } catch {
    throw new Error(`golden file ${file} is missing: run with UPDATE_GOLDEN=1 to create it, then review it`);
  }
  expect(actual, `output differs from ${file} (UPDATE_GOLDEN=1 regenerates it)`).toBe(expected);
}
