// Writes the desired config of the synthetic domain as YAML in the format of docs/config.md
// (schemas/config.schema.json): a directory of two files, as an administrator would split it:
// users.yaml (who, with which license) and access.yaml (settings, policy, workspace and teams).
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

export function writeDesiredConfig(dir: string, d: DomainView, c: ChangeSet): WrittenConfig {
  const lists = desiredLists(d, c);
  mkdirSync(dir, { recursive: true });
  const header = "# The bench's synthetic desired state, written by bench/config-writer.ts.\nversion: 1\n";

  const users: string[] = [header, 'users:\n'];
  for (const u of lists.users) {
    // Guests hold no domain license: their entry names them only.
    users.push(
      u.license === null
        ? `  ${u.email}: { name: ${q(u.name)} }\n`
        : `  ${u.email}: { license: ${u.license}, name: ${q(u.name)} }\n`,
    );
  }

  const access: string[] = [header];
  access.push('settings:\n');
  access.push(
    `  defaultWorkspace: ${q(d.org.name)}\n  manageLicenses: true\n  newAccountLicense: view-only\n`,
  );
  access.push('policy:\n');
  access.push('  membership: authoritative\n');
  access.push(`  revocationLimit: { count: ${revocationLimitFor(c)} }\n`);
  access.push(`  ignore: [${q(d.token.email)}]\n`);
  access.push('workspaces:\n');
  access.push(`  ${q(d.org.name)}:\n    policy: authoritative\n    members:\n`);
  for (const email of lists.orgMembers) access.push(`      - ${email}\n`);
  access.push('    teams:\n');
  for (const t of lists.teams) {
    if (t.members.length === 0) {
      access.push(`      ${q(t.name)}: { members: [] }\n`);
      continue;
    }
    access.push(`      ${q(t.name)}:\n        members:\n`);
    for (const email of t.members) access.push(`          - ${email}\n`);
  }

  const files = [join(dir, 'users.yaml'), join(dir, 'access.yaml')];
  const texts = [users.join(''), access.join('')];
  for (const [i, f] of files.entries()) writeFileSync(f, texts[i]!);
  return { dir, files, bytes: texts.reduce((n, t) => n + Buffer.byteLength(t), 0) };
}
