// The plan for a terminal, Terraform-like: `+` create or grant, `-` revoke, `~` license change, `!`
// a step for a person; grouped by user or by target; problems before the closing line
// `Plan: N to create, N to grant, N to revoke, N manual.` Pure: returns the text.
import type { Action } from '../model/index.js';
import { describeTarget } from '../plan/index.js';
import { problemLine, problemsHeading } from './plan-problems.js';
import { type Entry, type GroupBy, groupPlan, type PlanView, plural, userLabel } from './plan-view.js';
import { createStyle, type Style } from './style.js';

export interface PlanTextOptions {
  /** Whether to colour the output (the command decides from NO_COLOR, --no-color and the TTY). */
  color: boolean;
  groupBy: GroupBy;
}

export const NO_CHANGES = 'No changes. Asana matches the configuration.';

export function renderPlanText(view: PlanView, options: PlanTextOptions): string {
  const style = createStyle(options.color);
  const { plan } = view;
  const out: string[] = [];
  if (plan.actions.length > 0 || plan.manual.length > 0) {
    out.push(
      style.heading(
        plan.actions.length > 0
          ? 'asana-access will make these changes:'
          : 'asana-access has nothing to change, but some differences need a person:',
      ),
      style.dim(
        `  ${style.add('+')} create or grant   ${style.remove('-')} revoke   ${style.change('~')} change a license   ${style.manual('!')} a step for a person`,
      ),
      '',
    );
    for (const group of groupPlan(plan, options.groupBy)) {
      out.push(style.heading(group.title));
      for (const entry of group.entries) out.push(`  ${entryLine(entry, options.groupBy, style)}`);
      out.push('');
    }
  }
  out.push(...closingLines(view, style));
  return `${out.join('\n')}\n`;
}

/**
 * The end of a plan's text: its problems, the count of ignored accounts, and the closing line
 * (`Plan: …` or, with nothing at all to do, `No changes. Asana matches the configuration.`).
 */
export function closingLines(view: PlanView, style: Style): string[] {
  const out: string[] = [];
  const problems = view.problems ?? [];
  if (problems.length > 0) {
    out.push(style.problem(problemsHeading(problems.length)));
    for (const p of problems) out.push(`  ${style.problem('✗')} ${problemLine(p)}`);
    out.push('');
  }
  const ignored = view.stats?.ignoredAccounts ?? 0;
  if (ignored > 0) {
    const verb = ignored === 1 ? 'was' : 'were';
    out.push(style.dim(`${plural(ignored, 'account')} matched policy.ignore and ${verb} left alone.`));
  }
  const s = view.plan.summary;
  if (s.create + s.grant + s.revoke + s.manual === 0 && problems.length === 0) out.push(NO_CHANGES);
  else {
    out.push(
      style.heading(
        `Plan: ${s.create} to create, ${s.grant} to grant, ${s.revoke} to revoke, ${s.manual} manual.`,
      ),
    );
  }
  return out;
}

function entryLine(entry: Entry, groupBy: GroupBy, style: Style): string {
  if (entry.type === 'manual') return `${style.manual('!')} ${entry.item.message}`;
  const a = entry.action;
  const who = userLabel(a.user);
  const what = actionText(a);
  const symbol = symbolOf(a, style);
  if (groupBy === 'user') return `${symbol} ${what}`;
  // Grouped by target, the group says where; the line says who (and what, unless it is a membership).
  if (a.kind !== 'create-account' && a.target.type !== 'license') {
    return a.kind === 'revoke' && a.deprovisions
      ? `${symbol} ${who} (deprovisions the account)`
      : `${symbol} ${who}`;
  }
  return `${symbol} ${who}: ${what}`;
}

/** What an action does, without the user: `team "Design" in "Acme Corp"`, `license view-only → enterprise`. */
export function actionText(a: Action): string {
  if (a.kind === 'create-account') {
    return a.via === 'scim'
      ? `create account (through SCIM, ${a.license} license)`
      : `create account (invitation to workspace "${a.workspace.name}")`;
  }
  if (a.target.type === 'license') {
    return a.target.to === 'deprovisioned'
      ? `license ${a.target.from} → deprovisioned (deactivates the account)`
      : `license ${a.target.from} → ${a.target.to}`;
  }
  return a.kind === 'revoke' && a.deprovisions
    ? `${describeTarget(a.target)} (deprovisions the account)`
    : describeTarget(a.target);
}

export function symbolOf(a: Action, style: Style): string {
  if (a.kind === 'create-account' || (a.kind === 'grant' && a.target.type !== 'license'))
    return style.add('+');
  if (a.target.type === 'license') return style.change('~');
  return style.remove('-');
}
