// Shared by the apply CLI tests: an acme sandbox per test, the CLI run against it, hand changes made
// through the sandbox's own REST API (as a person would), and reads of the sandbox's state.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Sandbox, SandboxOptions } from '../../src/sandbox/index.js';
import { ACME_TOKENS, startSandbox } from '../../src/sandbox/index.js';
import type { Seed } from '../../src/sandbox/seed-types.js';
import { type CliOptions, type CliResult, ROOT, runCli } from '../helpers/cli.js';

export const ACME_SEED = join(ROOT, 'examples', 'acme', 'sandbox.yaml');
export const ACME_CORP = '1200000000000001';
export const TEAMS = {
  engineering: '1200000000000011',
  design: '1200000000000012',
  marketing: '1200000000000013',
  sales: '1200000000000014',
  security: '1200000000000015',
} as const;

export function startAcme(options: Partial<SandboxOptions> = {}): Promise<Sandbox> {
  return startSandbox({ seed: ACME_SEED, port: 0, ...options });
}

export function tempDir(label: string): string {
  return mkdtempSync(join(tmpdir(), `asana-access-${label}-`));
}

/** Writes a config file and returns its path. */
export function writeConfig(dir: string, yaml: string, name = 'access.yaml'): string {
  const path = join(dir, name);
  writeFileSync(path, yaml);
  return path;
}

/** Runs the compiled CLI against the sandbox with the given token (default: the service account). */
export function cli(
  sb: Sandbox,
  args: string[],
  options: CliOptions & { token?: string } = {},
): Promise<CliResult> {
  const { token, env, ...rest } = options;
  return runCli(args, {
    ...rest,
    env: { ASANA_BASE_URL: sb.apiBaseUrl, ASANA_TOKEN: token ?? ACME_TOKENS.serviceAccount, ...env },
  });
}

/** A hand change through the sandbox's REST API, with the admin PAT. Throws unless Asana says 2xx. */
export async function handChange(sb: Sandbox, path: string, user: string): Promise<void> {
  const res = await fetch(`${sb.apiBaseUrl}${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${ACME_TOKENS.adminPat}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ data: { user } }),
  });
  if (!res.ok) throw new Error(`hand change ${path} ${user}: HTTP ${res.status} ${await res.text()}`);
}

function memberEmail(m: string | { user: string }): string {
  return (typeof m === 'string' ? m : m.user).toLowerCase();
}

/** Emails of a team's members in the sandbox now. */
export function teamMembers(sb: Sandbox, teamGid: string): string[] {
  return teamMembersIn(sb.state(), teamGid);
}

export function teamMembersIn(seed: Seed, teamGid: string): string[] {
  for (const ws of seed.workspaces) {
    for (const t of ws.teams ?? []) if (t.gid === teamGid) return (t.members ?? []).map(memberEmail).sort();
  }
  throw new Error(`no team ${teamGid} in the sandbox`);
}

/** Emails of a workspace's members in the sandbox now. */
export function workspaceMembers(sb: Sandbox, workspaceGid: string): string[] {
  const ws = sb.state().workspaces.find((w) => w.gid === workspaceGid);
  if (!ws) throw new Error(`no workspace ${workspaceGid} in the sandbox`);
  return (ws.members ?? []).map(memberEmail).sort();
}

/** Runs `plan --format json` and returns the number of actions (the suite's convergence check). */
export async function plannedActions(sb: Sandbox, config: string, token?: string): Promise<number> {
  const r = await cli(sb, ['plan', config, '--format', 'json', '--quiet'], { token });
  if (r.code !== 0) throw new Error(`plan failed (${r.code}): ${r.stderr}${r.stdout}`);
  return (JSON.parse(r.stdout) as { actions: unknown[] }).actions.length;
}

/** The acme organization's own members (no guests). */
export const ACME_MEMBERS = [
  'ada.lindqvist',
  'marcus.oyelaran',
  'priya.raman',
  'helen.park',
  'tomas.novak',
  'li.wei',
  'sofia.marquez',
  'jamal.carter',
  'noor.haddad',
  'erik.johansson',
  'yuki.tanaka',
  'daniel.okafor',
  'clara.dubois',
  'mateo.rossi',
  'aisha.bello',
  'finn.murphy',
  'grace.kim',
  'oliver.schmidt',
  'zara.ahmed',
  'lucas.martin',
  'emma.wilson',
  'raj.patel',
  'hannah.berg',
  'diego.fernandez',
  'chloe.nguyen',
  'samuel.mensah',
  'ines.costa',
  'viktor.petrov',
  'mei.chen',
  'kwame.asante',
  'laura.bianchi',
  'peter.walsh',
  'olga.ivanova',
  'ben.hughes',
  'nadia.karimi',
].map((n) => `${n}@acme.example`);

/** Every acme member in every public team (additive): ~145 independent team grants. */
export function everyoneEverywhereConfig(): string {
  const teams = ['Engineering', 'Design', 'Marketing', 'Sales', 'Security'];
  const list = `[${ACME_MEMBERS.join(', ')}]`;
  return [
    'version: 1',
    'users:',
    ...ACME_MEMBERS.map((m) => `  ${m}:`),
    'workspaces:',
    '  Acme Corp:',
    '    policy: additive',
    `    members: ${list}`,
    '    teams:',
    ...teams.flatMap((t) => [`      ${t}:`, `        members: ${list}`]),
    '',
  ].join('\n');
}

/** Every token the acme seed defines: none may appear in any output or file. */
export const ALL_TOKENS = Object.values(ACME_TOKENS);
