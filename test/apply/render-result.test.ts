// The end report (text) and --json for every kind of outcome.
import { describe, expect, it } from 'vitest';
import type { ActionOutcome } from '../../src/apply/outcome.js';
import { renderApplyResult } from '../../src/apply/render-result.js';
import { makeResult } from '../../src/apply/result.js';
import { APPLY_RESULT_FORMAT_VERSION, applyResultJson } from '../../src/apply/result-json.js';
import type { Action } from '../../src/model/index.js';

const team = { type: 'team' as const, gid: '200', name: 'Eng', workspaceGid: '100', workspaceName: 'Acme' };
const act = (id: string): Action => ({
  id,
  kind: 'grant',
  user: { email: `${id}@acme.example` },
  dependsOn: [],
  precondition: { type: 'team-membership', email: `${id}@acme.example`, teamGid: '200', member: false },
  target: team,
});
const describeAction = (a: Action) => `+ team Eng: ${a.user.email}`;
const actions = ['ok', 'held', 'bad', 'skip', 'later'].map(act);
const outcomes = new Map<string, ActionOutcome>([
  ['ok', { status: 'applied' }],
  ['held', { status: 'already-satisfied', detail: 'already a member' }],
  ['bad', { status: 'failed', message: 'Asana says "User is not in the organization"', httpStatus: 400 }],
  ['skip', { status: 'skipped', waitedOn: ['bad'] }],
  ['later', { status: 'not-started', reason: 'interrupted' }],
]);
const result = makeResult(
  {
    source: 'saved-plan',
    planDigest: 'sha256:x',
    journalPath: '/tmp/j.jsonl',
    interruptedBy: 'SIGINT',
    stoppedBy: 'interrupted',
    verification: { checked: 2, notVisible: ['held'] },
    durationMs: 12,
  },
  actions,
  outcomes,
);

describe('renderApplyResult', () => {
  const text = renderApplyResult(result, describeAction);
  it('heads with the counts and lists each outcome with its reason', () => {
    expect(text).toMatch(
      /^Apply interrupted \(SIGINT\)\. 1 applied, 1 already satisfied, 1 failed, 1 skipped, 1 not started\./,
    );
    expect(text).toContain(
      'Failed (1):\n  ✗ + team Eng: bad@acme.example\n      Asana says "User is not in the organization"',
    );
    expect(text).toContain(
      '  - + team Eng: skip@acme.example\n      waited on bad (+ team Eng: bad@acme.example)',
    );
    expect(text).toContain('Not started (the run was interrupted) (1):');
    expect(text).toContain(
      'Not visible in Asana after applying (1 of 2):\n  ? + team Eng: held@acme.example',
    );
    expect(text).toContain('Journal: /tmp/j.jsonl');
  });
  it('a clean run says it was verified', () => {
    const clean = makeResult(
      { ...result, interruptedBy: null, stoppedBy: null, verification: { checked: 1, notVisible: [] } },
      [act('ok')],
      outcomes,
    );
    const t = renderApplyResult(clean, describeAction);
    expect(t).toMatch(/^Apply complete\. 1 applied/);
    expect(t).toContain('Verified: a fresh read of Asana shows all 1 changes.');
    expect(t).not.toContain('plan` to see what is still missing');
  });
});

describe('applyResultJson', () => {
  it('is versioned and carries every outcome field', () => {
    const json = applyResultJson(result, describeAction, '0.1.0');
    expect(json.formatVersion).toBe(APPLY_RESULT_FORMAT_VERSION);
    expect(json).toMatchObject({
      result: 'interrupted',
      exitCode: 130,
      source: 'saved-plan',
      summary: { applied: 1, alreadySatisfied: 1, failed: 1, skipped: 1, notStarted: 1, notVisible: 1 },
      verification: { checked: 2, notVisible: ['held'], error: null },
    });
    expect(json.actions).toEqual([
      {
        id: 'ok',
        kind: 'grant',
        email: 'ok@acme.example',
        description: '+ team Eng: ok@acme.example',
        status: 'applied',
        visible: true,
      },
      expect.objectContaining({
        id: 'held',
        status: 'already-satisfied',
        detail: 'already a member',
        visible: false,
      }),
      expect.objectContaining({ id: 'bad', status: 'failed', httpStatus: 400 }),
      expect.objectContaining({ id: 'skip', status: 'skipped', waitedOn: ['bad'] }),
      expect.objectContaining({ id: 'later', status: 'not-started', reason: 'interrupted' }),
    ]);
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });
});
