// The actions/github-script steps of the workflows, run against a fake GitHub API: the plan comment
// stays one sticky comment, the drift issue is opened, updated and closed, and apply finds the
// reviewed plan of the merged pull request.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT } from '../helpers/cli.js';

interface Step {
  uses?: string;
  id?: string;
  with?: { script?: string };
}

function scriptOf(file: string, index = 0): string {
  const w = parse(readFileSync(join(ROOT, 'examples', 'github-actions', file), 'utf8')) as {
    jobs: Record<string, { steps: Step[] }>;
  };
  const scripts = Object.values(w.jobs)
    .flatMap((j) => j.steps)
    .filter((s) => s.uses?.startsWith('actions/github-script'))
    .map((s) => s.with?.script ?? '');
  const script = scripts[index];
  if (!script) throw new Error(`${file} has no github-script step #${index}`);
  return script;
}

type Call = [string, Record<string, unknown>];

/** A recording fake of the parts of Octokit the scripts use; list answers come from `lists`. */
function fakeGithub(lists: Record<string, unknown[]>, calls: Call[]) {
  const api = (name: string, answer?: (params: Record<string, unknown>) => unknown) => {
    const fn = async (params: Record<string, unknown>) => {
      calls.push([name, params]);
      return { data: answer ? answer(params) : {} };
    };
    Object.defineProperty(fn, 'name', { value: name });
    return fn;
  };
  const rest = {
    issues: {
      listComments: api('issues.listComments'),
      listForRepo: api('issues.listForRepo'),
      createComment: api('issues.createComment'),
      updateComment: api('issues.updateComment'),
      create: api('issues.create'),
      update: api('issues.update'),
    },
    repos: {
      listPullRequestsAssociatedWithCommit: api(
        'repos.listPullRequestsAssociatedWithCommit',
        () => lists.pulls ?? [],
      ),
    },
    actions: {
      listWorkflowRuns: api('actions.listWorkflowRuns', () => ({ workflow_runs: lists.runs ?? [] })),
    },
  };
  return {
    rest,
    // Octokit's paginate: all pages of a list method (one page here).
    paginate: async (fn: { name: string }, params: Record<string, unknown>) => {
      calls.push([`paginate ${fn.name}`, params]);
      return lists[fn.name] ?? [];
    },
  };
}

const context = {
  serverUrl: 'https://github.example',
  repo: { owner: 'acme', repo: 'access' },
  runId: 42,
  sha: 'c0ffee0000000000000000000000000000000000',
  issue: { number: 7 },
  payload: { pull_request: { head: { sha: 'abc1234def5678' } } },
};

const env: Record<string, string | undefined> = {};
function setEnv(vars: Record<string, string>) {
  for (const [k, v] of Object.entries(vars)) {
    env[k] = process.env[k];
    process.env[k] = v;
  }
}
afterEach(() => {
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

/** Runs a github-script body the way the action does: an async function of github, context, core, require. */
async function run(
  script: string,
  options: { files?: Record<string, string>; lists?: Record<string, unknown[]> },
): Promise<{ calls: Call[]; outputs: Record<string, string> }> {
  const calls: Call[] = [];
  const outputs: Record<string, string> = {};
  const files = options.files ?? {};
  const fakeFs = {
    existsSync: (f: string) => f in files,
    readFileSync: (f: string) => {
      if (!(f in files)) throw new Error(`ENOENT ${f}`);
      return files[f];
    },
  };
  const core = {
    setOutput: (k: string, v: string) => {
      outputs[k] = v;
    },
    warning: (m: string) => calls.push(['core.warning', { message: m }]),
  };
  const requireFake = (m: string) => {
    if (m === 'node:fs' || m === 'fs') return fakeFs;
    throw new Error(`unexpected require ${m}`);
  };
  const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (
    ...args: string[]
  ) => (...a: unknown[]) => Promise<unknown>;
  const fn = new AsyncFunction('github', 'context', 'core', 'require', script);
  await fn(fakeGithub(options.lists ?? {}, calls), context, core, requireFake);
  return { calls, outputs };
}

const names = (calls: Call[]) => calls.map(([n]) => n).filter((n) => !n.startsWith('paginate'));

describe('plan.yml: one sticky comment', () => {
  const script = scriptOf('plan.yml');
  const marker = '<!-- asana-access-plan -->';

  it('creates the comment the first time, with the Markdown plan after the hidden marker', async () => {
    setEnv({ PLAN_STATUS: '0' });
    const { calls } = await run(script, {
      files: { 'plan.md': '### Access changes in this pull request\n' },
    });
    expect(names(calls)).toEqual(['issues.createComment']);
    const body = calls[1]![1].body as string;
    expect(body.startsWith(`${marker}\n### Access changes in this pull request`)).toBe(true);
    expect(body).toContain('Plan of abc1234');
    expect(calls[1]![1].issue_number).toBe(7);
  });

  it("updates its own comment on the next push, and leaves people's comments alone", async () => {
    setEnv({ PLAN_STATUS: '0' });
    const { calls } = await run(script, {
      files: { 'plan.md': 'new plan' },
      lists: {
        'issues.listComments': [
          { id: 1, user: { type: 'User' }, body: `${marker} quoted by a person` },
          { id: 2, user: { type: 'Bot' }, body: `${marker}\nold plan` },
        ],
      },
    });
    expect(names(calls)).toEqual(['issues.updateComment']);
    expect(calls[1]![1]).toMatchObject({ comment_id: 2 });
    expect(calls[1]![1].body).toContain('new plan');
  });

  it('posts a refused plan with its error output', async () => {
    setEnv({ PLAN_STATUS: '1' });
    const { calls } = await run(script, {
      files: {
        'plan.md': '> [!CAUTION]\n> **This plan cannot be applied**',
        'plan.err': 'error: the plan has a problem',
      },
    });
    const body = calls[1]![1].body as string;
    expect(body).toContain('### Asana access plan failed (exit 1)');
    expect(body).toContain('This plan cannot be applied');
    expect(body).toContain('error: the plan has a problem');
  });
});

describe('drift.yml: one issue, opened, updated, closed', () => {
  const script = scriptOf('drift.yml');
  const issue = { number: 12, title: 'Asana access drift' };

  it('opens the issue on the first drift', async () => {
    setEnv({ DRIFT_STATUS: '2' });
    const { calls } = await run(script, { files: { 'drift.md': '## Asana access drift\n' } });
    expect(names(calls)).toEqual(['issues.create']);
    expect(calls[1]![1]).toMatchObject({ title: 'Asana access drift', labels: ['asana-access-drift'] });
    expect(calls[1]![1].body).toContain('## Asana access drift');
  });

  it('updates the open issue while drift remains (a pull request with the same title does not count)', async () => {
    setEnv({ DRIFT_STATUS: '2' });
    const { calls } = await run(script, {
      files: { 'drift.md': 'today' },
      lists: { 'issues.listForRepo': [{ ...issue, number: 3, pull_request: {} }, issue] },
    });
    expect(names(calls)).toEqual(['issues.update']);
    expect(calls[1]![1]).toMatchObject({ issue_number: 12 });
    expect(calls[1]![1].body).toContain('today');
  });

  it('closes it with a comment when drift is gone, and does nothing when there is none and no issue', async () => {
    setEnv({ DRIFT_STATUS: '0' });
    const closed = await run(script, { lists: { 'issues.listForRepo': [issue] } });
    expect(names(closed.calls)).toEqual(['issues.createComment', 'issues.update']);
    expect(closed.calls[2]![1]).toMatchObject({
      issue_number: 12,
      state: 'closed',
      state_reason: 'completed',
    });
    expect(names((await run(script, {})).calls)).toEqual([]);
  });
});

describe('apply.yml: the reviewed plan of the merged pull request', () => {
  const script = scriptOf('apply.yml');

  it('finds the newest successful plan run of the merged pull request', async () => {
    setEnv({ PLAN_WORKFLOW: 'asana-access-plan.yml' });
    const { calls, outputs } = await run(script, {
      lists: {
        pulls: [{ number: 5, merged_at: '2026-06-01T00:00:00Z', base: { ref: 'main' }, head: { sha: 'h5' } }],
        runs: [{ id: 900 }, { id: 800 }],
      },
    });
    expect(outputs).toEqual({ pr: '5', run_id: '900' });
    expect(calls.find(([n]) => n === 'actions.listWorkflowRuns')?.[1]).toMatchObject({
      workflow_id: 'asana-access-plan.yml',
      head_sha: 'h5',
      status: 'success',
      event: 'pull_request',
    });
  });

  it('sets no run when there is no merged pull request or no successful plan (the job then re-plans)', async () => {
    setEnv({ PLAN_WORKFLOW: 'asana-access-plan.yml' });
    expect((await run(script, { lists: { pulls: [] } })).outputs).toEqual({});
    const noRun = await run(script, {
      lists: { pulls: [{ number: 5, merged_at: 'x', base: { ref: 'main' }, head: { sha: 'h5' } }], runs: [] },
    });
    expect(noRun.outputs).toEqual({});
    expect(noRun.calls.some(([n]) => n === 'core.warning')).toBe(true);
  });
});
