// The Markdown renderer and its building blocks: summary table, collapsible sections by target, YAML
// member diffs, escaping, and the size limit that says exactly what it left out.
import { describe, expect, it } from 'vitest';
import type { DesiredState, LiveState } from '../../src/model/index.js';
import { planChanges } from '../../src/plan/index.js';
import { renderPlanJson, renderPlanMarkdown } from '../../src/report/index.js';
import { code, escapeMarkdown, fenced, fitSections, type Section } from '../../src/report/markdown.js';
import { memberListDiff } from '../../src/report/yaml-diff.js';
import { makeDesired, makeLive, OPTIONS, scenario } from '../plan/fixtures.js';
import { planSchemaErrors } from '../plan/schema.js';

const { desired, live } = scenario();
const result = planChanges(desired, live, OPTIONS);

describe('renderPlanMarkdown', () => {
  const md = renderPlanMarkdown(result);

  it('starts with the summary table and the plan metadata', () => {
    expect(
      md.startsWith(
        [
          '### Asana access plan',
          '',
          '| To create | To grant | To revoke | Manual |',
          '|---:|---:|---:|---:|',
          '| 1 | 5 | 5 | 5 |',
          '',
          '<sub>asana-access 0.1.0 · https://app.asana.com/api/1.0 as `bot@acme.example` · config `sha256:cccccccccccc` · live state `sha256:dddddddddddd`</sub>',
          '',
        ].join('\n'),
      ),
    ).toBe(true);
  });

  it('has one collapsible section per target, with counts in its summary', () => {
    const summaries = [...md.matchAll(/<summary>(.*)<\/summary>/g)].map((m) => m[1]);
    expect(summaries).toEqual([
      '<b>Accounts</b> · 1 to create',
      '<b>Workspace &quot;Acme Corp&quot;</b> · 1 to grant · 1 to revoke · 1 manual',
      '<b>Workspace &quot;Partners Lab&quot;</b> · 1 to grant',
      '<b>Team &quot;Design&quot; in &quot;Acme Corp&quot;</b> · 1 to revoke · 1 manual',
      '<b>Team &quot;Engineering&quot; in &quot;Acme Corp&quot;</b> · 2 to grant · 1 to revoke · 1 manual',
      '<b>Licenses</b> · 1 to grant · 2 to revoke · 2 manual',
    ]);
    expect(md.match(/<details>/g)).toHaveLength(6);
    expect(md.match(/<\/details>/g)).toHaveLength(6);
  });

  it('shows the member list diff of a team from Asana now to after the plan', () => {
    expect(md).toContain(
      [
        'Members, as Asana has them now → after this plan:',
        '',
        '```diff',
        '@@ -1,3 +1,4 @@',
        ' members:',
        '   - ada@acme.example',
        '-  - dan@acme.example',
        '+  - bob@acme.example',
        '+  - fay@acme.example',
        '```',
      ].join('\n'),
    );
  });

  it('counts an invitation as a new member of its workspace in the diff', () => {
    const invite = planChanges(
      makeDesired({
        manageLicenses: false,
        users: ['new@acme.example'],
        workspaces: [{ ref: 'Acme', members: ['old@acme.example', 'new@acme.example'] }],
      }),
      makeLive({
        scim: false,
        users: [{ email: 'old@acme.example' }, { email: 'gone@acme.example' }],
        workspaces: [{ gid: '1', name: 'Acme', members: ['old@acme.example', 'gone@acme.example'] }],
      }),
      OPTIONS,
    );
    expect(renderPlanMarkdown(invite)).toContain(
      [
        '```diff',
        '@@ -1,3 +1,3 @@',
        ' members:',
        '-  - gone@acme.example',
        '+  - new@acme.example',
        '   - old@acme.example',
        '```',
      ].join('\n'),
    );
  });

  it('lists problems in a caution block', () => {
    const text = renderPlanMarkdown({
      ...result,
      problems: [
        { code: 'unknown-team', message: 'Team "x_y" <b>', at: { file: 'a.yaml', line: 2, col: 3 } },
      ],
    });
    expect(text).toContain(
      [
        '> [!CAUTION]',
        '> **This plan cannot be applied** until this problem is fixed:',
        '>',
        '> - `a.yaml:2:3` Team "x\\_y" &lt;b&gt; (`unknown-team`)',
      ].join('\n'),
    );
  });

  it('says so when there is nothing to change', () => {
    const empty = planChanges(makeDesired({ users: [] }), makeLive({ users: [], workspaces: [] }), OPTIONS);
    const text = renderPlanMarkdown(empty);
    expect(text).toContain('No changes. Asana matches the configuration.');
    expect(text).not.toContain('<details>');
  });

  it('escapes names from Asana', () => {
    const odd = planChanges(
      makeDesired({
        users: ['x@acme.example'],
        workspaces: [{ ref: 'R&D <lab>', members: ['x@acme.example'] }],
      }),
      makeLive({
        users: [{ email: 'x@acme.example', name: '*Bold* [link](http://e.example)' }],
        workspaces: [{ gid: '1', name: 'R&D <lab>' }],
      }),
      OPTIONS,
    );
    const text = renderPlanMarkdown(odd);
    expect(text).toContain('<b>Workspace &quot;R&amp;D &lt;lab&gt;&quot;</b>');
    expect(text).toContain('- `+` `x@acme.example` \\*Bold\\* \\[link\\](http://e.example)');
  });
});

describe('the size limit', () => {
  /** A plan with `teams` teams of `perTeam` grants each. */
  function bigPlan(teams: number, perTeam: number): { desired: DesiredState; live: LiveState } {
    const users = Array.from({ length: perTeam }, (_, i) => `person${i}@acme.example`);
    return {
      desired: makeDesired({
        users,
        workspaces: [
          {
            ref: 'Acme',
            mode: 'additive',
            members: users,
            teams: Array.from({ length: teams }, (_, t) => ({ name: `Team ${t}`, members: users })),
          },
        ],
      }),
      live: makeLive({
        users: users.map((email) => ({ email })),
        workspaces: [
          {
            gid: '1',
            name: 'Acme',
            members: users,
            teams: Array.from({ length: teams }, (_, t) => ({ gid: String(100 + t), name: `Team ${t}` })),
          },
        ],
      }),
    };
  }

  it('stays whole when it fits', () => {
    const { desired: d, live: l } = bigPlan(3, 5);
    const text = renderPlanMarkdown(planChanges(d, l, OPTIONS));
    expect(text).not.toContain('Shortened');
  });

  it('shortens sections to one line, then leaves them out, and says exactly what', () => {
    const { desired: d, live: l } = bigPlan(40, 30);
    const big = planChanges(d, l, OPTIONS);
    expect(big.plan.summary.grant).toBe(1200);
    const full = renderPlanMarkdown(big, { maxLength: 1_000_000 });
    expect(full.length).toBeGreaterThan(60_000);

    const limit = 20_000;
    const short = renderPlanMarkdown(big, { maxLength: limit });
    expect(short.length).toBeLessThanOrEqual(limit);
    const whole = short.match(/<details>/g)?.length ?? 0;
    const oneLine = short.match(/\(details left out\)/g)?.length ?? 0;
    expect(whole).toBeGreaterThan(0);
    expect(oneLine).toBe(40 - whole);
    expect(short).toContain(
      `**Shortened to fit GitHub's comment size limit.** Left out: the details of ${oneLine} sections with ${oneLine * 30} actions and 0 manual items, listed above as one line each.`,
    );
    expect(short).toContain('| 0 | 1200 | 0 | 0 |');

    const tiny = renderPlanMarkdown(big, { maxLength: 3_000 });
    expect(tiny.length).toBeLessThanOrEqual(3_000);
    const listed = tiny.match(/\(details left out\)/g)?.length ?? 0;
    const omitted = 40 - listed - (tiny.match(/<details>/g)?.length ?? 0);
    expect(omitted).toBeGreaterThan(0);
    expect(tiny).toContain(
      `Left out: the details of ${listed} sections with ${listed * 30} actions and 0 manual items, listed above as one line each; and the last ${omitted} sections with ${omitted * 30} actions and 0 manual items, not listed at all.`,
    );
    // The last sections in the order are the ones left out.
    expect(tiny).toContain('Team "Team 3" in "Acme"');
    expect(tiny).not.toContain('Team "Team 9" in "Acme"');
  });

  it('fitSections keeps the order and reserves room for the note', () => {
    const sections: Section[] = ['a', 'b', 'c', 'd'].map((n) => ({
      full: `${n.repeat(50)}\n`,
      short: `- ${n}\n`,
      counts: { actions: 1 },
    }));
    const note = (shortened: readonly Section[], omitted: readonly Section[]) =>
      `NOTE ${shortened.length}/${omitted.length}\n`;
    expect(fitSections('H\n', sections, 'T\n', 1000, note).text).toBe(
      `H\n${sections.map((s) => s.full).join('')}T\n`,
    );
    const fitted = fitSections('H\n', sections, 'T\n', 150, note);
    expect(fitted.text.length).toBeLessThanOrEqual(150);
    // 150 - head - tail - note = 134 characters: a and b whole (102) leave room for c and d short.
    expect(fitted.shortened.map((s) => s.short)).toEqual(['- c\n', '- d\n']);
    expect(fitted.text).toBe(`H\n${'a'.repeat(50)}\n${'b'.repeat(50)}\n- c\n- d\n\nNOTE 2/0\nT\n`);
    expect(fitted.text.startsWith(`H\n${'a'.repeat(50)}\n`)).toBe(true);
    expect(fitted.shortened.length + fitted.omitted.length).toBeGreaterThan(0);
    expect(fitted.text).toContain(`NOTE ${fitted.shortened.length}/${fitted.omitted.length}`);
  });
});

describe('markdown helpers', () => {
  it('escapes what Markdown or HTML would interpret', () => {
    expect(escapeMarkdown('a_b *c* [d] <e> |f| `g` ~h~ #i &j \\k')).toBe(
      'a\\_b \\*c\\* \\[d\\] &lt;e&gt; \\|f\\| \\`g\\` \\~h\\~ \\#i &amp;j \\\\k',
    );
  });

  it('code spans and fences survive backticks inside', () => {
    expect(code('a`b')).toBe('``a`b``');
    expect(fenced('diff', 'x ``` y')).toBe('````diff\nx ``` y\n````\n');
  });

  it('memberListDiff shows YAML lines with context, or nothing when equal', () => {
    expect(memberListDiff(['a', 'b'], ['a', 'b'])).toBe('');
    expect(memberListDiff([], ['a'])).toBe('@@ -1,1 +1,2 @@\n-members: []\n+members:\n+  - a\n');
    const many = Array.from({ length: 20 }, (_, i) => `u${String(i).padStart(2, '0')}`);
    const diff = memberListDiff(
      many,
      many.filter((u) => u !== 'u10'),
    );
    expect(diff).toBe(
      '@@ -9,7 +9,6 @@\n   - u07\n   - u08\n   - u09\n-  - u10\n   - u11\n   - u12\n   - u13\n',
    );
  });
});

describe('renderPlanJson', () => {
  it('is the plan itself, valid against the schema', () => {
    const text = renderPlanJson(result.plan);
    expect(text.endsWith('}\n')).toBe(true);
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(result.plan)));
    expect(planSchemaErrors(JSON.parse(text))).toBe('');
  });

  it('the schema rejects what a plan cannot hold', () => {
    const plan = JSON.parse(renderPlanJson(result.plan));
    expect(planSchemaErrors({ ...plan, formatVersion: 2 })).not.toBe('');
    expect(planSchemaErrors({ ...plan, extra: true })).not.toBe('');
    expect(planSchemaErrors({ ...plan, digest: 'md5:x' })).not.toBe('');
    const badAction = structuredClone(plan);
    badAction.actions[0].kind = 'delete';
    expect(planSchemaErrors(badAction)).not.toBe('');
    const badFact = structuredClone(plan);
    badFact.actions[1].precondition = { type: 'team-membership', email: 'a@b.example', member: true };
    expect(planSchemaErrors(badFact)).not.toBe('');
    const badManual = structuredClone(plan);
    badManual.manual[0].reason = 'whim';
    expect(planSchemaErrors(badManual)).not.toBe('');
  });
});
