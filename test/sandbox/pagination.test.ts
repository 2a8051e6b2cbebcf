// Pagination: limit bounds, next_page only with limit, opaque offsets that expire and cannot be forged,
// and the silent truncation of unpaged lists.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDomain, type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { ACME, get, getAll, type Json, message, post, startAcme } from './helpers.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startAcme();
});
afterAll(() => sb.close());

const members = `/workspaces/${ACME.corp}/workspace_memberships`;

describe('limit', () => {
  it.each(['0', '101', '-1', 'ten', '1.5', ''])('answers 400 for limit=%s', async (limit) => {
    const answer = await get(sb, `${members}?limit=${limit}`);
    expect(answer.status).toBe(400);
    expect(message(answer)).toMatch(/^limit: /);
  });

  it.each(['1', '100'])('accepts limit=%s', async (limit) => {
    const answer = await get(sb, `${members}?limit=${limit}`);
    expect(answer.status).toBe(200);
    expect(answer.json.data).toHaveLength(Math.min(Number(limit), 37));
  });
});

describe('next_page', () => {
  it('is absent without limit, null on the last page, an offset/path/uri otherwise', async () => {
    expect('next_page' in (await get(sb, members)).json).toBe(false);
    const last = await get(sb, `${members}?limit=100`);
    expect(last.json.next_page).toBeNull();
    const first = await get(sb, `${members}?limit=10&opt_fields=user.email`);
    const next = first.json.next_page;
    expect(next).toEqual({ offset: expect.any(String), path: expect.any(String), uri: expect.any(String) });
    expect(next.path).toBe(`${members}?limit=10&opt_fields=user.email&offset=${next.offset}`);
    expect(next.uri).toBe(`${sb.apiBaseUrl}${next.path}`);
  });

  it('walks the whole list once, in gid order, keeping the other parameters', async () => {
    const all = (await get(sb, `${members}?opt_fields=user.email`)).json.data;
    const seen: Json[] = [];
    let path: string | null = `${members}?limit=7&opt_fields=user.email`;
    let pages = 0;
    while (path) {
      const page = await get(sb, path);
      seen.push(...page.json.data);
      path = page.json.next_page?.path ?? null;
      pages++;
    }
    expect(pages).toBe(6);
    expect(seen).toEqual(all);
    expect(seen.map((m) => m.gid)).toEqual([...seen.map((m) => m.gid)].sort());
  });

  it('neither repeats nor skips members when the list changes between pages', async () => {
    const team = `/teams/${ACME.teams.engineering}/team_memberships`;
    const first = await get(sb, `${team}?limit=5&opt_fields=user.email`);
    await post(sb, `/teams/${ACME.teams.engineering}/removeUser`, {
      data: { user: first.json.data[0].user.gid },
    });
    await post(sb, `/teams/${ACME.teams.engineering}/addUser`, {
      data: { user: 'kwame.asante@acme.example' },
    });
    const rest = await getAll(sb, first.json.next_page.path.replace(/&?limit=5/, ''));
    const emails = [...first.json.data, ...rest].map((m) => m.user.email);
    expect(new Set(emails).size).toBe(emails.length);
    expect(emails).toContain('kwame.asante@acme.example');
    expect(emails).toHaveLength(12);
  });
});

describe('offsets', () => {
  it('expire (400) after offsetTtlMs', async () => {
    const quick = await startAcme({ offsetTtlMs: 100 });
    try {
      const first = await get(quick, `${members}?limit=5`);
      await new Promise((r) => setTimeout(r, 250));
      const answer = await get(quick, first.json.next_page.path);
      expect(answer.status).toBe(400);
      expect(message(answer)).toContain('expired');
    } finally {
      await quick.close();
    }
  });

  it('cannot be made up, edited or used on another list (400)', async () => {
    const first = await get(sb, `${members}?limit=5`);
    const offset: string = first.json.next_page.offset;
    const [payload, sig] = offset.split('.');
    const forged = `${Buffer.from(JSON.stringify([`wm:${ACME.corp}`, '1', Date.now()])).toString('base64url')}.${sig}`;
    // Change the signature's first character to a different one (a fixed replacement would be a no-op
    // whenever the signature already starts with it).
    const edited = `${payload}.${sig!.startsWith('x') ? 'y' : 'x'}${sig!.slice(1)}`;
    for (const bad of ['abc', edited, forged]) {
      const answer = await get(sb, `${members}?limit=5&offset=${bad}`);
      expect(answer.status).toBe(400);
      expect(message(answer)).toMatch(/^offset: /);
    }
    const elsewhere = await get(sb, `/workspaces/${ACME.lab}/workspace_memberships?limit=5&offset=${offset}`);
    expect(elsewhere.status).toBe(400);
  });
});

describe('unpaged lists', () => {
  it('stop silently at 1,000 objects', async () => {
    const big = await startSandbox({
      seed: generateDomain({ users: 1200, teams: 1, teamMemberships: 1, deprovisionedRatio: 0 }),
    });
    try {
      const ws = (await get(big, '/workspaces', { token: 'generated-sandbox-admin-pat' })).json.data[0].gid;
      const answer = await get(big, `/workspaces/${ws}/workspace_memberships`, {
        token: 'generated-sandbox-admin-pat',
      });
      expect(answer.status).toBe(200);
      expect(answer.json.data).toHaveLength(1000);
      expect('next_page' in answer.json).toBe(false);
      expect(
        await getAll(big, `/workspaces/${ws}/workspace_memberships`, 'generated-sandbox-admin-pat'),
      ).toHaveLength(1200);
    } finally {
      await big.close();
    }
  });
});
