// The config layer's public surface: YAML files → DesiredState (offline).
export type { Diagnostic, Severity } from './diagnostic.js';
export { formatDiagnostic } from './diagnostic.js';
export { ignoreMatcher, isEmail, normalizeEmail } from './emails.js';
export type { ConfigSummary, LoadOptions, LoadResult } from './load.js';
export { DEFAULT_CONFIG_PATH, digestDesiredState, loadDesiredState, summarize } from './load.js';
export { SCHEMA_URL } from './schema-check.js';
export { MAX_FILE_BYTES } from './source-files.js';
export type { ValidationReport } from './validation-report.js';
export { VALIDATION_FORMAT_VERSION, validationReport, validationText } from './validation-report.js';
