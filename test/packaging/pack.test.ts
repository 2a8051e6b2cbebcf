// The published artifact works on its own: `npm pack`, install the tarball into an empty folder,
// run the installed `asana-access --help`.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

describe('npm pack', () => {
  const dir = mkdtempSync(join(tmpdir(), 'asana-access-pack-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('installs into an empty folder and runs --help', () => {
    const packed = execFileSync('npm', ['pack', '--json', '--pack-destination', dir], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const [info] = JSON.parse(packed) as Array<{ filename: string; files: Array<{ path: string }> }>;
    expect(info).toBeDefined();
    const paths = info!.files.map((f) => f.path);
    expect(paths).toContain('bin/run.js');
    expect(paths).toContain('dist/commands/validate.js');
    expect(paths).toContain('schemas/config.schema.json');
    expect(paths.some((p) => p.startsWith('src/') || p.startsWith('test/'))).toBe(false);

    const app = join(dir, 'app');
    execFileSync('mkdir', ['-p', app]);
    writeFileSync(join(app, 'package.json'), '{"name":"pack-check","private":true}');
    execFileSync(
      'npm',
      ['install', '--prefer-offline', '--no-audit', '--no-fund', '--omit=dev', join(dir, info!.filename)],
      { cwd: app, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const help = execFileSync(join(app, 'node_modules/.bin/asana-access'), ['--help'], {
      cwd: app,
      encoding: 'utf8',
    });
    expect(help).toContain('asana-access');
    for (const command of ['validate', 'plan', 'apply', 'export', 'sandbox']) expect(help).toContain(command);
  }, 180_000);
});
