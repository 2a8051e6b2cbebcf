// The errors the Asana layer throws. Every failure that leaves src/asana/ is one of these two
// classes: an axios error carries the request config (with the Authorization header), so none may
// escape unwrapped.

export type AsanaErrorKind =
  | 'auth'
  | 'permission'
  | 'plan'
  | 'not-found'
  | 'bad-request'
  | 'rate-limited'
  | 'server'
  | 'network'
  | 'timeout'
  | 'malformed';

export interface AsanaApiErrorInit {
  kind: AsanaErrorKind;
  method: string;
  path: string;
  /** HTTP status; undefined when no answer arrived (network, timeout). */
  status?: number;
  /** Asana's `errors[].message` values. */
  asanaMessages?: string[];
  /** Asana's `errors[].phrase` (500s), to quote to Asana support. */
  phrase?: string;
  /** How many times the request was sent (1 = no retry). */
  attempts?: number;
  /** Technical detail for the one-line message (network error code, what was malformed, ...). */
  detail?: string;
}

/** An Asana request that failed. `.message` is one line a person understands; never holds the token. */
export class AsanaApiError extends Error {
  override readonly name = 'AsanaApiError';
  readonly kind: AsanaErrorKind;
  readonly status: number | undefined;
  readonly method: string;
  readonly path: string;
  readonly asanaMessages: string[];
  readonly phrase: string | undefined;
  readonly detail: string | undefined;
  readonly attempts: number;

  constructor(init: AsanaApiErrorInit) {
    super(describe(init));
    this.kind = init.kind;
    this.status = init.status;
    this.method = init.method.toUpperCase();
    this.path = init.path;
    this.asanaMessages = init.asanaMessages ?? [];
    this.phrase = init.phrase;
    this.detail = init.detail;
    this.attempts = init.attempts ?? 1;
  }
}

/** A connection setting is wrong (missing token, unreadable token file, unsafe base URL). */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

function quote(messages: string[] | undefined): string {
  const m = (messages ?? []).filter((s) => s.trim() !== '');
  return m.length === 0 ? '' : `: Asana says "${m.join('; ')}"`;
}

function describe(init: AsanaApiErrorInit): string {
  const where = `${init.method.toUpperCase()} ${init.path}`;
  const said = quote(init.asanaMessages);
  const status = init.status === undefined ? '' : ` (HTTP ${init.status})`;
  const tries = (init.attempts ?? 1) > 1 ? ` after ${init.attempts} attempts` : '';
  switch (init.kind) {
    case 'auth':
      return `the token was rejected by Asana${status} on ${where}; check ASANA_TOKEN or --token-file (expired, revoked or mistyped token)${said}`;
    case 'plan':
      return `${where} needs a higher Asana plan${status}: this feature (SCIM, license management, service accounts) is available on Enterprise and Enterprise+ domains only${said}`;
    case 'permission':
      return `the token is not allowed to ${where}${status}: ${permissionHint(init.path)}${said}`;
    case 'not-found':
      return `${where} found nothing${status}: the object does not exist or the token cannot see it${said}`;
    case 'bad-request':
      return `Asana refused ${where} as a bad request${status}${init.detail ? `: ${init.detail}` : ''}${said}`;
    case 'rate-limited':
      return `Asana kept rate-limiting ${where}${status}${tries}; lower --rate-limit or try later${said}`;
    case 'server':
      return `Asana failed on ${where}${status}${tries}${said}${init.phrase ? ` (error phrase for Asana support: "${init.phrase}")` : ''}`;
    case 'network':
      if (init.status !== undefined)
        return `${where} was answered with a redirect${status}: ${init.detail ?? ''}`;
      return `could not reach Asana for ${where}${init.detail ? ` (${init.detail})` : ''}${tries}; check the network and ASANA_BASE_URL`;
    case 'timeout':
      return `${where} timed out${tries}; raise --timeout or try later`;
    case 'malformed':
      return `Asana's answer to ${where} is not what the API documents${status}: ${init.detail ?? 'unexpected shape'}`;
  }
}

function permissionHint(path: string): string {
  if (path.includes('/scim')) {
    return 'SCIM needs an Enterprise service-account token (Admin console → Apps → Service accounts)';
  }
  if (/\/workspaces\/[^/]+\/(addUser|removeUser)/.test(path)) {
    return 'changing workspace members needs a workspace/organization admin (or a service-account token)';
  }
  if (/\/teams\/[^/]+\/(addUser|removeUser)/.test(path)) {
    return "changing team members needs the token's user to be a member or admin of that team (or a service-account token)";
  }
  return 'the token lacks the permission this request needs (admin rights, team membership, or a full license rather than view-only)';
}
