// What `asana-access validate` prints: diagnostics and a one-line summary, as text or as JSON.
import { type Diagnostic, formatDiagnostic } from './diagnostic.js';
import { type ConfigSummary, type LoadResult, summarize } from './load.js';

export const VALIDATION_FORMAT_VERSION = 1;

/** The JSON document of `validate --format json`. */
export interface ValidationReport {
  formatVersion: typeof VALIDATION_FORMAT_VERSION;
  valid: boolean;
  /** Present when valid. */
  files?: string[];
  summary?: ConfigSummary;
  digest?: string;
  /** Errors and warnings, in file, line, column order. */
  diagnostics: Diagnostic[];
}

export function validationReport(result: LoadResult): ValidationReport {
  if (!result.ok)
    return { formatVersion: VALIDATION_FORMAT_VERSION, valid: false, diagnostics: result.diagnostics };
  return {
    formatVersion: VALIDATION_FORMAT_VERSION,
    valid: true,
    files: result.files,
    summary: summarize(result.state),
    digest: result.digest,
    diagnostics: result.warnings,
  };
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** One line per diagnostic, then `✓ 3 files, 42 users, 2 workspaces, 6 teams` or `✗ 2 errors`. */
export function validationText(result: LoadResult): string {
  const diagnostics = result.ok ? result.warnings : result.diagnostics;
  const lines = diagnostics.map(formatDiagnostic);
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
  const warned = warnings > 0 ? ` (${count(warnings, 'warning')})` : '';
  if (result.ok) {
    const s = summarize(result.state);
    lines.push(
      `✓ ${count(s.files, 'file')}, ${count(s.users, 'user')}, ${count(s.workspaces, 'workspace')}, ${count(s.teams, 'team')}${warned}`,
    );
  } else {
    lines.push(`✗ ${count(diagnostics.length - warnings, 'error')}${warned}`);
  }
  return `${lines.join('\n')}\n`;
}
