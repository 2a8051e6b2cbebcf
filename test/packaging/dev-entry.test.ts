// bin/dev.js runs the commands from src/. An oclif.manifest.json left in the project (npm pack writes one
// in prepack and removes it in postpack; a failed pack leaves it) lists commands and the dist/ files to
// load them from; bin/dev.js must not take it. Run in a copy of the project (no dist/ there at all).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runNodeScript } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';
import { copyProject, sourceCommands } from './project-copy.js';

describe('bin/dev.js with a stale oclif.manifest.json in the project', () => {
  const project = join(tempDir('asana-access-dev'), 'project');

  beforeAll(() => {
    copyProject(project);
    const { version } = JSON.parse(readFileSync(join(project, 'package.json'), 'utf8')) as {
      version: string;
    };
    const stale = (id: string) => ({
      id,
      aliases: [],
      args: {},
      flags: {},
      hidden: false,
      isESM: true,
      pluginName: 'asana-access',
      pluginType: 'core',
      relativePath: ['dist', 'commands', `${id}.js`],
      summary: `${id} from a stale manifest`,
    });
    writeFileSync(
      join(project, 'oclif.manifest.json'),
      JSON.stringify({ version, commands: { stale: stale('stale'), validate: stale('validate') } }),
    );
  });

  it('lists the commands of src/, not those of the manifest', async () => {
    const r = await runNodeScript(join(project, 'bin', 'dev.js'), ['--help'], { cwd: project });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    for (const command of sourceCommands()) expect(r.stdout).toMatch(new RegExp(`^ {2}${command} `, 'm'));
    expect(r.stdout).not.toContain('stale');
  });

  it('runs a command from src/ (the manifest points at a dist/ file that does not exist)', async () => {
    const example = join(project, 'examples', 'acme', 'access.yaml');
    const r = await runNodeScript(join(project, 'bin', 'dev.js'), ['validate', example], { cwd: project });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('✓');
  });
});
