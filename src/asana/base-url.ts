// Which base URLs the client may send a token to: HTTPS anywhere, plain HTTP only to this machine.
import { ConfigError } from './errors.js';

export const DEFAULT_BASE_URL = 'https://app.asana.com/api/1.0';

/** True for localhost, 127.0.0.0/8 and ::1: traffic that never leaves the machine. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (host === '::1' || host === '0:0:0:0:0:0:0:1') return true;
  const m = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  return m?.slice(1).every((n) => Number(n) <= 255) ?? false;
}

/**
 * Checks and normalizes a base URL (no trailing slash). Throws a ConfigError for anything a token
 * must not be sent to: another scheme, plain HTTP to a remote host, credentials or a query in the URL.
 */
export function checkBaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`ASANA_BASE_URL is not a URL: ${JSON.stringify(raw)}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfigError(`ASANA_BASE_URL must be an https:// URL, got ${url.protocol}//…`);
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new ConfigError(
      `refusing to send the token over plain HTTP to ${url.hostname}: ASANA_BASE_URL must use https:// (http:// is allowed only for localhost, 127.0.0.0/8 and ::1)`,
    );
  }
  if (url.username !== '' || url.password !== '') {
    throw new ConfigError('ASANA_BASE_URL must not contain a user name or password');
  }
  if (url.search !== '' || url.hash !== '') {
    throw new ConfigError('ASANA_BASE_URL must not contain a query (?…) or fragment (#…)');
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}
