// The drift report's JSON schema, compiled once for tests.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { ROOT } from '../helpers/cli.js';

// ajv-formats is CommonJS: its default export arrives wrapped under ESM.
const addFormats =
  (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;

const ajv = new Ajv({ allErrors: true, strict: true });
(addFormats as unknown as (a: Ajv) => void)(ajv);

export const validateDriftReport = ajv.compile(
  JSON.parse(readFileSync(join(ROOT, 'schemas', 'drift.schema.json'), 'utf8')),
);

export function schemaErrors(data: unknown): string {
  return validateDriftReport(data) ? '' : ajv.errorsText(validateDriftReport.errors);
}
