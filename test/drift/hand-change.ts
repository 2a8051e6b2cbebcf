// Changes made in the sandbox by hand, the way a person would: through its REST and SCIM API with
// one of the acme seed's tokens (never through the sandbox's internals).

async function call(url: string, token: string, method: string, body?: unknown): Promise<unknown> {
  const res = await fetch(url, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      accept: 'application/json',
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${url} answered ${res.status}: ${text}`);
  return text === '' ? undefined : JSON.parse(text);
}

/** POST /teams/{gid}/addUser, as a team or organization admin would. */
export async function addToTeam(
  apiBaseUrl: string,
  token: string,
  teamGid: string,
  user: string,
): Promise<void> {
  await call(`${apiBaseUrl}/teams/${teamGid}/addUser`, token, 'POST', { data: { user } });
}

/** SCIM: look the user up by email, then PATCH its userType (Asana's license). */
export async function setLicense(
  apiBaseUrl: string,
  token: string,
  email: string,
  userType: 'enterprise' | 'view only',
): Promise<void> {
  const filter = encodeURIComponent(`userName eq "${email}"`);
  const found = (await call(`${apiBaseUrl}/scim/Users?filter=${filter}`, token, 'GET')) as {
    Resources: { id: string }[];
  };
  const id = found.Resources[0]?.id;
  if (!id) throw new Error(`no SCIM user ${email}`);
  await call(`${apiBaseUrl}/scim/Users/${id}`, token, 'PATCH', {
    schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
    Operations: [{ op: 'replace', path: 'userType', value: userType }],
  });
}
