// Bad input to every command: wrong flags, missing, unreadable, empty, huge (50 MB), binary files,
// YAML alias bombs, and saved plans that are truncated, deeply nested or from another domain. Each
// gets one clear message and exit 1, no stack trace, and nothing reaches Asana's write endpoints
// (checked on the sandbox's request counters). Exact diagnostics per file problem are in
// test/config/fixtures.test.ts; edited and other-version plans in test/apply/apply-cli.test.ts.
import { chmodSync, closeSync, mkdirSync, openSync, symlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderPlanJson } from '../../src/report/index.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import {
  cliAgainst,
  expectCleanFailure,
  removeTempDirs,
  tempDir,
  writeIn,
  writesSeen,
} from './support/cli.js';
import { FAULT_CONFIG, type FaultTokens, faultSeed, faultTokens } from './support/fault-domain.js';
import { fastClient, loadYaml, planAgainst } from './support/pipeline.js';

const isRoot = process.getuid?.() === 0;
const FIFTY_MB = 50 * 1024 * 1024;

let sb: Sandbox;
let other: Sandbox;
let tokens: FaultTokens;
let dir: string;
const files: Record<string, string> = {};

/** Writes `size` bytes of text made of `line` repeated, without holding it all in memory. */
function writeHuge(path: string, head: string, line: (i: number) => string, size: number): void {
  const fd = openSync(path, 'w');
  let written = writeSync(fd, head);
  for (let i = 0; written < size; i++) written += writeSync(fd, line(i));
  closeSync(fd);
}

beforeAll(async () => {
  tokens = faultTokens('bad');
  sb = await startSandbox({ seed: faultSeed(tokens, 5) });
  other = await startSandbox({ seed: faultSeed(tokens, 5) });
  dir = tempDir('bad');
  const bomb = [
    'version: 1',
    'a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]',
    ...'bcdefgh'.split('').map((k, i) => {
      const prev = 'abcdefgh'[i]!;
      return `${k}: &${k} [${Array(10).fill(`*${prev}`).join(', ')}]`;
    }),
    '',
  ].join('\n');
  files.config = writeIn(dir, 'access.yaml', FAULT_CONFIG);
  files.missing = join(dir, 'missing.yaml');
  files.directory = join(dir, 'folder.yaml');
  mkdirSync(files.directory);
  files.dangling = join(dir, 'dangling.yaml');
  symlinkSync(join(dir, 'nowhere', 'file.yaml'), files.dangling);
  files.unreadable = writeIn(dir, 'unreadable.yaml', FAULT_CONFIG);
  chmodSync(files.unreadable, 0o000);
  files.empty = writeIn(dir, 'empty.yaml', '');
  files.binary = writeIn(
    dir,
    'binary.yaml',
    Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 37) % 256)),
  );
  files.bomb = writeIn(dir, 'bomb.yaml', bomb);
  files.huge = join(dir, 'huge.yaml');
  writeHuge(files.huge, 'version: 1\nusers:\n', (i) => `  user${i}@acme.example: enterprise\n`, FIFTY_MB);

  const { desired, digest } = await loadYaml(FAULT_CONFIG);
  const plan = renderPlanJson((await planAgainst(fastClient(sb, tokens.sa), desired, digest)).plan);
  files.plan = writeIn(dir, 'plan.json', plan);
  files.truncatedPlan = writeIn(dir, 'truncated.json', plan.slice(0, Math.floor(plan.length * 0.6)));
  files.cutAtBracePlan = writeIn(dir, 'cut-at-brace.json', plan.slice(0, plan.lastIndexOf('}')));
  files.emptyPlan = writeIn(dir, 'empty.json', '');
  files.binaryPlan = writeIn(
    dir,
    'binary.json',
    Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 53) % 256)),
  );
  files.deepPlan = writeIn(dir, 'deep.json', `${'['.repeat(100_000)}${']'.repeat(100_000)}`);
  files.hugePlan = join(dir, 'huge.json');
  writeHuge(
    files.hugePlan,
    '{"formatVersion": 1, "actions": [',
    (i) => `${i === 0 ? '' : ','}{"id": "x${i}"}`,
    FIFTY_MB,
  );
  const fd = openSync(files.hugePlan, 'a');
  writeSync(fd, ']}');
  closeSync(fd);
  files.zeroPlan = join(dir, 'zero.json');
  symlinkSync('/dev/zero', files.zeroPlan);
  files.directoryPlan = join(dir, 'folder.json');
  mkdirSync(files.directoryPlan);
  // The same domain served on another port is another base URL: the plan belongs to `sb`.
  const { desired: d2, digest: g2 } = await loadYaml(FAULT_CONFIG);
  files.otherDomainPlan = writeIn(
    dir,
    'other-domain.json',
    renderPlanJson((await planAgainst(fastClient(other, tokens.sa), d2, g2)).plan),
  );
  files.tokenFile = writeIn(dir, 'token', tokens.sa);
  chmodSync(files.tokenFile, 0o600);
  sb.resetStats();
}, 60_000);

afterAll(async () => {
  // Whatever the input, nothing reached a write endpoint of either sandbox.
  expect(writesSeen(sb)).toBe(0);
  expect(writesSeen(other)).toBe(0);
  expect(sb.stats().mutations + other.stats().mutations).toBe(0);
  await sb.close();
  await other.close();
  removeTempDirs();
});

const run = (args: string[]) => cliAgainst(sb, args, { token: tokens.sa, cwd: dir });

/** Config inputs every config-reading command gets, with the message each must give. */
const CONFIG_INPUTS: Array<{ name: string; file: () => string; message: RegExp; skip?: string }> = [
  {
    name: 'a missing file',
    file: () => files.missing!,
    message: /missing\.yaml {2}no such file or directory/,
  },
  {
    name: 'a directory without config files',
    file: () => files.directory!,
    message: /folder\.yaml {2}no \.yaml or \.yml files in this directory/,
  },
  {
    name: 'a dangling symlink',
    file: () => files.dangling!,
    message: /dangling\.yaml {2}no such file or directory/,
  },
  {
    name: 'an unreadable file (chmod 000)',
    file: () => files.unreadable!,
    message: /unreadable\.yaml {2}cannot read: permission denied/,
    skip: isRoot
      ? 'running as root: chmod 000 does not stop root from reading (the dangling symlink covers unreadable paths)'
      : undefined,
  },
  { name: 'an empty file', file: () => files.empty!, message: /empty\.yaml {2}the file is empty/ },
  {
    name: 'a 50 MB file',
    file: () => files.huge!,
    message: /huge\.yaml {2}file is too large \(50 MB; the limit is 10 MB\)/,
  },
  {
    name: 'a YAML alias bomb',
    file: () => files.bomb!,
    message: /bomb\.yaml:\d+:\d+ {2}aliases expand to more than 10000 values/,
  },
  { name: 'binary garbage', file: () => files.binary!, message: /binary\.yaml {2}not a YAML text file/ },
  {
    name: 'a device that never ends (/dev/zero)',
    file: () => '/dev/zero',
    message: /\/dev\/zero {2}file is too large \(the limit is 10 MB\)/,
  },
];

const CONFIG_COMMANDS: Array<{ name: string; args: (file: string) => string[]; after: RegExp }> = [
  { name: 'validate', args: (f) => ['validate', f], after: /✗ 1 error/ },
  {
    name: 'plan',
    args: (f) => ['plan', f, '--out', join(dir, 'never.json')],
    after: /nothing was read from Asana/,
  },
  { name: 'apply', args: (f) => ['apply', f, '--auto-approve'], after: /nothing was changed/ },
  { name: 'drift', args: (f) => ['drift', f], after: /nothing was read from Asana|not valid/ },
];

describe.concurrent('bad configuration files, for every command that reads one', () => {
  for (const command of CONFIG_COMMANDS) {
    for (const input of CONFIG_INPUTS) {
      const title = `${command.name}: ${input.name}`;
      if (input.skip) {
        it.skip(`${title} (skipped: ${input.skip})`, () => undefined);
        continue;
      }
      it(title, async () => {
        const r = await run(command.args(input.file()));
        expectCleanFailure(r, input.message);
        expect(`${r.stdout}${r.stderr}`).toMatch(command.after);
        expect(sb.stats().requests, 'nothing is read from Asana for a bad config').toBe(0);
      });
    }
  }
});

describe.concurrent('bad saved plans: apply refuses before any change', () => {
  const cases: Array<{ name: string; file: () => string; message: RegExp }> = [
    {
      name: 'a missing plan file',
      file: () => join(dir, 'missing.json'),
      message: /cannot read the plan file .*missing\.json \(ENOENT\)/,
    },
    {
      name: 'a directory named like a plan',
      file: () => files.directoryPlan!,
      message: /cannot read the plan file .*folder\.json \(EISDIR\)/,
    },
    { name: 'an empty plan file', file: () => files.emptyPlan!, message: /empty\.json is not valid JSON/ },
    { name: 'binary garbage', file: () => files.binaryPlan!, message: /binary\.json is not valid JSON/ },
    {
      name: 'a plan truncated in the middle',
      file: () => files.truncatedPlan!,
      message: /truncated\.json is not valid JSON/,
    },
    {
      name: 'a plan missing its last brace',
      file: () => files.cutAtBracePlan!,
      message: /cut-at-brace\.json is not valid JSON/,
    },
    {
      name: '100,000 nested arrays',
      file: () => files.deepPlan!,
      message: /deep\.json is not an asana-access plan/,
    },
    {
      name: 'a 50 MB file that looks like a plan',
      file: () => files.hugePlan!,
      message: /huge\.json does not match the plan format/,
    },
    {
      name: 'a plan name linked to /dev/zero',
      file: () => files.zeroPlan!,
      message: /cannot read the plan file .*zero\.json: it is not a regular file/,
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const r = await run(['apply', c.file()]);
      expectCleanFailure(r, c.message);
      expect(r.stderr).toContain('Nothing was changed.');
    });
  }

  it('a plan made against another domain (another base URL): refused after reading, nothing written', async () => {
    const r = await run(['apply', files.otherDomainPlan!]);
    expectCleanFailure(
      r,
      /Refusing to apply .*other-domain\.json: the plan was made against http:\/\/127\.0\.0\.1:\d+\/api\/1\.0, but this run talks to/,
    );
  });
});

describe.concurrent('bad flags, for every command', () => {
  const cases: Array<{ args: string[]; message: RegExp }> = [
    { args: ['validate', 'x.yaml', '--bogus'], message: /Nonexistent flag: --bogus/ },
    {
      args: ['validate', 'x.yaml', '--format', 'xml'],
      message: /Expected --format=xml to be one of: text, json/,
    },
    { args: ['validate', 'a.yaml', 'b.yaml'], message: /Unexpected argument: b\.yaml/ },
    { args: ['plan', 'x.yaml', '--format', 'xml'], message: /Expected --format=xml to be one of/ },
    { args: ['plan', 'x.yaml', '--max-revocations', '-1'], message: /--max-revocations/ },
    { args: ['plan', 'x.yaml', '--out'], message: /Flag --out expects a value/ },
    {
      args: ['apply', 'x.yaml', '--rate-limit', '0'],
      message: /Expected an integer greater than or equal to 1/,
    },
    { args: ['apply', 'x.yaml', '--timeout', 'soon'], message: /Expected an integer/ },
    { args: ['drift', 'x.yaml', '--format', 'csv'], message: /Expected --format=csv to be one of/ },
    { args: ['drift', 'x.yaml', '--bogus'], message: /Nonexistent flag: --bogus/ },
    { args: ['export', '--timeout', '0'], message: /Expected an integer greater than or equal to 1/ },
    { args: ['export', '--workspace'], message: /Flag --workspace expects a value/ },
    { args: ['sandbox', '--port', '70000'], message: /Expected an integer less than or equal to 65535/ },
    { args: ['sandbox', '--latency', '-5'], message: /Expected an integer greater than or equal to 0/ },
  ];
  for (const c of cases) {
    it(c.args.join(' '), async () => {
      const r = await run(c.args);
      expectCleanFailure(r, c.message);
    });
  }
});

describe.concurrent('bad files given to flags', () => {
  const cases: Array<{ name: string; args: () => string[]; message: RegExp; token?: boolean }> = [
    {
      name: 'export --token-file missing',
      args: () => ['export', '--token-file', join(dir, 'no-token')],
      message: /cannot read --token-file .*no-token: ENOENT/,
      token: false,
    },
    {
      name: 'export --token-file a directory',
      args: () => ['export', '--token-file', files.directory!],
      message: /--token-file .*folder\.yaml is not a file/,
      token: false,
    },
    {
      name: 'plan --token-file empty',
      args: () => ['plan', files.config!, '--token-file', files.empty!],
      message: /--token-file .*empty\.yaml is empty/,
      token: false,
    },
    {
      name: 'drift --token-file binary',
      args: () => ['drift', files.config!, '--token-file', files.binary!],
      message: /the token from --token-file .*binary\.yaml contains whitespace inside it/,
      token: false,
    },
    {
      name: 'no token at all',
      args: () => ['plan', files.config!],
      message: /no Asana token: set ASANA_TOKEN, or pass --token-file FILE/,
      token: false,
    },
    {
      name: 'export --out in a folder that does not exist',
      args: () => ['export', '--out', join(dir, 'nowhere', 'x.yaml')],
      message: /cannot write .*nowhere\/x\.yaml: ENOENT/,
    },
    {
      name: 'plan --out a directory',
      args: () => ['plan', files.config!, '--out', files.directoryPlan!],
      message: /cannot write .*folder\.json: EISDIR/,
    },
    {
      name: 'apply --journal under a file',
      args: () => ['apply', files.config!, '--auto-approve', '--journal', join(files.tokenFile!, 'j.jsonl')],
      message: /cannot open the journal .*is not a folder\. Nothing was changed\./,
    },
    {
      name: 'sandbox --seed missing',
      args: () => ['sandbox', '--port', '0', '--seed', files.missing!],
      message: /missing\.yaml: cannot read the seed: no such file/,
    },
    {
      name: 'sandbox --seed a directory',
      args: () => ['sandbox', '--port', '0', '--seed', files.directory!],
      message: /folder\.yaml: cannot read the seed: EISDIR/,
    },
    {
      name: 'sandbox --seed empty',
      args: () => ['sandbox', '--port', '0', '--seed', files.empty!],
      message: /invalid seed \(1 problem\):\n.*empty\.yaml:1:1 \(root\): a seed must be a mapping/,
    },
    {
      name: 'sandbox --seed binary garbage',
      args: () => ['sandbox', '--port', '0', '--seed', files.binary!],
      message: /invalid seed/,
    },
    {
      name: 'sandbox --seed a YAML alias bomb',
      args: () => ['sandbox', '--port', '0', '--seed', files.bomb!],
      message: /bomb\.yaml: cannot read the seed: Excessive alias count .*\(a YAML alias bomb\?\)/,
    },
    {
      name: 'sandbox --seed 50 MB',
      args: () => ['sandbox', '--port', '0', '--seed', files.huge!],
      message: /huge\.yaml: cannot read the seed: the file is too large \(50\.0 MB; the limit is 20 MB\)/,
    },
    {
      name: 'sandbox --faults a YAML alias bomb',
      args: () => ['sandbox', '--port', '0', '--faults', files.bomb!],
      message: /bomb\.yaml: not valid YAML: Excessive alias count/,
    },
    {
      name: 'sandbox --faults 50 MB',
      args: () => ['sandbox', '--port', '0', '--faults', files.huge!],
      message: /huge\.yaml: the fault rules file is too large \(50\.0 MB; the limit is 1 MB\)/,
    },
    {
      name: 'sandbox --seed /dev/zero',
      args: () => ['sandbox', '--port', '0', '--seed', '/dev/zero'],
      message: /\/dev\/zero: cannot read the seed: not a regular file/,
    },
    {
      name: 'sandbox --faults /dev/zero',
      args: () => ['sandbox', '--port', '0', '--faults', '/dev/zero'],
      message: /\/dev\/zero: cannot read the fault rules \(not a regular file\)/,
    },
    {
      name: 'sandbox --faults empty',
      args: () => ['sandbox', '--port', '0', '--faults', files.empty!],
      message: /empty\.yaml: the fault rules file is empty: list fault rules, or leave out --faults/,
    },
    {
      name: 'sandbox --faults binary garbage',
      args: () => ['sandbox', '--port', '0', '--faults', files.binary!],
      message: /binary\.yaml: faults must be a list of rules/,
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const r = await cliAgainst(sb, c.args(), {
        cwd: dir,
        ...(c.token === false ? {} : { token: tokens.sa }),
      });
      expectCleanFailure(r, c.message);
      expect(r.stderr.match(/^error: /gm)?.length ?? 0).toBeLessThanOrEqual(1);
    });
  }
});
