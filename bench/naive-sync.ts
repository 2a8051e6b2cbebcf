// The baseline for `--compare`: the same full read as asana-access's sync, written the way a first
// script would be: plain fetch, one request at a time, one page after another, no limiter. It
// still sends limit=100 and honours Retry-After (otherwise it would not finish), so it makes the
// same number of requests and the difference it shows is the client's concurrency and pacing.

export interface NaiveSyncResult {
  requests: number;
  rateLimited: number;
  wallMs: number;
  rows: {
    workspaces: number;
    workspaceMemberships: number;
    teams: number;
    teamMemberships: number;
    scimUsers: number;
  };
}

interface Page {
  data: Array<Record<string, unknown>>;
  next_page?: { offset?: string } | null;
}

interface ScimPage {
  totalResults: number;
  itemsPerPage?: number;
  Resources?: unknown[];
}

export async function naiveSync(baseUrl: string, token: string): Promise<NaiveSyncResult> {
  const started = performance.now();
  let requests = 0;
  let rateLimited = 0;

  const get = async <T>(url: string): Promise<T> => {
    for (;;) {
      requests++;
      const res = await fetch(url, {
        headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
      });
      if (res.status === 429) {
        rateLimited++;
        const wait = Number(res.headers.get('retry-after') ?? '1');
        await res.arrayBuffer();
        await new Promise((r) => setTimeout(r, Math.max(0, wait) * 1000));
        continue;
      }
      if (!res.ok) throw new Error(`naive sync: GET ${new URL(url).pathname} answered ${res.status}`);
      return (await res.json()) as T;
    }
  };

  const list = async (path: string, fields: string): Promise<Array<Record<string, unknown>>> => {
    const out: Array<Record<string, unknown>> = [];
    let offset: string | undefined;
    do {
      const q = new URLSearchParams({ limit: '100', opt_fields: fields });
      if (offset !== undefined) q.set('offset', offset);
      const page = await get<Page>(`${baseUrl}${path}?${q}`);
      out.push(...page.data);
      offset = page.next_page?.offset ?? undefined;
    } while (offset !== undefined);
    return out;
  };

  await get(`${baseUrl}/users/me?opt_fields=email,name`);
  const workspaces = await list('/workspaces', 'name,is_organization,email_domains');
  let workspaceMemberships = 0;
  let teams = 0;
  let teamMemberships = 0;
  for (const ws of workspaces) {
    const gid = String(ws.gid);
    workspaceMemberships += (
      await list(
        `/workspaces/${gid}/workspace_memberships`,
        'user.email,user.name,is_active,is_admin,is_guest,is_view_only',
      )
    ).length;
    if (ws.is_organization !== true) continue;
    const wsTeams = await list(`/workspaces/${gid}/teams`, 'name');
    teams += wsTeams.length;
    for (const team of wsTeams) {
      teamMemberships += (
        await list(
          `/teams/${String(team.gid)}/team_memberships`,
          'user.email,user.name,is_admin,is_guest,is_limited_access',
        )
      ).length;
    }
  }

  let scimUsers = 0;
  for (let startIndex = 1; ; ) {
    const page = await get<ScimPage>(`${baseUrl}/scim/Users?startIndex=${startIndex}&count=100`);
    const got = page.Resources?.length ?? 0;
    scimUsers += got;
    startIndex += got;
    if (got === 0 || startIndex > page.totalResults) break;
  }

  return {
    requests,
    rateLimited,
    wallMs: performance.now() - started,
    rows: { workspaces: workspaces.length, workspaceMemberships, teams, teamMemberships, scimUsers },
  };
}
