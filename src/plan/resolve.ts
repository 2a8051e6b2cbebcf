// Resolves what the config names (workspaces by name or gid, teams by name within a workspace) to
// what Asana holds. A name that matches nothing or more than one thing is a problem that points at
// the YAML, never a silent no-op.
import type {
  DesiredState,
  DesiredTeam,
  DesiredWorkspace,
  LiveTeam,
  LiveWorkspace,
  PlanProblem,
} from '../model/index.js';
import type { LiveIndex } from './live-index.js';

export interface ResolvedTeam {
  declared: DesiredTeam;
  live: LiveTeam;
}

export interface ResolvedWorkspace {
  declared: DesiredWorkspace;
  live: LiveWorkspace;
  teams: ResolvedTeam[];
}

export interface Resolution {
  /** Declared workspaces that resolved and whose memberships were read, in declaration order. */
  workspaces: ResolvedWorkspace[];
  /** `settings.defaultWorkspace`, when set and resolved. */
  defaultWorkspace?: LiveWorkspace;
  problems: PlanProblem[];
}

type Lookup<T> = { found: T } | { problem: Omit<PlanProblem, 'at'> };

export function resolveDesired(desired: DesiredState, index: LiveIndex): Resolution {
  const problems: PlanProblem[] = [];
  const workspaces: ResolvedWorkspace[] = [];
  const seen = new Map<string, DesiredWorkspace>();
  for (const declared of desired.workspaces) {
    const lookup = lookupWorkspace(declared.ref, index);
    if ('problem' in lookup) {
      problems.push({ ...lookup.problem, at: declared.at });
      continue;
    }
    const ws = lookup.found;
    const first = seen.get(ws.gid);
    if (first) {
      problems.push({
        code: 'ambiguous-name',
        message: `Workspace "${declared.ref}" is the same workspace as "${first.ref}" (${where(first.at)}), gid ${ws.gid}: declare it once.`,
        at: declared.at,
      });
      continue;
    }
    seen.set(ws.gid, declared);
    if (!index.scopedWorkspaces.has(ws.gid)) {
      problems.push({
        code: 'unknown-workspace',
        message: `Workspace "${ws.name}" (${ws.gid}) was not read from Asana, so its members are unknown; the live state's scope must include every declared workspace.`,
        at: declared.at,
      });
      continue;
    }
    workspaces.push({ declared, live: ws, teams: resolveTeams(declared, ws, index, problems) });
  }
  const resolution: Resolution = { workspaces, problems };
  const ref = desired.settings.defaultWorkspace;
  if (ref !== undefined) {
    const lookup = lookupWorkspace(ref, index);
    if ('problem' in lookup) {
      problems.push({ ...lookup.problem, message: `settings.defaultWorkspace: ${lookup.problem.message}` });
    } else {
      resolution.defaultWorkspace = lookup.found;
    }
  }
  return resolution;
}

function resolveTeams(
  declared: DesiredWorkspace,
  ws: LiveWorkspace,
  index: LiveIndex,
  problems: PlanProblem[],
): ResolvedTeam[] {
  const teams: ResolvedTeam[] = [];
  const seen = new Set<string>();
  for (const team of declared.teams) {
    if (!ws.isOrganization) {
      problems.push({
        code: 'unknown-team',
        message: `Team "${team.name}" cannot exist in workspace "${ws.name}": it is not an organization, and only organizations have teams.`,
        at: team.at,
      });
      continue;
    }
    const lookup = lookupTeam(team.name, ws, index);
    if ('problem' in lookup) {
      problems.push({ ...lookup.problem, at: team.at });
      continue;
    }
    const live = lookup.found;
    if (seen.has(live.gid)) {
      problems.push({
        code: 'ambiguous-name',
        message: `Team "${team.name}" is declared twice in workspace "${ws.name}": declare it once.`,
        at: team.at,
      });
      continue;
    }
    seen.add(live.gid);
    if (!index.scopedTeams.has(live.gid)) {
      problems.push({
        code: 'unknown-team',
        message: `Team "${live.name}" (${live.gid}) in workspace "${ws.name}" was not read from Asana, so its members are unknown; the live state's scope must include every declared team.`,
        at: team.at,
      });
      continue;
    }
    teams.push({ declared: team, live });
  }
  return teams;
}

/** A workspace by gid (all digits) or by exact name. */
export function lookupWorkspace(ref: string, index: LiveIndex): Lookup<LiveWorkspace> {
  if (/^\d+$/.test(ref)) {
    const ws = index.workspaceByGid.get(ref);
    if (ws) return { found: ws };
  }
  const byName = index.workspacesByName.get(ref) ?? [];
  if (byName.length === 1) return { found: byName[0]! };
  if (byName.length > 1) {
    return {
      problem: {
        code: 'ambiguous-name',
        message: `Workspace name "${ref}" matches ${byName.length} workspaces (gids ${byName.map((w) => w.gid).join(', ')}): write the gid instead.`,
      },
    };
  }
  const hint = suggestion(
    ref,
    index.live.workspaces.map((w) => w.name),
  );
  return {
    problem: {
      code: 'unknown-workspace',
      message: `Workspace "${ref}" does not exist or the token cannot see it.${hint}`,
    },
  };
}

function lookupTeam(name: string, ws: LiveWorkspace, index: LiveIndex): Lookup<LiveTeam> {
  const byName = index.teamsByName.get(ws.gid);
  const matches = byName?.get(name) ?? [];
  if (matches.length === 1) return { found: matches[0]! };
  if (matches.length > 1) {
    return {
      problem: {
        code: 'ambiguous-name',
        message: `Team name "${name}" matches ${matches.length} teams in workspace "${ws.name}" (gids ${matches.map((t) => t.gid).join(', ')}): rename one in Asana.`,
      },
    };
  }
  const hint = suggestion(name, [...(byName?.keys() ?? [])]);
  return {
    problem: {
      code: 'unknown-team',
      message: `Team "${name}" does not exist in workspace "${ws.name}" or the token cannot see it (a private team is visible only to its members and admins).${hint}`,
    },
  };
}

/** " Did you mean "X"?" when exactly one name differs only by case or surrounding spaces. */
function suggestion(name: string, candidates: readonly string[]): string {
  const wanted = name.trim().toLowerCase();
  const close = candidates.filter((c) => c.trim().toLowerCase() === wanted);
  return close.length === 1 ? ` Did you mean "${close[0]}"?` : '';
}

function where(at: { file: string; line: number; col: number }): string {
  return `${at.file}:${at.line}:${at.col}`;
}
