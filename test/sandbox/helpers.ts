// Shared by the sandbox tests: the acme seed, its gids, and a small HTTP client over global fetch.
import { fileURLToPath } from 'node:url';
import {
  ACME_TOKENS,
  loadSeed,
  type Sandbox,
  type SandboxOptions,
  type Seed,
  startSandbox,
} from '../../src/sandbox/index.js';

export const ACME_SEED = fileURLToPath(new URL('../../examples/acme/sandbox.yaml', import.meta.url));
export { ACME_TOKENS };

/** Gids fixed in examples/acme/sandbox.yaml. */
export const ACME = {
  corp: '1200000000000001',
  lab: '1200000000000002',
  serviceAccount: '1200000000000009',
  teams: {
    engineering: '1200000000000011',
    design: '1200000000000012',
    marketing: '1200000000000013',
    sales: '1200000000000014',
    security: '1200000000000015',
    leadership: '1200000000000016',
  },
  users: {
    ada: '1200000000000101', // org admin, admin PAT
    priya: '1200000000000103',
    tomas: '1200000000000105', // Engineering team admin
    li: '1200000000000106',
    daniel: '1200000000000112', // view-only
    grace: '1200000000000117', // limited access in Design
    emma: '1200000000000121', // member PAT; Marketing member, Sales limited access
    mei: '1200000000000129', // limited access in Engineering
    laura: '1200000000000131', // view-only PAT
    george: '1200000000000136', // deprovisioned
    rosa: '1200000000000137', // account without memberships
    sam: '1200000000000138', // guest (contractor.example)
    julia: '1200000000000139', // guest (agency.example)
    ken: '1200000000000140', // contractor, only in the plain workspace
  },
} as const;

let acmeSeed: Seed | undefined;

/** A fresh sandbox of the acme seed (parsed once per test file: starting one then takes a few ms). */
export function startAcme(options: Partial<SandboxOptions> = {}): Promise<Sandbox> {
  acmeSeed ??= loadSeed(ACME_SEED);
  return startSandbox({ seed: acmeSeed, ...options });
}

// biome-ignore lint/suspicious/noExplicitAny: answers are JSON of many shapes, checked field by field by the tests.
export type Json = any;

export interface Answer {
  status: number;
  headers: Headers;
  /** Parsed JSON body (undefined when empty). */
  json: Json;
  text: string;
}

export interface CallOptions {
  token?: string | null;
  body?: unknown;
  signal?: AbortSignal;
}

/** Calls the sandbox: `path` is below /api/1.0 (or absolute from the root when it starts with /__sandbox). */
export async function call(
  sb: Sandbox,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<Answer> {
  const token = options.token === undefined ? ACME_TOKENS.adminPat : options.token;
  const headers: Record<string, string> = {};
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const base = path.startsWith('/__sandbox') ? sb.url : sb.apiBaseUrl;
  const res = await fetch(`${base}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: options.signal,
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, json, text };
}

export const get = (sb: Sandbox, path: string, options?: CallOptions) => call(sb, 'GET', path, options);
export const post = (sb: Sandbox, path: string, body: unknown, options?: CallOptions) =>
  call(sb, 'POST', path, { ...options, body });

/** Every item of a paginated REST list, following next_page. */
export async function getAll(sb: Sandbox, path: string, token?: string): Promise<Json[]> {
  const items: Json[] = [];
  let next: string | null = `${path}${path.includes('?') ? '&' : '?'}limit=100`;
  while (next) {
    const answer: Answer = await get(sb, next, { token });
    if (answer.status !== 200) throw new Error(`${next}: ${answer.status} ${answer.text}`);
    items.push(...answer.json.data);
    next = answer.json.next_page?.path ?? null;
  }
  return items;
}

/** The error message of an Asana error envelope. */
export function message(answer: Answer): string {
  return answer.json?.errors?.[0]?.message ?? '';
}
