// Error mapping: every failure is one AsanaApiError with a clear message, and never the token.
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { createAsanaClient } from '../../src/asana/client.js';
import { AsanaApiError } from '../../src/asana/errors.js';
import { FAST, type Stub, type StubAnswer, startStub, TOKEN } from './stub-server.js';

let stub: Stub | undefined;
afterEach(async () => {
  await stub?.close();
  stub = undefined;
});

async function failureOf(
  answer: StubAnswer,
  call: (c: ReturnType<typeof createAsanaClient>) => Promise<unknown> = (c) => c.me(),
) {
  stub = await startStub(() => answer);
  const client = createAsanaClient({ baseUrl: stub.baseUrl, token: TOKEN, ...FAST });
  const error = await call(client).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AsanaApiError);
  const e = error as AsanaApiError;
  // The token is nowhere in the error, however it is printed.
  for (const text of [e.message, String(e.stack), inspect(e, { depth: 10 }), JSON.stringify(e)]) {
    expect(text).not.toContain(TOKEN);
  }
  expect(e.message).not.toContain('\n');
  return e;
}

const asanaError = (status: number, message: string, phrase?: string): StubAnswer => ({
  status,
  body: { errors: [{ message, help: 'see docs', ...(phrase ? { phrase } : {}) }] },
});

describe('AsanaApiError from HTTP statuses', () => {
  it('401 says the token was rejected', async () => {
    const e = await failureOf(asanaError(401, 'Not Authorized'));
    expect(e).toMatchObject({
      kind: 'auth',
      status: 401,
      method: 'GET',
      path: '/users/me',
      asanaMessages: ['Not Authorized'],
    });
    expect(e.message).toMatch(
      /^the token was rejected by Asana \(HTTP 401\) on GET \/users\/me; check ASANA_TOKEN or --token-file/,
    );
    expect(stub!.requests).toHaveLength(1);
  });

  it('402 says which plan is needed', async () => {
    const e = await failureOf(asanaError(402, 'This feature is only available to premium users.'), (c) =>
      c.scimUsers(),
    );
    expect(e.kind).toBe('plan');
    expect(e.message).toMatch(/GET \/scim\/Users needs a higher Asana plan \(HTTP 402\).*Enterprise/);
    expect(e.message).toContain('Asana says "This feature is only available to premium users."');
  });

  it('403 says which permission is missing and quotes Asana', async () => {
    const e = await failureOf(asanaError(403, 'You must be an admin to remove users.'), (c) =>
      c.removeUserFromWorkspace('123', 'a@b.example'),
    );
    expect(e).toMatchObject({
      kind: 'permission',
      status: 403,
      method: 'POST',
      path: '/workspaces/123/removeUser',
    });
    expect(e.message).toContain('workspace/organization admin');
    expect(e.message).toContain('Asana says "You must be an admin to remove users."');
  });

  it('403 on SCIM names the service-account requirement', async () => {
    const e = await failureOf(asanaError(403, 'Forbidden'), (c) => c.scimUsers());
    expect(e.message).toContain('service-account token');
  });

  it('404 is not-found, and user() turns it into null', async () => {
    const e = await failureOf(asanaError(404, 'Unknown object: 999'), (c) => c.teams('999'));
    expect(e.kind).toBe('not-found');
    stub = await startStub(() => asanaError(404, 'No matching user'));
    const client = createAsanaClient({ baseUrl: stub.baseUrl, token: TOKEN, ...FAST });
    expect(await client.user('nobody@acme.example')).toBeNull();
    expect(stub.requests[0]!.path).toBe('/users/nobody@acme.example');
  });

  it('400 is bad-request and not retried', async () => {
    const e = await failureOf(asanaError(400, 'user: Missing input'));
    expect(e.kind).toBe('bad-request');
    expect(stub!.requests).toHaveLength(1);
  });

  it('a persistent 500 is retried, then ends in one error with the phrase', async () => {
    const e = await failureOf(asanaError(500, 'Server Error', 'six sad squid snuggle softly'));
    expect(e.kind).toBe('server');
    expect(e.phrase).toBe('six sad squid snuggle softly');
    expect(e.attempts).toBe(4);
    expect(stub!.requests).toHaveLength(4);
    expect(e.message).toMatch(/Asana failed on GET \/users\/me \(HTTP 500\) after 4 attempts.*six sad squid/);
  });

  it('a message that echoes the token is redacted', async () => {
    const e = await failureOf(asanaError(400, `bad token ${TOKEN}`));
    expect(e.asanaMessages).toEqual(['bad token [redacted]']);
  });
});

describe('answers that are not what the API documents', () => {
  it('a non-JSON 200 body is malformed', async () => {
    const e = await failureOf({ status: 200, raw: '<html>proxy login</html>' });
    expect(e.kind).toBe('malformed');
    expect(e.message).toMatch(/not what the API documents.*not JSON/);
  });

  it('a missing data envelope is malformed', async () => {
    const e = await failureOf({ status: 200, body: { gid: '1' } });
    expect(e.message).toContain('no "data" field');
  });

  it('a gid that is not a string of digits is malformed and names the field', async () => {
    const e = await failureOf({ status: 200, body: { data: { gid: 12, name: 'x', email: 'x@y' } } });
    expect(e.message).toContain('data.gid should be a string, got number 12');
  });

  it('a list page without next_page is malformed', async () => {
    const e = await failureOf({ status: 200, body: { data: [] } }, (c) => c.workspaces());
    expect(e.message).toContain('no "next_page" field');
  });

  it('a membership with a non-boolean flag is malformed and names the item', async () => {
    const e = await failureOf(
      {
        status: 200,
        body: {
          data: [
            {
              gid: '5',
              user: { gid: '6', name: 'A', email: 'a@x' },
              is_active: 'yes',
              is_admin: false,
              is_guest: false,
              is_view_only: false,
            },
          ],
          next_page: null,
        },
      },
      (c) => c.workspaceMemberships('1'),
    );
    expect(e.message).toContain('page 1 data[0].is_active should be true or false');
  });

  it('a SCIM page without totalResults is malformed', async () => {
    const e = await failureOf({ status: 200, body: { Resources: [] } }, (c) => c.scimUsers());
    expect(e.message).toContain('totalResults should be a number');
  });
});

describe('transport failures', () => {
  it('a redirect is never followed and never carries the token elsewhere', async () => {
    const elsewhere = await startStub(() => ({
      status: 200,
      body: { data: { gid: '1', name: 'x', email: 'x@y' } },
    }));
    try {
      const e = await failureOf({ status: 302, headers: { location: `${elsewhere.url}/steal?x=1` } });
      expect(e.kind).toBe('network');
      expect(e.message).toMatch(/redirect \(HTTP 302\).*never followed/);
      expect(e.message).not.toContain('x=1');
      expect(elsewhere.requests).toHaveLength(0);
    } finally {
      await elsewhere.close();
    }
  });

  it('a connection that is always reset ends in one network error after the retries', async () => {
    const e = await failureOf('reset');
    expect(e.kind).toBe('network');
    expect(e.detail).toBe('ECONNRESET');
    expect(stub!.requests).toHaveLength(4);
  });

  it('a request that hangs times out, is retried, then fails as a timeout', async () => {
    stub = await startStub(() => 'hang');
    const client = createAsanaClient({
      baseUrl: stub.baseUrl,
      token: TOKEN,
      ...FAST,
      timeoutMs: 100,
      maxRetries: 1,
    });
    const e = (await client.me().catch((x: unknown) => x)) as AsanaApiError;
    expect(e).toBeInstanceOf(AsanaApiError);
    expect(e.kind).toBe('timeout');
    expect(e.message).toMatch(/GET \/users\/me timed out after 2 attempts; raise --timeout/);
    expect(stub.requests).toHaveLength(2);
  });

  it('nothing listening gives a network error naming the code', async () => {
    stub = await startStub(() => ({ status: 200 }));
    const baseUrl = stub.baseUrl;
    await stub.close();
    stub = undefined;
    const client = createAsanaClient({ baseUrl, token: TOKEN, ...FAST, maxRetries: 1 });
    const e = (await client.me().catch((x: unknown) => x)) as AsanaApiError;
    expect(e).toBeInstanceOf(AsanaApiError);
    expect(e.message).toMatch(/could not reach Asana for GET \/users\/me \(ECONNREFUSED\) after 2 attempts/);
    expect(inspect(e, { depth: 10 })).not.toContain(TOKEN);
  });
});
