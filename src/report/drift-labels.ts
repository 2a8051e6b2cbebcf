// Words shared by the drift renderers, so text, Markdown and JUnit describe an item the same way.
import type { SourceLocation } from '../model/desired.js';
import type { DriftItem, DriftKind } from '../model/drift.js';
import type { LicenseState, Target } from '../model/plan.js';

/** Section headings, one per kind, phrased as what a reviewer is looking for. */
export const KIND_HEADING: Record<DriftKind, string> = {
  'unexpected-access': 'Access they should not have',
  'missing-access': 'Access they lack',
  'missing-account': 'Accounts missing in Asana',
  license: 'License differences',
  manual: 'Roles to fix by hand',
  'unmanaged-account': 'Accounts no config mentions',
};

/** Short names for counts in one line. */
export const KIND_SHORT: Record<DriftKind, string> = {
  'unexpected-access': 'unexpected access',
  'missing-access': 'missing access',
  'missing-account': 'missing accounts',
  license: 'licenses',
  manual: 'fix by hand',
  'unmanaged-account': 'unmanaged accounts',
};

export function licenseWord(license: LicenseState): string {
  return license === 'deprovisioned' ? 'none (deprovisioned)' : license;
}

/** Where the difference is, without the user: `team "Design" in Acme Corp`. */
export function whereLabel(target: Target | undefined): string {
  if (!target) return '-';
  switch (target.type) {
    case 'workspace':
      return `workspace "${target.name}"`;
    case 'team':
      return `team "${target.name}" in ${target.workspaceName}`;
    case 'license':
      return 'license';
  }
}

/** Where an item's difference is; an account creation is about the account, not its home workspace. */
export function itemWhere(item: DriftItem): string {
  return item.kind === 'missing-account' ? 'account' : whereLabel(item.target);
}

/**
 * `user where:` prefix of a one-line description (the license needs no "where"). Empty for items to
 * fix by hand: their message already names the user and the place.
 */
export function itemSubject(item: DriftItem): string {
  if (item.kind === 'manual') return '';
  const where = itemWhere(item);
  return where === 'license' || where === 'account' || where === '-'
    ? `${item.user.email}:`
    : `${item.user.email} ${where}:`;
}

/** The difference in a few words, from the config's point of view. */
export function differenceLabel(item: DriftItem): string {
  switch (item.kind) {
    case 'unexpected-access':
      return 'member in Asana, not declared';
    case 'unmanaged-account':
      return 'member in Asana, account in no config';
    case 'missing-access':
      return 'declared, not a member in Asana';
    case 'missing-account':
      return 'declared, no account in Asana';
    case 'license':
      return item.target?.type === 'license'
        ? `holds ${licenseWord(item.target.from)}, declared ${licenseWord(item.target.to)}`
        : 'license differs';
    case 'manual':
      return item.message;
  }
}

/** The item in one line: who, where, what differs. */
export function itemLine(item: DriftItem): string {
  const subject = itemSubject(item);
  return subject === '' ? differenceLabel(item) : `${subject} ${differenceLabel(item)}`;
}

export function locationLabel(at: SourceLocation | undefined): string {
  return at ? `${at.file}:${at.line}:${at.col}` : '-';
}

/** The note an expired acceptance adds to an item that counts as drift again. */
export function expiredNote(item: DriftItem): string | undefined {
  if (item.status !== 'expired' || !item.acceptance) return undefined;
  return `acceptance expired after ${item.acceptance.until}: ${item.acceptance.reason}`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
