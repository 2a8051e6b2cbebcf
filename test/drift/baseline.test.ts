import { describe, expect, it } from 'vitest';
import type { DesiredState } from '../../src/model/desired.js';
import type { Action, Plan } from '../../src/model/plan.js';
import { actionKey, splitByBaseline } from '../../src/plan/baseline.js';
import { planChanges } from '../../src/plan/planner.js';
import { renderBaselineMarkdown } from '../../src/report/baseline-markdown.js';
import { renderBaselineText } from '../../src/report/baseline-text.js';
import { desiredFixture, liveFixture } from './fixtures.js';

const options = {
  toolVersion: '0.0.0',
  createdAt: '2026-06-15T00:00:00.000Z',
  configDigest: `sha256:${'e'.repeat(64)}`,
  liveDigest: `sha256:${'f'.repeat(64)}`,
  baseUrl: 'http://127.0.0.1:1/api/1.0',
};

const planOf = (desired: DesiredState): Plan => planChanges(desired, liveFixture(), options).plan;

/**
 * The pull request, against the target branch's config (desiredFixture):
 * - adopts mallory's hand-made Design membership (declares mallory in the workspace and in Design);
 * - adds frank, who has no account, to the workspace;
 * - downgrades alice to view-only;
 * - drops carol from Design (she never was a member there).
 */
function pullRequestConfig(): DesiredState {
  const d = desiredFixture();
  const at = { file: 'access.yaml', line: 40, col: 5 };
  d.users.push({ email: 'frank@acme.example', name: 'Frank', license: 'view-only', at });
  d.users.push({ email: 'mallory@acme.example', name: 'Mallory', license: 'view-only', at });
  d.users.sort((a, b) => a.email.localeCompare(b.email));
  d.users.find((u) => u.email === 'alice@acme.example')!.license = 'view-only';
  const ws = d.workspaces[0]!;
  ws.members.push({ email: 'frank@acme.example', at }, { email: 'mallory@acme.example', at });
  const design = ws.teams[0]!;
  design.members = design.members.filter((m) => m.email !== 'carol@acme.example');
  design.members.push({ email: 'mallory@acme.example', at });
  return d;
}

const ids = (actions: readonly Action[]) => actions.map((a) => a.id).sort();

describe('splitByBaseline', () => {
  const baseline = planOf(desiredFixture());
  const current = planOf(pullRequestConfig());
  const split = splitByBaseline(current, baseline);

  it('separates what the change introduces from drift that was already there', () => {
    expect(ids(split.introduced)).toEqual([
      'create-account:frank@acme.example',
      'grant-workspace:1001:frank@acme.example',
      'revoke-license:alice@acme.example',
    ]);
    expect(ids(split.existing)).toEqual([
      'create-account:erin@acme.example',
      'grant-workspace:1001:erin@acme.example',
      'revoke-license:bob@acme.example',
      'revoke-team:2001:bob@acme.example',
    ]);
    expect(ids(split.withdrawn)).toEqual([
      'grant-team:2001:carol@acme.example',
      'revoke-team:2001:mallory@acme.example',
      'revoke-workspace:1001:mallory@acme.example',
    ]);
    expect(split.existingManual.map((m) => m.reason)).toEqual(['team-role']);
    expect(split.introducedManual).toEqual([]);
  });

  it('partitions the current plan exactly', () => {
    expect(split.introduced.length + split.existing.length).toBe(current.actions.length);
    expect(split.introducedManual.length + split.existingManual.length).toBe(current.manual.length);
  });

  it('with the same config on both sides, everything is existing drift', () => {
    const same = splitByBaseline(baseline, planOf(desiredFixture()));
    expect(same.introduced).toEqual([]);
    expect(same.withdrawn).toEqual([]);
    expect(same.existing).toHaveLength(baseline.actions.length);
  });

  it('a different license change for the same user counts as introduced', () => {
    const bob = current.actions.find((a) => a.id === 'revoke-license:bob@acme.example');
    if (bob?.kind !== 'revoke') throw new Error('the fixture plans a license revoke for bob');
    const deprovision: Action = {
      ...bob,
      target: { type: 'license', from: 'enterprise', to: 'deprovisioned' },
    };
    expect(actionKey(deprovision)).not.toBe(actionKey(bob));
    const s = splitByBaseline({ ...current, actions: [deprovision] }, baseline);
    expect(s.introduced).toEqual([deprovision]);
  });

  it('renders the two parts separately in Markdown, introduced first and open', () => {
    const md = renderBaselineMarkdown(split);
    const introduced = md.indexOf('#### Changes this pull request introduces (3)');
    const existing = md.indexOf('<summary>Drift already there before this pull request (5)</summary>');
    const withdrawn = md.indexOf('<summary>Withdrawn by this pull request (3)</summary>');
    expect(introduced).toBeGreaterThan(0);
    expect(existing).toBeGreaterThan(introduced);
    expect(withdrawn).toBeGreaterThan(existing);
    const introducedPart = md.slice(introduced, existing);
    expect(introducedPart).toContain('frank@acme.example');
    expect(introducedPart).toContain('alice@acme.example');
    expect(introducedPart).not.toContain('bob@acme.example');
    expect(md.slice(existing, withdrawn)).toContain('bob@acme.example');
    expect(md).toContain(
      '**Introduced by this pull request:** 1 to create, 1 to grant, 1 to revoke, 0 manual.',
    );
  });

  it('shortens the Markdown to the limit and says so', () => {
    const md = renderBaselineMarkdown(split, { maxLength: 1200 });
    expect(md.length).toBeLessThanOrEqual(1200);
    expect(md).toMatch(/Shortened to fit in a GitHub comment: \d+ row\(s\) left out/);
  });

  it('renders text with the introduced part first', () => {
    const text = renderBaselineText(split, { color: false });
    expect(text.indexOf('Changes this change introduces (3)')).toBe(0);
    expect(text).toContain('  ~ downgrade the license of alice@acme.example: enterprise → view-only');
    expect(text.trimEnd().split('\n').at(-1)).toBe(
      'Introduced: 1 to create, 1 to grant, 1 to revoke, 0 manual. Already there: 1 to create, 1 to grant, 2 to revoke, 1 manual.',
    );
  });
});
