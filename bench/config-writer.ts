// Writes the desired config of the synthetic domain as YAML in the format of docs/config.md
// (schemas/config.schema.json): a directory of files, as an administrator would split it:
// users.yaml (who, with which license), organization.yaml (settings, policy, the organization's
// members) and teams-NN.yaml (the teams, 250 a file).
// Written as text line by line: yaml.stringify on 100,000 members costs seconds and says nothing.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChangeSet } from './changes.js';
import type { DomainView } from './domain.js';
import { desiredLists, revocationLimitFor } from './states.js';

/** A YAML double-quoted scalar (JSON's escapes are valid YAML). */
const q = (s: string): string => JSON.stringify(s);

export interface WrittenConfig {
  dir: string;
  files: string[];
  bytes: number;
}

/** Teams per file: a large organization keeps its teams in several files, merged by the loader. */
export const TEAMS_PER_FILE = 250;

export function writeDesiredConfig(dir: string, d: DomainView, c: ChangeSet): WrittenConfig {
  const lists = desiredLists(d, c);
  mkdirSync(dir, { recursive: true });
  const header = "# The bench's synthetic desired state, written by bench/config-writer.ts.\nversion: 1\n";
  const out: Array<{ name: string; text: string }> = [];

  const users: string[] = [header, 'users:\n'];
  for (const u of lists.users) users.push(`  ${u.email}: { license: ${u.license}, name: ${q(u.name)} }\n`);
  out.push({ name: 'users.yaml', text: users.join('') });

  const org: string[] = [header];
  org.push('settings:\n');
  org.push(`  defaultWorkspace: ${q(d.org.name)}\n  manageLicenses: true\n  newAccountLicense: view-only\n`);
  org.push('policy:\n');
  org.push('  membership: authoritative\n');
  org.push(`  revocationLimit: { count: ${revocationLimitFor(c)} }\n`);
  org.push(`  ignore: [${q(d.token.email)}]\n`);
  org.push('workspaces:\n');
  org.push(`  ${q(d.org.name)}:\n    policy: authoritative\n    members:\n`);
  for (const email of lists.orgMembers) {
    org.push(lists.orgAdmins.has(email) ? `      - { user: ${email}, role: admin }\n` : `      - ${email}\n`);
  }
  out.push({ name: 'organization.yaml', text: org.join('') });

  for (let first = 0; first < lists.teams.length; first += TEAMS_PER_FILE) {
    const part: string[] = [header, 'workspaces:\n', `  ${q(d.org.name)}:\n    teams:\n`];
    for (const t of lists.teams.slice(first, first + TEAMS_PER_FILE)) {
      if (t.members.length === 0) {
        part.push(`      ${q(t.name)}: { members: [] }\n`);
        continue;
      }
      part.push(`      ${q(t.name)}:\n        members:\n`);
      for (const email of t.members) {
        const role = t.roles.get(email);
        part.push(role ? `          - { user: ${email}, role: ${role} }\n` : `          - ${email}\n`);
      }
    }
    const n = String(first / TEAMS_PER_FILE + 1).padStart(2, '0');
    out.push({ name: `teams-${n}.yaml`, text: part.join('') });
  }

  const files = out.map((f) => join(dir, f.name));
  for (const [i, f] of out.entries()) writeFileSync(files[i]!, f.text);
  return { dir, files, bytes: out.reduce((n, f) => n + Buffer.byteLength(f.text), 0) };
}
