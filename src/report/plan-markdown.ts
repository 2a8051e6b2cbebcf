// The plan as Markdown for a pull-request comment: a summary table, problems, then one collapsible
// section per target (new accounts, each workspace and team, licenses) with its changes and, for
// memberships, the YAML diff of the member list from what Asana holds to what the plan leaves. Over
// 65,000 characters, sections are shortened to one line each (and then dropped) and a note says
// exactly what was left out.
import type { Plan, PlanProblem } from '../model/index.js';
import {
  code,
  details,
  escapeHtml,
  escapeMarkdown,
  fenced,
  fitSections,
  MARKDOWN_LIMIT,
  type Section,
} from './markdown.js';
import { actionText } from './plan-text.js';
import {
  type Entry,
  type Group,
  groupPlan,
  locationLabel,
  membersAfter,
  membershipChanges,
  type PlanView,
  plural,
} from './plan-view.js';
import { memberListDiff } from './yaml-diff.js';

export interface PlanMarkdownOptions {
  /** Maximum length in characters (default 65,000, under GitHub's comment limit). */
  maxLength?: number;
  /** The heading of the comment. */
  title?: string;
}

/** The most problems listed before the rest are counted (each is also in the command's output). */
const MAX_PROBLEMS = 50;

export function renderPlanMarkdown(view: PlanView, options: PlanMarkdownOptions = {}): string {
  const { plan } = view;
  const limit = options.maxLength ?? MARKDOWN_LIMIT;
  const head = [
    `### ${escapeMarkdown(options.title ?? 'Asana access plan')}`,
    '',
    summaryTable(plan),
    meta(plan),
    '',
  ];
  const problems = view.problems ?? [];
  if (problems.length > 0) head.push(problemsMarkdown(problems), '');
  const s = plan.summary;
  if (s.create + s.grant + s.revoke + s.manual === 0) {
    head.push('No changes. Asana matches the configuration.', '');
  }
  const ignored = view.stats?.ignoredAccounts ?? 0;
  const tail =
    ignored > 0
      ? `\n<sub>${plural(ignored, 'account')} matched ${code('policy.ignore')} and ${ignored === 1 ? 'was' : 'were'} left alone.</sub>\n`
      : '';
  const changes = membershipChanges(plan);
  const sections = groupPlan(plan, 'target').map((group) => section(group, view, changes));
  return fitSections(`${head.join('\n')}\n`, sections, tail, limit, leftOutNote).text;
}

function summaryTable(plan: Plan): string {
  const s = plan.summary;
  return [
    '| To create | To grant | To revoke | Manual |',
    '|---:|---:|---:|---:|',
    `| ${s.create} | ${s.grant} | ${s.revoke} | ${s.manual} |`,
    '',
  ].join('\n');
}

function meta(plan: Plan): string {
  const short = (d: string) => code(d.slice(0, 'sha256:'.length + 12));
  return `<sub>asana-access ${escapeMarkdown(plan.toolVersion)} · ${escapeMarkdown(plan.domain.baseUrl)} as ${code(plan.domain.meEmail)} · config ${short(plan.configDigest)} · live state ${short(plan.liveDigest)}</sub>`;
}

/** A GitHub caution block listing the plan's problems (at most 50, then a count). */
export function problemsMarkdown(problems: readonly PlanProblem[]): string {
  const lines = [
    '> [!CAUTION]',
    `> **This plan cannot be applied** until ${problems.length === 1 ? 'this problem is' : `these ${problems.length} problems are`} fixed:`,
    '>',
  ];
  for (const p of problems.slice(0, MAX_PROBLEMS)) {
    const where = p.at ? `${code(locationLabel(p.at))} ` : '';
    lines.push(`> - ${where}${escapeMarkdown(p.message)} (${code(p.code)})`);
  }
  if (problems.length > MAX_PROBLEMS) {
    lines.push(`> - … and ${problems.length - MAX_PROBLEMS} more (the command's output lists them all)`);
  }
  return lines.join('\n');
}

function section(group: Group, view: PlanView, changes: ReturnType<typeof membershipChanges>): Section {
  const counts = countEntries(group.entries);
  const countText = describeCounts(counts);
  const title =
    group.key === 'accounts' ? 'Accounts' : group.key === 'license' ? 'Licenses' : capitalize(group.title);
  const summary = `<b>${escapeHtml(title)}</b> · ${escapeHtml(countText)}`;
  const body = group.entries.map((e) => `- ${entryLine(e)}`);
  const current = group.target ? view.currentMembers?.[group.key] : undefined;
  if (group.target && current) {
    const diff = memberListDiff(current, membersAfter(current, changes.get(group.key)));
    if (diff) body.push('', 'Members, as Asana has them now → after this plan:', '', fenced('diff', diff));
  }
  return {
    full: details(summary, body.join('\n')),
    short: `- **${escapeMarkdown(title)}**: ${escapeMarkdown(countText)} (details left out)\n`,
    counts: { actions: counts.create + counts.grant + counts.revoke, manual: counts.manual },
  };
}

function entryLine(entry: Entry): string {
  if (entry.type === 'manual') {
    const at = entry.item.at ? ` ${code(locationLabel(entry.item.at))}` : '';
    return `${code('!')} ${escapeMarkdown(entry.item.message)}${at}`;
  }
  const a = entry.action;
  const name = a.user.name && a.user.name !== a.user.email ? ` ${escapeMarkdown(a.user.name)}` : '';
  const symbol =
    a.kind === 'create-account' || (a.kind === 'grant' && a.target.type !== 'license')
      ? '+'
      : a.target.type === 'license'
        ? '~'
        : '-';
  const what =
    a.kind === 'create-account' || a.target.type === 'license'
      ? `: ${escapeMarkdown(actionText(a))}`
      : a.kind === 'revoke' && a.deprovisions
        ? ' (deprovisions the account)'
        : '';
  return `${code(symbol)} ${code(a.user.email)}${name}${what}`;
}

interface Counts {
  create: number;
  grant: number;
  revoke: number;
  manual: number;
}

function countEntries(entries: readonly Entry[]): Counts {
  const c: Counts = { create: 0, grant: 0, revoke: 0, manual: 0 };
  for (const e of entries) {
    if (e.type === 'manual') c.manual++;
    else if (e.action.kind === 'create-account') c.create++;
    else c[e.action.kind]++;
  }
  return c;
}

function describeCounts(c: Counts): string {
  const parts = [
    c.create > 0 ? `${c.create} to create` : '',
    c.grant > 0 ? `${c.grant} to grant` : '',
    c.revoke > 0 ? `${c.revoke} to revoke` : '',
    c.manual > 0 ? `${c.manual} manual` : '',
  ];
  return parts.filter(Boolean).join(' · ');
}

function leftOutNote(shortened: readonly Section[], omitted: readonly Section[]): string {
  const sum = (list: readonly Section[], key: string) => list.reduce((n, s) => n + (s.counts[key] ?? 0), 0);
  const what = (list: readonly Section[]) =>
    `${plural(list.length, 'section')} with ${plural(sum(list, 'actions'), 'action')} and ${plural(sum(list, 'manual'), 'manual item')}`;
  const parts: string[] = [];
  if (shortened.length > 0) parts.push(`the details of ${what(shortened)}, listed above as one line each`);
  if (omitted.length > 0) parts.push(`the last ${what(omitted)}, not listed at all`);
  return `> [!NOTE]\n> **Shortened to fit GitHub's comment size limit.** Left out: ${parts.join('; and ')}. The summary table counts everything, and the JSON plan (${code('--format json')} or ${code('--out')}) holds every action.\n`;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
