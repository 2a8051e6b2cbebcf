// What a route handler gets and gives back. Handlers are synchronous functions of the in-memory
// state, which is what lets POST /batch run actions through the very same handlers.
import type { OffsetCodec } from './pagination.js';
import type { DomainState, TokenRec, UserRec } from './state.js';

export interface Caller {
  token: TokenRec;
  user: UserRec;
  serviceAccount: boolean;
}

export interface RequestCtx {
  state: DomainState;
  caller: Caller;
  method: string;
  /** Path below /api/1.0 without the query, e.g. `/workspaces/123/teams`. */
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  /** The parsed JSON body (undefined for GET). */
  body: unknown;
  now: Date;
  apiBaseUrl: string;
  offsets: OffsetCodec;
}

export interface HandlerResult {
  status: number;
  /** JSON body; undefined sends no body (204). */
  body?: unknown;
  headers?: Record<string, string>;
  /** The state changed (it is persisted and counted). */
  mutated?: boolean;
}

export type Handler = (ctx: RequestCtx) => HandlerResult;

export type ApiKind = 'rest' | 'scim' | 'batch';

export interface RouteDef {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** The OpenAPI-style path template below /api/1.0, e.g. `/teams/{team_gid}/addUser`. */
  template: string;
  api: ApiKind;
  handler: Handler;
}

export function isWriteMethod(method: string): boolean {
  return method !== 'GET' && method !== 'HEAD';
}
