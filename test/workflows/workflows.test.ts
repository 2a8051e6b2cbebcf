// The example GitHub Actions workflows: each parses as YAML, has the shape its job needs, and every
// `asana-access` command in its `run:` steps uses a command and flags the CLI really has (checked
// against oclif's command metadata and against the command's --help output).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Command, Config } from '@oclif/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT, runCli } from '../helpers/cli.js';
import { type CommandTable, checkInvocation, flagsUsed } from './cli-check.js';
import { simpleCommands, toolInvocations } from './shell.js';

const DIR = join(ROOT, 'examples', 'github-actions');

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
}
interface Workflow {
  name: string;
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, { steps: Step[] }>;
}

function load(file: string): Workflow {
  return parse(readFileSync(join(DIR, file), 'utf8'), { prettyErrors: true, strict: true }) as Workflow;
}

/** A GitHub Actions expression as written in a workflow. */
const gh = (expression: string) => `\${{ ${expression} }}`;

const steps = (w: Workflow): Step[] => Object.values(w.jobs).flatMap((j) => j.steps);

/** Every asana-access invocation of a workflow, with the step it is in. */
function invocations(w: Workflow): { step: Step; argv: string[] }[] {
  return steps(w).flatMap((step) =>
    step.run ? toolInvocations(step.run).map((argv) => ({ step, argv })) : [],
  );
}

let commands: CommandTable;

beforeAll(async () => {
  // The compiled CLI (global setup builds dist/) as oclif itself loads it.
  const config = await Config.load({ root: ROOT });
  commands = new Map(config.commands.map((c): [string, Command.Cached] => [c.id, c]));
});

describe('the workflow files', () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.yml'));

  it('are plan.yml, apply.yml and drift.yml, each valid YAML with jobs and steps', () => {
    expect(files.sort()).toEqual(['apply.yml', 'drift.yml', 'plan.yml']);
    for (const f of files) {
      const w = load(f);
      expect(typeof w.name, f).toBe('string');
      expect(Object.keys(w.jobs).length, f).toBeGreaterThan(0);
      for (const s of steps(w)) expect(s.uses ?? s.run, `${f}: a step without uses or run`).toBeTruthy();
    }
  });

  it('call only asana-access commands and flags that exist', () => {
    const problems: string[] = [];
    let count = 0;
    for (const f of files) {
      for (const { step, argv } of invocations(load(f))) {
        count++;
        for (const p of checkInvocation(argv, commands)) problems.push(`${f} (${step.name ?? 'step'}): ${p}`);
      }
    }
    expect(problems).toEqual([]);
    expect(count).toBeGreaterThanOrEqual(7);
  });

  it("use flags that each command's --help lists", async () => {
    const used = new Map<string, Set<string>>();
    for (const f of files) {
      for (const { argv } of invocations(load(f))) {
        const set = used.get(argv[0]!) ?? new Set<string>();
        for (const flag of flagsUsed(argv)) set.add(flag);
        used.set(argv[0]!, set);
      }
    }
    for (const [command, flags] of used) {
      const help = await runCli([command, '--help']);
      expect(help.code, `${command} --help: ${help.stderr}`).toBe(0);
      for (const flag of flags) expect(help.stdout, `${command} --help lists ${flag}`).toContain(flag);
    }
  });

  it('give the token only through the ASANA_TOKEN secret, never on a command line', () => {
    for (const f of files) {
      const w = load(f);
      for (const { step, argv } of invocations(w)) {
        expect(argv.join(' ')).not.toMatch(/token/i);
        if (argv[0] !== 'validate')
          expect(step.env?.ASANA_TOKEN, `${f}: ${step.name}`).toBe(gh('secrets.ASANA_TOKEN'));
      }
    }
  });
});

describe('plan.yml', () => {
  const w = load('plan.yml');

  it('runs on pull requests: validate, then plan with --baseline from the target branch', () => {
    expect(Object.keys(w.on)).toEqual(['pull_request']);
    const argvs = invocations(w).map((i) => i.argv);
    expect(argvs[0]?.[0]).toBe('validate');
    const withBaseline = argvs.find((a) => a[0] === 'plan' && a.includes('--baseline'));
    expect(withBaseline).toBeDefined();
    expect(withBaseline![withBaseline!.indexOf('--baseline') + 1]).toMatch(/^base\//);
    expect(withBaseline).toEqual(expect.arrayContaining(['--format', 'markdown', '--out', 'plan.json']));
    const baseCheckout = steps(w).find(
      (s) => s.uses?.startsWith('actions/checkout') && s.with?.path === 'base',
    );
    expect(baseCheckout?.with?.ref).toBe(gh('github.event.pull_request.base.sha'));
  });

  it('keeps one sticky comment found by a hidden marker, and uploads the JSON plan', () => {
    const script = steps(w).find((s) => s.uses?.startsWith('actions/github-script'))?.with?.script as string;
    expect(script).toContain('<!-- asana-access-plan -->');
    expect(script).toContain('updateComment');
    expect(script).toContain('createComment');
    const upload = steps(w).find((s) => s.uses?.startsWith('actions/upload-artifact'));
    expect(upload?.with).toMatchObject({ name: 'asana-access-plan', path: 'plan.json' });
    expect(w.permissions?.['pull-requests']).toBe('write');
  });
});

describe('apply.yml', () => {
  const w = load('apply.yml');

  it('runs on pushes to main and applies the downloaded plan artifact of the merged pull request', () => {
    expect(w.on).toEqual({ push: { branches: ['main'], paths: ['access/**'] } });
    const download = steps(w).find((s) => s.uses?.startsWith('actions/download-artifact'));
    expect(download?.with).toMatchObject({ name: 'asana-access-plan', path: 'reviewed' });
    const apply = invocations(w).find((i) => i.argv[0] === 'apply');
    expect(apply?.argv[1]).toBe('reviewed/plan.json');
    expect(apply?.argv).not.toContain('--auto-approve');
  });

  it('re-plans for a human when the reviewed plan is refused', () => {
    const replan = steps(w).find((s) => s.if?.includes("steps.apply.outputs.status != '0'"));
    expect(replan?.run && toolInvocations(replan.run).map((a) => a[0])).toEqual(['plan', 'plan']);
    expect(replan?.run).toMatch(/exit 1\s*$/);
  });
});

describe('drift.yml', () => {
  const w = load('drift.yml');

  it('runs on a schedule, reports drift as Markdown and keeps one issue open or closes it', () => {
    expect(Object.keys(w.on)).toEqual(['schedule', 'workflow_dispatch']);
    const drift = invocations(w).find((i) => i.argv[0] === 'drift');
    expect(drift?.argv).toEqual(expect.arrayContaining(['--format', 'markdown']));
    const script = steps(w).find((s) => s.uses?.startsWith('actions/github-script'))?.with?.script as string;
    expect(script).toContain("const title = 'Asana access drift'");
    expect(script).toContain("state: 'closed'");
    expect(script).toContain('issues.create(');
    expect(w.permissions?.issues).toBe('write');
  });
});

describe('the checks themselves', () => {
  it('read shell: continuations, quotes, redirections, keywords and assignments', () => {
    expect(
      simpleCommands(
        `set +e\nif [ -e "a b" ]; then\n  X=1 asana-access plan "head/\${C}" \\\n  --format markdown > out.md 2> err.txt\nfi # done`,
      ),
    ).toEqual([
      ['set', '+e'],
      ['[', '-e', 'a b', ']'],
      ['asana-access', 'plan', `head/\${C}`, '--format', 'markdown'],
      ['fi'],
    ]);
    expect(
      toolInvocations('npm install -g asana-access@1 && npx asana-access drift x 2>&1 | tee log'),
    ).toEqual([['drift', 'x']]);
    expect(() => simpleCommands('echo "open')).toThrow(/unterminated/);
  });

  it('catch unknown commands, unknown flags, bad option values and extra arguments', () => {
    expect(checkInvocation(['nope'], commands)[0]).toMatch(/"nope" is not a command/);
    expect(checkInvocation(['drift', 'access', '--frobnicate'], commands)).toEqual([
      'drift: unknown flag --frobnicate',
    ]);
    expect(checkInvocation(['drift', 'access', '--format', 'yaml'], commands)[0]).toMatch(
      /--format yaml is not one of/,
    );
    expect(checkInvocation(['drift', 'a', 'b', 'c'], commands)[0]).toMatch(/positional argument/);
    expect(checkInvocation(['drift', 'access', '--format=junit', '--help'], commands)).toEqual([]);
  });
});
