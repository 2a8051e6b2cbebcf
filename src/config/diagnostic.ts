// Diagnostics: every problem the loader finds, pointing at a file, line and column.

export type Severity = 'error' | 'warning';

/** A problem in the configuration. `line` and `col` are 1-based; both are 0 when the problem is
 * about the file as a whole (missing, unreadable, too large, not text, empty). */
export interface Diagnostic {
  /** The file as the user named it (relative to the current directory when they typed it so). */
  file: string;
  line: number;
  col: number;
  message: string;
  severity: Severity;
  /** A stable, kebab-case identifier of the kind of problem, e.g. `unknown-user`. */
  code: string;
}

/** A position in a file, 1-based. */
export interface Pos {
  line: number;
  col: number;
}

/**
 * `file:line:col  message` (`file  message` for whole-file problems); warnings say so. Always one
 * line: control characters quoted from the YAML (a name with a line break) are shown escaped.
 */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.line > 0 ? `${d.file}:${d.line}:${d.col}` : d.file;
  return oneLine(`${where}  ${d.severity === 'warning' ? 'warning: ' : ''}${d.message}`);
}

function oneLine(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f]/g, (c) => JSON.stringify(c).slice(1, -1));
}

/** `file:line:col`, used inside messages that name a second place. */
export function formatPlace(file: string, pos: Pos): string {
  return `${file}:${pos.line}:${pos.col}`;
}

export function errorAt(file: string, pos: Pos, code: string, message: string): Diagnostic {
  return { file, line: pos.line, col: pos.col, message, severity: 'error', code };
}

export function warningAt(file: string, pos: Pos, code: string, message: string): Diagnostic {
  return { file, line: pos.line, col: pos.col, message, severity: 'warning', code };
}

export function fileError(file: string, code: string, message: string): Diagnostic {
  return { file, line: 0, col: 0, message, severity: 'error', code };
}

/**
 * Diagnostics in reading order (files in load order, then line, column), without exact duplicates,
 * so output is stable however the checks were run.
 */
export function sortDiagnostics(
  diagnostics: readonly Diagnostic[],
  fileOrder: readonly string[],
): Diagnostic[] {
  const rank = new Map(fileOrder.map((f, i) => [f, i]));
  const seen = new Set<string>();
  const unique = diagnostics.filter((d) => {
    const key = `${d.file}\0${d.line}\0${d.col}\0${d.severity}\0${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return unique.sort(
    (a, b) =>
      (rank.get(a.file) ?? Number.MAX_SAFE_INTEGER) - (rank.get(b.file) ?? Number.MAX_SAFE_INTEGER) ||
      a.file.localeCompare(b.file) ||
      a.line - b.line ||
      a.col - b.col ||
      a.message.localeCompare(b.message),
  );
}
