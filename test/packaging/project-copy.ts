// A copy of the project's packable inputs in a temporary folder, for tests that build, pack or write an
// oclif.manifest.json: doing that in the checkout itself would rewrite dist/ and drop a manifest under
// the feet of the other tests (and developers) running bin/run.js there at the same time.
import { cpSync, existsSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers/cli.js';

/** What `npm pack` generates itself (prepack), so never copied. */
const GENERATED = new Set(['dist', 'oclif.manifest.json']);

/**
 * Copies into `dest` what a build and `npm pack` read: package.json, README.md, tsconfig.json, src/ and
 * every entry of package.json `files` except the generated ones; node_modules is linked, not copied.
 */
export function copyProject(dest: string): string {
  const pjson = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { files: string[] };
  const entries = ['package.json', 'README.md', 'tsconfig.json', 'src', ...pjson.files];
  for (const entry of entries) {
    if (GENERATED.has(entry) || !existsSync(join(ROOT, entry))) continue;
    cpSync(join(ROOT, entry), join(dest, entry), { recursive: true });
  }
  symlinkSync(join(ROOT, 'node_modules'), join(dest, 'node_modules'), 'dir');
  return dest;
}

/** The commands the CLI has: one per file in src/commands. */
export function sourceCommands(): string[] {
  return readdirSync(join(ROOT, 'src', 'commands'))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => f.slice(0, -'.ts'.length))
    .sort();
}
