// Markdown building blocks for reports posted to GitHub (pull-request comments, issues): escaping,
// collapsible sections, and fitting a report under GitHub's comment size limit.

/** GitHub refuses comments over 65,536 characters; reports stay under this with room to spare. */
export const MARKDOWN_LIMIT = 65_000;

/** Escapes text so that Markdown and HTML render it literally. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>|~#&]/g, (ch) =>
    ch === '<' ? '&lt;' : ch === '>' ? '&gt;' : ch === '&' ? '&amp;' : `\\${ch}`,
  );
}

/** Inline code (emails, ids, locations): literal, and never turned into links. */
export function code(text: string): string {
  const fence = text.includes('`') ? '``' : '`';
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** Escapes text for use inside HTML (a <summary>). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch]!);
}

/** A collapsible section; `summary` is HTML, `body` Markdown. */
export function details(summary: string, body: string, open = false): string {
  return `<details${open ? ' open' : ''}><summary>${summary}</summary>\n\n${body.trimEnd()}\n\n</details>\n`;
}

/** A fenced code block whose fence cannot be closed by its content. */
export function fenced(language: string, body: string): string {
  const longest = Math.max(2, ...[...body.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${language}\n${body.trimEnd()}\n${fence}\n`;
}

/** One section of a long report: its full form, and a one-line form used when space runs out. */
export interface Section {
  full: string;
  short: string;
  /** What the section holds, for the note that says what was left out (e.g. { actions: 3, manual: 1 }). */
  counts: Record<string, number>;
}

export interface Fitted {
  text: string;
  /** Sections shown in their one-line form. */
  shortened: Section[];
  /** Sections not shown at all. */
  omitted: Section[];
}

/**
 * Joins `head`, the sections and `tail` if the result fits in `limit` characters. Otherwise keeps
 * sections whole, in order, while the rest can still be listed in their short form, lists the rest
 * short, drops short lines from the end if even those do not fit, and ends with `note(...)`, which
 * must say what was left out (its length is reserved up front, so the result always fits).
 */
export function fitSections(
  head: string,
  sections: readonly Section[],
  tail: string,
  limit: number,
  note: (shortened: readonly Section[], omitted: readonly Section[]) => string,
): Fitted {
  const whole = head + sections.map((s) => s.full).join('') + tail;
  if (whole.length <= limit) return { text: whole, shortened: [], omitted: [] };
  // The note for "everything left out" is the longest it can be: its counts are the largest.
  const reserve = note(sections, sections).length + 1;
  const budget = limit - head.length - tail.length - reserve;
  const shortLen = sections.map((s) => s.short.length);
  // suffixShort[i] = length of the short forms of sections i..end.
  const suffixShort = new Array<number>(sections.length + 1).fill(0);
  for (let i = sections.length - 1; i >= 0; i--) suffixShort[i] = suffixShort[i + 1]! + shortLen[i]!;
  const parts: string[] = [];
  const shortened: Section[] = [];
  const omitted: Section[] = [];
  let used = 0;
  let shortMode = false;
  sections.forEach((s, i) => {
    if (!shortMode && used + s.full.length + suffixShort[i + 1]! <= budget) {
      parts.push(s.full);
      used += s.full.length;
      return;
    }
    shortMode = true;
    if (used + s.short.length <= budget) {
      parts.push(s.short);
      used += s.short.length;
      shortened.push(s);
    } else {
      omitted.push(s);
    }
  });
  const text = `${head}${parts.join('')}\n${note(shortened, omitted)}${tail}`;
  return { text, shortened, omitted };
}
