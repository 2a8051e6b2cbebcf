// Accepted drift: matching config `accept` entries to drift items, and judging them against "now".
// The current instant is an input (never read from the clock here) so reports are reproducible.
import type { AcceptedDrift } from '../model/desired.js';
import type { DriftItem, DriftStatus, UnusedAcceptance } from '../model/drift.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Whether an acceptance is still in force at `now`: it ends at the end of its `until` day (UTC). */
export function acceptanceInForce(until: string, now: Date): boolean {
  const start = Date.parse(`${until}T00:00:00Z`);
  // A malformed date (the config loader validates it, but this is the last line) is never in force.
  if (Number.isNaN(start)) return false;
  return now.getTime() < start + DAY_MS;
}

function sameName(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

function workspaceRefMatches(ref: string, gid: string, name: string): boolean {
  return /^\d+$/.test(ref) ? ref === gid : sameName(ref, name);
}

/** Whether an acceptance covers a drift item (same user, same workspace/team, or the license). */
export function acceptanceCovers(acc: AcceptedDrift, item: Pick<DriftItem, 'user' | 'target'>): boolean {
  if (acc.email.toLowerCase() !== item.user.email) return false;
  const t = item.target;
  if (!t) return false;
  switch (acc.target.type) {
    case 'license':
      return t.type === 'license';
    case 'workspace':
      return t.type === 'workspace' && workspaceRefMatches(acc.target.ref, t.gid, t.name);
    case 'team':
      return (
        t.type === 'team' &&
        workspaceRefMatches(acc.target.workspace, t.workspaceGid, t.workspaceName) &&
        (acc.target.team === t.gid || sameName(acc.target.team, t.name))
      );
  }
}

export function describeAcceptanceTarget(acc: AcceptedDrift): string {
  switch (acc.target.type) {
    case 'license':
      return 'license';
    case 'workspace':
      return `workspace ${acc.target.ref}`;
    case 'team':
      return `team ${acc.target.workspace}/${acc.target.team}`;
  }
}

type Unjudged = Omit<DriftItem, 'status' | 'acceptance'>;

/**
 * Gives every item its status. When several acceptances cover an item, one in force wins over an
 * expired one, and among equals the latest `until`. Returns the acceptances that covered nothing.
 */
export function judgeAcceptances(
  items: readonly Unjudged[],
  accept: readonly AcceptedDrift[],
  now: Date,
): { items: DriftItem[]; unused: UnusedAcceptance[] } {
  // Index acceptances by email so judging stays linear in items + acceptances.
  const byEmail = new Map<string, { acc: AcceptedDrift; index: number }[]>();
  accept.forEach((acc, index) => {
    const key = acc.email.toLowerCase();
    const list = byEmail.get(key);
    if (list) list.push({ acc, index });
    else byEmail.set(key, [{ acc, index }]);
  });
  const used = new Set<number>();
  const judged = items.map((item): DriftItem => {
    let best: { acc: AcceptedDrift; inForce: boolean } | undefined;
    for (const { acc, index } of byEmail.get(item.user.email) ?? []) {
      if (!acceptanceCovers(acc, item)) continue;
      used.add(index);
      const inForce = acceptanceInForce(acc.until, now);
      if (!best || (inForce && !best.inForce) || (inForce === best.inForce && acc.until > best.acc.until)) {
        best = { acc, inForce };
      }
    }
    if (!best) return { ...item, status: 'drift' };
    const status: DriftStatus = best.inForce ? 'accepted' : 'expired';
    return {
      ...item,
      status,
      acceptance: { reason: best.acc.reason, until: best.acc.until, at: best.acc.at },
    };
  });
  const unused = accept
    .filter((_, i) => !used.has(i))
    .map((acc) => ({
      email: acc.email.toLowerCase(),
      target: describeAcceptanceTarget(acc),
      reason: acc.reason,
      until: acc.until,
      at: acc.at,
    }));
  return { items: judged, unused };
}
