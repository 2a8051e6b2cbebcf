// A tiny HTTP server for client unit tests: each request is recorded and answered by a handler that
// returns a status and body, or asks for the connection to be reset or left hanging.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StubRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: unknown;
  at: number;
}

export type StubAnswer =
  | { status: number; body?: unknown; headers?: Record<string, string>; raw?: string }
  | 'reset'
  | 'hang';

export interface Stub {
  url: string;
  /** The REST base to give the client. */
  baseUrl: string;
  requests: StubRequest[];
  close(): Promise<void>;
}

export async function startStub(
  handler: (req: StubRequest, n: number) => StubAnswer | Promise<StubAnswer>,
): Promise<Stub> {
  const requests: StubRequest[] = [];
  const server = http.createServer((req, res) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (d: string) => {
      text += d;
    });
    req.on('end', async () => {
      const url = new URL(req.url ?? '/', 'http://stub');
      const record: StubRequest = {
        method: req.method ?? 'GET',
        path: url.pathname.replace(/^\/api\/1\.0/, ''),
        query: url.searchParams,
        headers: req.headers,
        body: text === '' ? undefined : JSON.parse(text),
        at: Date.now(),
      };
      requests.push(record);
      const answer = await handler(record, requests.length);
      if (answer === 'reset') {
        req.socket.destroy();
        return;
      }
      if (answer === 'hang') return;
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      res.end(answer.raw ?? (answer.body === undefined ? '' : JSON.stringify(answer.body)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    baseUrl: `${url}/api/1.0`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Client options for fast tests: short backoff, no rate window unless a test sets one. */
export const FAST = { retryBaseMs: 5, maxRetries: 3, timeoutMs: 2000, rateLimitPerMinute: 0 } as const;

export const TOKEN = 'stub-token-3f9a1c77-never-print-me';
