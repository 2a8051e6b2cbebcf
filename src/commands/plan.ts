import { Args, Flags } from '@oclif/core';
import { TOOL_VERSION } from '../asana/version.js';
import { useColor } from '../cli/color.js';
import { Command } from '../cli/command.js';
import { loadConfigOrFail } from '../cli/config-input.js';
import { clientFor, connectionFlags, resolveConnection } from '../cli/connection.js';
import { EXIT } from '../cli/exit-codes.js';
import { createProgress, type Progress } from '../cli/progress.js';
import { exitAtOnceOnSignals } from '../cli/signals.js';
import { writeFileAtomic } from '../cli/write-file-atomic.js';
import { DEFAULT_CONFIG_PATH } from '../config/index.js';
import type { DesiredState, LiveState, Plan } from '../model/index.js';
import { splitByBaseline } from '../plan/baseline.js';
import { type PlanResult, planChanges } from '../plan/index.js';
import {
  type GroupBy,
  problemLine,
  renderPlanBaselineMarkdown,
  renderPlanBaselineText,
  renderPlanJson,
  renderPlanMarkdown,
  renderPlanText,
} from '../report/index.js';
import { liveDigest, type ReadScope, readLiveState, scopeFromDesired } from '../state/index.js';

const FORMATS = ['text', 'json', 'markdown'] as const;
type Format = (typeof FORMATS)[number];

export default class PlanCommand extends Command {
  static override summary = 'Show what it takes to make Asana match the configuration.';

  static override description =
    "Reads the configuration and the part of Asana it names, and prints the plan: accounts to create, workspace and team memberships and licenses to grant or revoke, and differences only a person can fix. Nothing in Asana changes. --out saves the plan (JSON, mode 0600) for `apply plan.json`. A plan that fails a safety gate (revocation limit, protected users, the token's own user, ignored accounts) or names something Asana does not have is printed with its problems, exits 1 and is not saved. Exit codes: 0 done (with --detailed-exitcode: no changes), 2 changes to make (with --detailed-exitcode), 1 error. Details: docs/plan.md.";

  static override examples = [
    '<%= config.bin %> plan access/',
    '<%= config.bin %> plan access/ --out plan.json',
    '<%= config.bin %> plan access/ --format markdown --group-by target > plan.md',
    '<%= config.bin %> plan head/access --baseline base/access --format markdown',
  ];

  static override enableJsonFlag = true;

  static override args = {
    path: Args.string({
      description: `Config file or directory of config files (default ${DEFAULT_CONFIG_PATH})`,
      default: DEFAULT_CONFIG_PATH,
    }),
  };

  static override flags = {
    out: Flags.string({
      char: 'o',
      summary: 'Save the plan as JSON to FILE (mode 0600, written atomically) for `asana-access apply FILE`.',
      helpValue: 'FILE',
    }),
    format: Flags.string({
      char: 'f',
      summary:
        'Output format: text, json (schemas/plan.schema.json) or markdown (for a pull-request comment).',
      options: [...FORMATS],
      default: 'text',
    }),
    'group-by': Flags.string({
      summary: 'Group the text output by user or by target (workspace, team, licenses).',
      options: ['user', 'target'],
      default: 'user',
    }),
    'detailed-exitcode': Flags.boolean({
      summary: 'Exit 0 when there is nothing to change, 2 when there are actions, 1 on error.',
      default: false,
    }),
    'max-revocations': Flags.integer({
      summary: 'Allow at most N revocations in this plan, replacing policy.revocationLimit.',
      min: 0,
      helpValue: 'N',
    }),
    baseline: Flags.string({
      summary:
        "The target branch's configuration: split the plan into what this change introduces and drift that was already there.",
      helpValue: 'BASE_PATH',
    }),
    color: Flags.boolean({
      summary: 'Colour the text output (default: on a terminal, unless NO_COLOR is set).',
      allowNo: true,
      default: true,
    }),
    ...connectionFlags,
  };

  async run(): Promise<Plan | undefined> {
    const { args, flags } = await this.parse(PlanCommand);
    const json = this.jsonEnabled();
    let progress: Progress | undefined;
    try {
      const consequence = 'nothing was read from Asana';
      const loaded = await loadConfigOrFail(args.path, { consequence });
      const base =
        flags.baseline === undefined
          ? undefined
          : await loadConfigOrFail(flags.baseline, { what: 'baseline configuration', consequence });
      const settings = resolveConnection(flags);
      progress = createProgress({ quiet: flags.quiet, label: 'reading Asana' });
      // Planning only reads (the --out file is written at the very end, atomically): stop at once.
      exitAtOnceOnSignals('nothing was changed and no plan was saved', () => progress?.finish('failed'));
      const scope = scopeFromDesired(loaded.state);
      const live = await readLiveState(
        clientFor(settings, progress.onClientEvent),
        base ? unionScope(scope, scopeFromDesired(base.state)) : scope,
        progress,
      );
      progress.finish('done');
      const plan = (desired: DesiredState, configDigest: string): PlanResult =>
        planChanges(
          desired,
          live,
          planOptions(configDigest, live, settings.baseUrl, flags['max-revocations']),
        );
      const result = plan(loaded.state, loaded.digest);
      const problems = result.problems;

      if (json) {
        if (problems.length > 0) this.error(problemSummary(result, false), { exit: EXIT.error });
      } else {
        const baseline = base ? splitByBaseline(result.plan, plan(base.state, base.digest).plan) : undefined;
        const color = useColor(flags.color);
        const format = flags.format as Format;
        if (format === 'json') {
          if (problems.length === 0) process.stdout.write(renderPlanJson(result.plan));
        } else if (format === 'markdown') {
          process.stdout.write(
            baseline ? renderPlanBaselineMarkdown(result, baseline) : renderPlanMarkdown(result),
          );
        } else {
          process.stdout.write(
            baseline
              ? renderPlanBaselineText(result, baseline, { color })
              : renderPlanText(result, { color, groupBy: flags['group-by'] as GroupBy }),
          );
        }
      }
      if (problems.length > 0) {
        // Text and Markdown show the problems in the plan; JSON output has no place for them.
        const listed = flags.format !== 'json';
        process.stderr.write(`error: ${problemSummary(result, listed)}\n`);
        process.exitCode = EXIT.error;
        return undefined;
      }
      if (flags.out !== undefined) {
        writeFileAtomic(flags.out, renderPlanJson(result.plan));
        if (!json)
          process.stderr.write(
            `Saved the plan to ${flags.out}; apply it with: asana-access apply ${flags.out}\n`,
          );
      }
      process.exitCode =
        flags['detailed-exitcode'] && result.plan.actions.length > 0 ? EXIT.changes : EXIT.ok;
      return result.plan;
    } catch (e) {
      progress?.finish('failed');
      throw e;
    }
  }
}

function planOptions(
  configDigest: string,
  live: LiveState,
  baseUrl: string,
  maxRevocations: number | undefined,
) {
  return {
    toolVersion: TOOL_VERSION,
    createdAt: new Date().toISOString(),
    configDigest,
    liveDigest: liveDigest(live),
    baseUrl,
    ...(maxRevocations !== undefined ? { maxRevocations } : {}),
  };
}

/** One line when the problems were already shown with the plan, else the line and every problem. */
function problemSummary(result: PlanResult, alreadyShown: boolean): string {
  const n = result.problems.length;
  const head = `the plan has ${n === 1 ? 'a problem' : `${n} problems`} and cannot be applied; nothing was saved`;
  if (alreadyShown) return `${head} (see the plan)`;
  return `${head}:\n${result.problems.map((p) => `  ${problemLine(p)}`).join('\n')}`;
}

/** Both configs' scopes, so the baseline plan sees everything it names. */
function unionScope(a: ReadScope, b: ReadScope): ReadScope {
  const all = <T>(x: 'all' | T[], y: 'all' | T[]): 'all' | T[] =>
    x === 'all' || y === 'all' ? 'all' : [...x, ...y];
  return {
    workspaces: all(a.workspaces, b.workspaces),
    teams: all(a.teams, b.teams),
    scim: a.scim || b.scim,
  };
}
