// The plan's JSON schema (schemas/plan.schema.json), compiled once for tests: every plan a test
// produces is checked against it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { Plan } from '../../src/model/index.js';
import { ROOT } from '../helpers/cli.js';

// ajv-formats is CommonJS: its default export arrives wrapped under ESM.
const addFormats =
  (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;

const ajv = new Ajv({ allErrors: true, strict: true });
(addFormats as unknown as (a: Ajv) => void)(ajv);

export const planSchema = JSON.parse(readFileSync(join(ROOT, 'schemas', 'plan.schema.json'), 'utf8'));
const validate = ajv.compile(planSchema);

/** '' when `data` is a valid plan, else ajv's errors in words. */
export function planSchemaErrors(data: unknown): string {
  return validate(data) ? '' : ajv.errorsText(validate.errors);
}

/** Round-trips through JSON (as a saved plan would) and validates. */
export function savedPlanErrors(plan: Plan): string {
  return planSchemaErrors(JSON.parse(JSON.stringify(plan)));
}
