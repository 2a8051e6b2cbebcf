// The tool's version, for the User-Agent. Read from package.json (two levels up from both src/asana
// and dist/asana), so it can never disagree with the published package.
import { readFileSync } from 'node:fs';

function readVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version?: unknown;
    };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

export const TOOL_VERSION = readVersion();
export const USER_AGENT = `asana-access/${TOOL_VERSION}`;
