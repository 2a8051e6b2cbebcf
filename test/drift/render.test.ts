import { describe, expect, it } from 'vitest';
import type { DriftReport } from '../../src/model/drift.js';
import { driftFromPlan } from '../../src/plan/drift.js';
import { renderDriftJson } from '../../src/report/drift-json.js';
import { renderDriftJunit, xmlAttr, xmlText } from '../../src/report/drift-junit.js';
import { mdCell, renderDriftMarkdown } from '../../src/report/drift-markdown.js';
import { renderDriftText } from '../../src/report/drift-text.js';
import { expectGolden } from '../helpers/golden.js';
import { desiredFixture, desiredWithoutErin, liveFixture, NOW, planFixture } from './fixtures.js';
import { schemaErrors } from './schema.js';
import { findAll, parseXml } from './xml.js';

const report = (): DriftReport =>
  driftFromPlan(desiredFixture(), liveFixture(), planFixture(), { now: NOW, toolVersion: '0.1.0' });

const clean = (): DriftReport =>
  driftFromPlan(
    { ...desiredWithoutErin(), accept: [] },
    liveFixture(),
    { ...planFixture(), actions: [], manual: [] },
    { now: NOW, toolVersion: '0.1.0' },
  );

/** A report whose names and emails hold every character that could break Markdown or XML. */
function hostile(): DriftReport {
  const r = structuredClone(report());
  const nasty = 'R&D <b>"Ops"</b> | \'quoted\' ]]> \u0001\u001b end';
  r.scope.teams[0]!.name = nasty;
  r.scope.teams[0]!.workspaceName = `${nasty} ws`;
  r.scope.workspaces[0]!.name = `${nasty} ws`;
  for (const item of r.items) {
    if (item.target?.type === 'team') item.target.name = nasty;
    if (item.target?.type === 'workspace') item.target.name = `${nasty} ws`;
  }
  r.items[0]!.user.email = "o'brien&co<x>@acme.example";
  return r;
}

describe('text', () => {
  it('lists each kind in its own section, accepted drift apart, and ends with a summary line', () => {
    const out = renderDriftText(report(), { color: false });
    expect(out).not.toMatch(/\u001b\[/);
    expect(out).toContain(
      'Access they should not have (1)\n  - bob@acme.example team "Design" in Acme Corp: member in Asana, not declared (acceptance expired after 2026-05-31: helping Design with the launch)',
    );
    expect(out).not.toContain('License differences'); // bob's license difference is accepted
    expect(out).toContain('Accepted, not counted (1)');
    expect(out).toContain('accepted until 2026-06-30: enterprise trial for Q3');
    expect(out).toContain(
      'Acceptances that match no difference (1); remove them\n  ? dave@acme.example workspace Acme Corp until 2027-01-01',
    );
    expect(out).toContain('  + erin@acme.example: declared, no account in Asana  [access.yaml:6:5]');
    expect(out).not.toContain('sam@contractor.example');
    expect(out.trimEnd().split('\n').at(-1)).toBe(
      'Drift: 7 differences (unexpected access 1, missing access 2, missing accounts 1, fix by hand 1, unmanaged accounts 2); 1 accepted, 1 expired acceptances, 2 ignored accounts not listed.',
    );
  });

  it('colours only when asked', () => {
    expect(renderDriftText(report(), { color: true })).toMatch(/\u001b\[31m-/);
  });

  it('says so when there is no drift', () => {
    expect(renderDriftText(clean(), { color: false })).toContain(
      'No drift: Asana matches the configuration.',
    );
  });
});

describe('json', () => {
  it('is the versioned report and validates against schemas/drift.schema.json', () => {
    for (const r of [report(), clean(), hostile()]) {
      const parsed = JSON.parse(renderDriftJson(r));
      expect(parsed.formatVersion).toBe(1);
      expect(schemaErrors(parsed)).toBe('');
    }
  });

  it('the schema rejects what the format does not allow', () => {
    const r = JSON.parse(renderDriftJson(report()));
    expect(schemaErrors({ ...r, formatVersion: 2 })).toMatch(/formatVersion/);
    r.items[0].status = 'ignored';
    expect(schemaErrors(r)).toMatch(/status/);
    const s = JSON.parse(renderDriftJson(report()));
    delete s.summary.ignoredAccounts;
    expect(schemaErrors(s)).toMatch(/ignoredAccounts/);
  });
});

describe('markdown', () => {
  it('puts the summary table first and every section in <details>', () => {
    const out = renderDriftMarkdown(report());
    const table = out.indexOf('| Difference | Count |');
    expect(table).toBeGreaterThan(0);
    expect(table).toBeLessThan(out.indexOf('<details>'));
    expect(out).toContain('| **Total drift** | **7** |');
    expect(out).toContain('| Ignored accounts (not listed) | 2 |');
    expect(out.match(/<details>/g)).toHaveLength(out.match(/<\/details>/g)!.length);
    expect(out).toContain('<summary>Accepted drift, not counted (1)</summary>');
    expect(out).not.toContain('contractor');
  });

  it('matches the golden file', () => {
    expectGolden('drift-fixture.md', renderDriftMarkdown(report()));
  });

  it('escapes names so they cannot break the table or inject HTML', () => {
    expect(mdCell('a|b <i>x</i> *y* _z_\nnext')).toBe('a\\|b &lt;i&gt;x&lt;/i&gt; \\*y\\* \\_z\\_ next');
    const out = renderDriftMarkdown(hostile());
    expect(out).not.toContain('<b>');
    for (const line of out.split('\n').filter((l) => l.startsWith('| ') && l.includes('acme.example'))) {
      // Every row has exactly its columns: no unescaped pipe inside a cell.
      const cells = line.replace(/\\\|/g, '').split('|').length - 2;
      expect([4, 5]).toContain(cells);
    }
  });

  it('shortens a report that would not fit in a GitHub issue and says what it left out', () => {
    const r = report();
    const many = Array.from({ length: 3000 }, (_, i) => ({
      ...r.items[1]!,
      id: `missing-access:team:2001:user${i}@acme.example`,
      user: { email: `user${String(i).padStart(4, '0')}@acme.example` },
    }));
    const big = { ...r, items: [...r.items, ...many] };
    const out = renderDriftMarkdown(big);
    expect(out.length).toBeLessThanOrEqual(65_000);
    expect(out).toMatch(/This report was shortened to fit in a GitHub issue: \d+ rows left out/);
    expect(out).toMatch(/… and \d+ more not shown here\./);
    expect(out).toContain('| **Total drift** |');
    const small = renderDriftMarkdown(big, { maxLength: 4000 });
    expect(small.length).toBeLessThanOrEqual(4000);
  });

  it('says so when there is no drift', () => {
    expect(renderDriftMarkdown(clean())).toContain('**No drift**: Asana matches the configuration');
  });
});

describe('junit', () => {
  it('is well-formed XML with one test case per managed workspace, team and user, failing where drifted', () => {
    const root = parseXml(renderDriftJunit(report()));
    expect(root.name).toBe('testsuites');
    const cases = findAll(root, 'testcase');
    expect(cases.map((c) => [c.attrs.classname, c.attrs.name, findAll(c, 'failure').length])).toEqual([
      ['asana-access.drift.workspaces', 'Acme Corp (1001)', 1],
      ['asana-access.drift.teams', 'Acme Corp/Design (2001)', 1],
      ['asana-access.drift.teams', 'Acme Corp/Sales (2002)', 0],
      ['asana-access.drift.users', 'alice@acme.example', 1],
      ['asana-access.drift.users', 'bob@acme.example', 1],
      ['asana-access.drift.users', 'carol@acme.example', 1],
      ['asana-access.drift.users', 'erin@acme.example', 1],
    ]);
    expect(root.attrs.tests).toBe('7');
    expect(root.attrs.failures).toBe('6');
    const suites = findAll(root, 'testsuite');
    expect(suites.map((s) => [s.attrs.name, s.attrs.tests, s.attrs.failures])).toEqual([
      ['drift.workspaces', '1', '1'],
      ['drift.teams', '2', '1'],
      ['drift.users', '4', '4'],
    ]);
    const design = cases[1]!;
    expect(design.children[0]!.attrs.message).toBe('4 differences');
    expect(design.children[0]!.text).toContain(
      'mallory@acme.example team "Design" in Acme Corp: member in Asana, account in no config',
    );
    const bob = cases[4]!;
    expect(findAll(bob, 'system-out')[0]!.text).toContain(
      'accepted until 2026-06-30 (enterprise trial for Q3)',
    );
  });

  it('passes every test case when there is no drift', () => {
    const root = parseXml(renderDriftJunit(clean()));
    expect(root.attrs.failures).toBe('0');
    expect(findAll(root, 'failure')).toHaveLength(0);
    expect(findAll(root, 'testcase')).toHaveLength(6);
  });

  it('escapes every name so the XML stays well-formed and reads back the same', () => {
    const r = hostile();
    const xml = renderDriftJunit(r);
    const root = parseXml(xml);
    const team = findAll(root, 'testcase').find((c) => c.attrs.classname === 'asana-access.drift.teams')!;
    // Control characters XML cannot hold become U+FFFD; everything else survives the round trip.
    expect(team.attrs.name).toBe(
      'R&D <b>"Ops"</b> | \'quoted\' ]]> \uFFFD\uFFFD end ws/R&D <b>"Ops"</b> | \'quoted\' ]]> \uFFFD\uFFFD end (2001)',
    );
    expect(xml).toContain("o'brien&amp;co&lt;x&gt;@acme.example team");
    expect(xmlAttr('a\nb\t"c"')).toBe('a&#10;b&#9;&quot;c&quot;');
    expect(xmlText('x\u0000y')).toBe('x\uFFFDy');
  });

  it('matches the golden file', () => {
    expectGolden('drift-fixture.junit.xml', renderDriftJunit(report()));
  });
});
