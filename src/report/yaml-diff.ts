// Declared-vs-actual member lists as a YAML diff (the `diff` package), so a reviewer sees a change the
// way it would look in the config file: unchanged members around it as context.
import { structuredPatch } from 'diff';
import { stringify } from 'yaml';

/**
 * A unified diff (without file headers) from the member list `before` to `after`, each rendered as
 * YAML `members:` lists; `context` unchanged lines around each change. Empty when they are equal.
 */
export function memberListDiff(before: readonly string[], after: readonly string[], context = 3): string {
  const patch = structuredPatch('asana', 'plan', membersYaml(before), membersYaml(after), '', '', {
    context,
  });
  const lines: string[] = [];
  for (const hunk of patch.hunks) {
    lines.push(`@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`);
    for (const line of hunk.lines) if (!line.startsWith('\\')) lines.push(line);
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

function membersYaml(members: readonly string[]): string {
  return stringify({ members: [...members] }, { lineWidth: 0 });
}
