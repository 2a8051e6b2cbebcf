// Reading a saved plan (`plan --out plan.json`) back for `apply plan.json`. A plan file is trusted
// only if it is exactly what asana-access wrote: the same format version, the shape of
// schemas/plan.schema.json, a digest that matches its content, and a runnable dependency graph.
// Anything else is refused with one message naming the file and what is wrong.
import { readFileSync, statSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { PLAN_FORMAT_VERSION, type Plan } from '../model/index.js';
import { verifyPlanDigest } from '../plan/index.js';
import { checkGraph, GraphError } from './scheduler.js';

/** schemas/plan.schema.json; the same relative path from src/apply/ and dist/apply/. */
export const PLAN_SCHEMA_URL = new URL('../../schemas/plan.schema.json', import.meta.url);

/** A plan file that must not be applied; the message says which file and why. */
export class PlanFileError extends Error {
  override readonly name = 'PlanFileError';
}

let compiled: ValidateFunction | undefined;

function planValidator(): ValidateFunction {
  if (!compiled) {
    const schema = JSON.parse(readFileSync(PLAN_SCHEMA_URL, 'utf8')) as object;
    // Stop at the first error: only the first is shown, and collecting all of them for a large file
    // that is not a plan (50 MB of objects missing every field) took minutes.
    const ajv = new Ajv({ allErrors: false, strict: false });
    // ajv-formats is CommonJS: its default export arrives as the module object under NodeNext.
    const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
      addFormatsModule) as (a: Ajv) => void;
    addFormats(ajv);
    compiled = ajv.compile(schema);
  }
  return compiled;
}

export function readSavedPlan(path: string): Plan {
  let text: string;
  try {
    // A device or pipe (a link to /dev/zero, say) would be read without end.
    if (!statSync(path).isDirectory() && !statSync(path).isFile()) {
      throw new PlanFileError(`cannot read the plan file ${path}: it is not a regular file`);
    }
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if (err instanceof PlanFileError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new PlanFileError(`cannot read the plan file ${path}${code ? ` (${code})` : ''}`);
  }
  return parseSavedPlan(text, path);
}

/** Parses and checks a plan file's text; `path` is used in messages only. */
export function parseSavedPlan(text: string, path: string): Plan {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new PlanFileError(`${path} is not valid JSON: ${(err as Error).message}`);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data) || !('formatVersion' in data)) {
    throw new PlanFileError(
      `${path} is not an asana-access plan (no formatVersion); write one with \`asana-access plan --out ${path}\``,
    );
  }
  const version = (data as { formatVersion: unknown }).formatVersion;
  if (version !== PLAN_FORMAT_VERSION) {
    throw new PlanFileError(
      `${path} is in plan format version ${JSON.stringify(version)}; this asana-access applies format version ${PLAN_FORMAT_VERSION} only. Make the plan again with this version.`,
    );
  }
  const validate = planValidator();
  if (!validate(data)) {
    // The first error is the one that says what is wrong; the rest are mostly other branches of the
    // action union failing on the same value.
    const errors = validate.errors ?? [];
    const first = errors[0];
    const where = first === undefined || first.instancePath === '' ? '(top level)' : first.instancePath;
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more schema errors)` : '';
    throw new PlanFileError(
      `${path} does not match the plan format: ${where} ${first?.message ?? 'is invalid'}${more}`,
    );
  }
  const plan = data as Plan;
  if (!verifyPlanDigest(plan)) {
    throw new PlanFileError(
      `${path} was changed after it was made: its digest does not match its content. A plan cannot be edited by hand; make a new one with \`asana-access plan --out\`.`,
    );
  }
  try {
    checkGraph(plan.actions);
  } catch (err) {
    if (err instanceof GraphError) throw new PlanFileError(`${path} cannot be applied: ${err.message}`);
    throw err;
  }
  return plan;
}

/**
 * Why this plan must not be applied with this connection, or null: a plan is bound to the domain
 * (API base URL) and the token's user it was read with.
 */
export function domainMismatch(
  plan: Plan,
  baseUrl: string,
  me: { gid: string; email: string },
): string | null {
  const norm = (u: string) => u.replace(/\/+$/, '');
  if (norm(plan.domain.baseUrl) !== norm(baseUrl)) {
    return `the plan was made against ${plan.domain.baseUrl}, but this run talks to ${baseUrl} (ASANA_BASE_URL); apply it where it was made, or make a new plan`;
  }
  if (plan.domain.meGid !== me.gid) {
    return `the plan was made with the token of ${plan.domain.meEmail} (${plan.domain.meGid}), but this token belongs to ${me.email} (${me.gid}); apply it with the same token, or make a new plan`;
  }
  return null;
}
