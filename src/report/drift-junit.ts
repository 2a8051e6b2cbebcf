// The drift report as JUnit XML, so CI test tabs show drift: one test case per managed workspace,
// team and user, failing where something differs. Accepted drift passes and is noted in system-out.
import type { DriftItem, DriftReport } from '../model/drift.js';
import { expiredNote, itemLine, locationLabel, plural } from './drift-labels.js';

// Characters XML 1.0 does not allow at all, even escaped.
const INVALID_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function xmlText(text: string): string {
  return text
    .replace(INVALID_XML, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** Escaped for a double-quoted attribute; line breaks and tabs survive attribute normalization. */
export function xmlAttr(text: string): string {
  return xmlText(text)
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;')
    .replace(/\t/g, '&#9;');
}

interface Case {
  classname: string;
  name: string;
  items: DriftItem[];
}

interface Suite {
  name: string;
  cases: Case[];
}

function describe(item: DriftItem): string {
  const note = expiredNote(item);
  const at = item.at ? ` [${locationLabel(item.at)}]` : '';
  return `${itemLine(item)}${note ? ` (${note})` : ''}${at}`;
}

function buildSuites(report: DriftReport): Suite[] {
  const wsCases = new Map<string, Case>();
  const teamCases = new Map<string, Case>();
  const userCases = new Map<string, Case>();
  for (const w of report.scope.workspaces) {
    wsCases.set(w.gid, {
      classname: 'asana-access.drift.workspaces',
      name: `${w.name} (${w.gid})`,
      items: [],
    });
  }
  for (const t of report.scope.teams) {
    teamCases.set(t.gid, {
      classname: 'asana-access.drift.teams',
      name: `${t.workspaceName}/${t.name} (${t.gid})`,
      items: [],
    });
  }
  for (const u of report.scope.users) {
    userCases.set(u.email, { classname: 'asana-access.drift.users', name: u.email, items: [] });
  }
  const other: Case = {
    classname: 'asana-access.drift.other',
    name: 'differences outside the managed scope',
    items: [],
  };
  for (const item of report.items) {
    const t = item.target;
    // Every item shows on its workspace or team, and on its user when the config manages that user;
    // an account creation belongs to the user only (its workspace is just where it would be created).
    const onTarget =
      item.kind === 'missing-account'
        ? undefined
        : t?.type === 'workspace'
          ? wsCases.get(t.gid)
          : t?.type === 'team'
            ? teamCases.get(t.gid)
            : undefined;
    const onUser = userCases.get(item.user.email);
    onTarget?.items.push(item);
    onUser?.items.push(item);
    if (!onTarget && !onUser) other.items.push(item);
  }
  const suites: Suite[] = [
    { name: 'workspaces', cases: [...wsCases.values()] },
    { name: 'teams', cases: [...teamCases.values()] },
    { name: 'users', cases: [...userCases.values()] },
  ];
  if (other.items.length > 0) suites.push({ name: 'other', cases: [other] });
  return suites;
}

function renderCase(c: Case): string[] {
  const failing = c.items.filter((i) => i.status !== 'accepted');
  const accepted = c.items.filter((i) => i.status === 'accepted');
  const open = `    <testcase classname="${xmlAttr(c.classname)}" name="${xmlAttr(c.name)}" time="0"`;
  if (failing.length === 0 && accepted.length === 0) return [`${open}/>`];
  const out = [`${open}>`];
  if (failing.length > 0) {
    const message = plural(failing.length, 'difference');
    out.push(
      `      <failure type="drift" message="${xmlAttr(message)}">${xmlText(failing.map(describe).join('\n'))}</failure>`,
    );
  }
  if (accepted.length > 0) {
    const lines = accepted.map(
      (i) => `accepted until ${i.acceptance?.until} (${i.acceptance?.reason}): ${describe(i)}`,
    );
    out.push(`      <system-out>${xmlText(lines.join('\n'))}</system-out>`);
  }
  out.push('    </testcase>');
  return out;
}

export function renderDriftJunit(report: DriftReport): string {
  const suites = buildSuites(report);
  const failed = (c: Case) => c.items.some((i) => i.status !== 'accepted');
  const tests = suites.reduce((n, s) => n + s.cases.length, 0);
  const failures = suites.reduce((n, s) => n + s.cases.filter(failed).length, 0);
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="asana-access drift" tests="${tests}" failures="${failures}" errors="0" time="0">`,
  ];
  for (const s of suites) {
    out.push(
      `  <testsuite name="${xmlAttr(`drift.${s.name}`)}" tests="${s.cases.length}" failures="${s.cases.filter(failed).length}" errors="0" skipped="0" time="0" timestamp="${xmlAttr(report.checkedAt.replace(/\.\d+Z$/, ''))}">`,
    );
    for (const c of s.cases) out.push(...renderCase(c));
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}
