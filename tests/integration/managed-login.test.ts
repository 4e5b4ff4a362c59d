// The authorization code flow with PKCE against the local stack, as a web app runs it: the managed login URL
// the stack prints, its sign-in page posted like a browser, the code exchanged at /oauth2/token, the tokens used
// on the user routes, refreshed at /oauth2/token, and the session ended by POST /auth/sign-out (docs/managed-login.md).
import { createHash, randomBytes } from 'node:crypto';
import { PASSWORD, claimsOf, startTestStack, uniqueEmail, type TestStack } from './local-stack.js';

jest.setTimeout(60_000);

// The template's default ManagedLoginCallbackUrls and ManagedLoginSignOutUrls: the local browser app.
// The local stack makes the browser app's URL the client's callback and sign-out URL (local/stack.ts withAppUrls).
const appCallback = () => `${stack.state.appUrl ?? ''}/`;

let stack: TestStack;
let email: string;
beforeAll(async () => {
  stack = await startTestStack();
  email = uniqueEmail('managed-login');
  await stack.call('POST', '/auth/sign-up', { body: { email, password: PASSWORD } });
  await stack.call('POST', '/auth/confirm-sign-up', { body: { email, code: await stack.codeFor(email, 'SignUp') } });
});
afterAll(async () => {
  await stack?.deleteUser(email);
  await stack?.stop();
});

/** RFC 7636: a random verifier and its S256 challenge, BASE64URL(SHA256(verifier)). */
function pkce() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
const unescapeHtml = (text: string) => text.replace(/&(?:amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity] ?? entity);

/** The page's form as a browser would submit it: its action, and its fields with the user's entries. */
function formOf(html: string, pageUrl: string, entries: Record<string, string>): { action: string; fields: URLSearchParams } {
  const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
  if (!action) throw new Error(`no form on the sign-in page:\n${html}`);
  const fields = new URLSearchParams();
  for (const [, name = '', value = ''] of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g))
    fields.set(name, unescapeHtml(value));
  for (const [name, value] of Object.entries(entries)) {
    if (!html.includes(`name="${name}"`)) throw new Error(`the sign-in page has no ${name} field`);
    fields.set(name, value);
  }
  return { action: new URL(unescapeHtml(action), pageUrl).href, fields };
}

/** Opens the managed login URL with state and a PKCE challenge, signs in on its page, and follows it to the callback. */
async function authorize(challenge: string, password = PASSWORD): Promise<{ callback: URL; state: string }> {
  const state = randomBytes(16).toString('base64url');
  const pageUrl = `${stack.state.managedLoginUrl}&${new URLSearchParams({ state, code_challenge: challenge, code_challenge_method: 'S256' }).toString()}`;
  const page = await fetch(pageUrl, { redirect: 'manual' });
  expect(page.status).toBe(200);
  const { action, fields } = formOf(await page.text(), pageUrl, { username: email, password });
  const posted = await fetch(action, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: fields,
  });
  expect(posted.status).toBe(302);
  return { callback: new URL(posted.headers.get('location') ?? ''), state };
}

async function codeOf(challenge: string): Promise<string> {
  const { callback, state } = await authorize(challenge);
  expect(`${callback.origin}${callback.pathname}`).toBe(appCallback());
  expect(callback.searchParams.get('state')).toBe(state);
  return callback.searchParams.get('code') ?? '';
}

/** A public client's request to the token endpoint: its client_id in the form, no secret. */
async function tokenRequest(form: Record<string, string>) {
  const response = await fetch(stack.state.tokenUrl ?? '', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: stack.state.managedLoginClientId ?? '', ...form }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, string> };
}

const exchange = (code: string, verifier: string) =>
  tokenRequest({ grant_type: 'authorization_code', code, redirect_uri: appCallback(), code_verifier: verifier });

/** Waits for the next whole second: a sign-in in the very second of a sign-out has no record to tell it apart (docs/managed-login.md). */
const nextSecond = () => new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 10));

describe('managed login: the authorization code flow with PKCE on the local stack', () => {
  it('signs in on the sign-in page, exchanges the code once with its verifier, and calls the user routes with the token', async () => {
    expect(stack.state.managedLoginUrl).toMatch(/\/oauth2\/authorize\?client_id=/);

    const refused = pkce();
    const wrongVerifier = await exchange(await codeOf(refused.challenge), pkce().verifier);
    expect(wrongVerifier).toEqual({ status: 400, body: { error: 'invalid_grant' } });

    const { verifier, challenge } = pkce();
    const code = await codeOf(challenge);
    const exchanged = await exchange(code, verifier);
    expect(exchanged.status).toBe(200);
    expect(exchanged.body).toMatchObject({ token_type: 'Bearer', access_token: expect.any(String), refresh_token: expect.any(String) });
    expect(await exchange(code, verifier)).toEqual({ status: 400, body: { error: 'invalid_grant' } });

    const { access_token: accessToken, id_token: idToken } = exchanged.body;
    expect(claimsOf(accessToken ?? '')).toMatchObject({
      client_id: stack.state.managedLoginClientId,
      scope: 'openid email profile aws.cognito.signin.user.admin',
      origin_jti: expect.any(String),
    });
    expect(claimsOf(idToken ?? '')).toMatchObject({ email, aud: stack.state.managedLoginClientId });

    const me = await stack.call('GET', '/me', { token: accessToken });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ email, emailVerified: true });
    const sent = await stack.call('POST', '/messages', {
      token: accessToken,
      body: { to: email, subject: 'Hi', body: 'From managed login' },
    });
    expect(sent.status).toBe(201);
    const inbox = await stack.call('GET', '/messages?box=inbox', { token: accessToken });
    expect(inbox.status).toBe(200);
    expect(inbox.body?.items).toEqual([expect.objectContaining({ id: sent.body?.id, subject: 'Hi' })]);
  });

  it('refreshes at /oauth2/token with rotation, not at POST /auth/refresh; a sensitive change needs a sign-in through the API', async () => {
    const { verifier, challenge } = pkce();
    const tokens = (await exchange(await codeOf(challenge), verifier)).body;

    const refreshed = await tokenRequest({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token ?? '' });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refresh_token).toEqual(expect.any(String));
    expect(refreshed.body.refresh_token).not.toBe(tokens.refresh_token);
    expect(claimsOf(refreshed.body.access_token ?? '').origin_jti).toBe(claimsOf(tokens.access_token ?? '').origin_jti);
    expect((await stack.call('GET', '/me', { token: refreshed.body.access_token })).status).toBe(200);

    // The API's refresh uses the API client, which the managed login client's refresh tokens do not belong to.
    const viaApi = await stack.call('POST', '/auth/refresh', { body: { refreshToken: refreshed.body.refresh_token } });
    expect(viaApi.status).toBe(401);
    expect(viaApi.body?.code).toBe('InvalidRefreshToken');

    // The session has no record of a sign-in through the API, so it is never recent (docs/sessions.md).
    const sensitive = await stack.call('DELETE', '/me/mfa', { token: refreshed.body.access_token });
    expect(sensitive.status).toBe(401);
    expect(sensitive.body?.code).toBe('RecentSignInRequired');
  });

  it('ends the session on every route at POST /auth/sign-out, refuses its refresh token, and signs in again afterwards', async () => {
    const { verifier, challenge } = pkce();
    const tokens = (await exchange(await codeOf(challenge), verifier)).body;
    const accessToken = tokens.access_token ?? '';

    const signOut = await stack.call('POST', '/auth/sign-out', { token: accessToken, body: { refreshToken: tokens.refresh_token } });
    expect(signOut.status).toBe(204);
    for (const [method, path] of [
      ['GET', '/me'],
      ['GET', '/messages'],
    ] as const) {
      const after = await stack.call(method, path, { token: accessToken });
      expect({ route: `${method} ${path}`, status: after.status, code: after.body?.code }).toEqual({
        route: `${method} ${path}`,
        status: 401,
        code: 'SessionEnded',
      });
      expect(after.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
    }
    expect(await tokenRequest({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token ?? '' })).toEqual({
      status: 400,
      body: { error: 'invalid_grant' },
    });

    // The managed login's /logout clears its own session and goes back to a registered sign-out URL.
    const logout = await fetch(
      `${stack.state.cognitoEndpoint}/logout?${new URLSearchParams({ client_id: stack.state.managedLoginClientId ?? '', logout_uri: appCallback() }).toString()}`,
      { redirect: 'manual' },
    );
    expect(logout.status).toBe(302);
    expect(logout.headers.get('location')).toBe(appCallback());

    await nextSecond();
    const again = pkce();
    const next = (await exchange(await codeOf(again.challenge), again.verifier)).body;
    expect((await stack.call('GET', '/me', { token: next.access_token })).status).toBe(200);
  });
});
