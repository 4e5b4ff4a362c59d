// The hosted domain's code flow with PKCE: /oauth2/authorize and its sign-in page, /oauth2/token
// (authorization_code, refresh_token), /oauth2/userInfo and /logout (docs/local-emulation.md).
import { createHash, randomBytes } from 'node:crypto';
import {
  AssociateSoftwareTokenCommand,
  GetUserCommand,
  SetUserMFAPreferenceCommand,
  VerifySoftwareTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { stepAt, totpCode } from '../../../../local/cognito/totp.js';
import { PASSWORD, startTestEmulator, type TestEmulator } from './emulator.js';

const CALLBACK = 'http://localhost:5173/callback';
const SCOPES = ['openid', 'email', 'profile', 'aws.cognito.signin.user.admin'];

let t: TestEmulator;
let clientId: string;
beforeEach(async () => {
  t = await startTestEmulator();
  clientId = await t.client({
    AllowedOAuthFlowsUserPoolClient: true,
    AllowedOAuthFlows: ['code'],
    AllowedOAuthScopes: SCOPES,
    CallbackURLs: [CALLBACK],
    LogoutURLs: ['http://localhost:5173/'],
  });
  await t.confirmedUser('flo@example.com');
});
afterEach(() => t.stop());

const verifier = randomBytes(32).toString('base64url');
const challenge = createHash('sha256').update(verifier).digest('base64url');
const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as Record<string, unknown>;

const authorizeQuery = (extra: Record<string, string> = {}) =>
  new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: CALLBACK,
    scope: SCOPES.join(' '),
    state: 'xyz',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    nonce: 'n-1',
    ...extra,
  });
const get = (path: string, headers: Record<string, string> = {}) => fetch(`${t.emulator.endpoint}${path}`, { redirect: 'manual', headers });
const post = (path: string, form: Record<string, string>) =>
  fetch(`${t.emulator.endpoint}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  });
const signIn = (password = PASSWORD, extra: Record<string, string> = {}) =>
  post('/login', { ...Object.fromEntries(authorizeQuery(extra)), username: 'flo@example.com', password });
const codeOf = async (password = PASSWORD) =>
  new URL((await signIn(password)).headers.get('location') ?? '').searchParams.get('code') ?? '';
const exchange = (code: string, extra: Record<string, string> = {}) =>
  post('/oauth2/token', {
    grant_type: 'authorization_code',
    client_id: clientId,
    code,
    redirect_uri: CALLBACK,
    code_verifier: verifier,
    ...extra,
  });

describe('Cognito emulator: managed login code flow', () => {
  it('shows a sign-in page, redirects with a code and the state, and exchanges the code once with its PKCE verifier', async () => {
    const page = await get(`/oauth2/authorize?${authorizeQuery().toString()}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<label for="username">Email</label>');
    expect(html).toContain('<label for="password">Password</label>');
    const redirect = await signIn();
    expect(redirect.status).toBe(302);
    const location = new URL(redirect.headers.get('location') ?? '');
    expect(`${location.origin}${location.pathname}`).toBe(CALLBACK);
    expect(location.searchParams.get('state')).toBe('xyz');
    const code = location.searchParams.get('code') ?? '';
    const answer = await exchange(code);
    expect(answer.status).toBe(200);
    const tokens = (await answer.json()) as { access_token: string; id_token: string; refresh_token: string; token_type: string };
    expect(tokens.token_type).toBe('Bearer');
    expect(claimsOf(tokens.access_token).scope).toBe(SCOPES.join(' '));
    expect(claimsOf(tokens.id_token)).toMatchObject({ nonce: 'n-1', email: 'flo@example.com' });
    await expect(t.cognito.send(new GetUserCommand({ AccessToken: tokens.access_token }))).resolves.toHaveProperty('Username');
    expect(await (await exchange(code)).json()).toEqual({ error: 'invalid_grant' });
  });

  it('refuses a wrong verifier, another redirect_uri, and a code older than 5 minutes', async () => {
    expect(await (await exchange(await codeOf(), { code_verifier: 'x'.repeat(43) })).json()).toEqual({ error: 'invalid_grant' });
    expect(await (await exchange(await codeOf(), { redirect_uri: 'http://localhost:5173/other' })).json()).toEqual({
      error: 'invalid_grant',
    });
    const late = await codeOf();
    t.clock.advance(5 * 60_000);
    expect(await (await exchange(late)).json()).toEqual({ error: 'invalid_grant' });
  });

  it('never redirects to an unregistered redirect_uri, and sends other errors to the registered one', async () => {
    const unregistered = await get(`/oauth2/authorize?${authorizeQuery({ redirect_uri: 'https://evil.test/cb' }).toString()}`);
    expect(unregistered.status).toBe(400);
    expect(unregistered.headers.get('location')).toBeNull();
    const badScope = await get(`/oauth2/authorize?${authorizeQuery({ scope: 'openid phone' }).toString()}`);
    expect(badScope.status).toBe(302);
    expect(badScope.headers.get('location')).toBe(`${CALLBACK}?error=invalid_scope&state=xyz`);
  });

  it('shows the sign-in page again, with the error, after a wrong password', async () => {
    const answer = await signIn('Wrong-password-1234');
    expect(answer.status).toBe(400);
    expect(await answer.text()).toContain('<p role="alert">Incorrect username or password.</p>');
  });

  it('refreshes at /oauth2/token with the granted scopes, answers userInfo, and signs out to a registered URL', async () => {
    const tokens = (await (await exchange(await codeOf())).json()) as { access_token: string; refresh_token: string };
    const refreshed = (await (
      await post('/oauth2/token', { grant_type: 'refresh_token', client_id: clientId, refresh_token: tokens.refresh_token })
    ).json()) as { access_token: string; id_token: string };
    expect(claimsOf(refreshed.access_token).scope).toBe(SCOPES.join(' '));
    const info = await get('/oauth2/userInfo', { authorization: `Bearer ${refreshed.access_token}` });
    expect(await info.json()).toMatchObject({
      sub: claimsOf(refreshed.access_token).sub,
      email: 'flo@example.com',
      email_verified: 'true',
    });
    expect((await get('/oauth2/userInfo', { authorization: 'Bearer nope' })).status).toBe(401);
    const logout = await get(`/logout?client_id=${clientId}&logout_uri=${encodeURIComponent('http://localhost:5173/')}`);
    expect([logout.status, logout.headers.get('location')]).toEqual([302, 'http://localhost:5173/']);
    expect((await get(`/logout?client_id=${clientId}&logout_uri=${encodeURIComponent('https://evil.test/')}`)).status).toBe(400);
  });

  it('asks a user with TOTP MFA for a code on a second page, and redirects once it is right', async () => {
    const AccessToken = (await t.signIn('flo@example.com')).AuthenticationResult?.AccessToken;
    const { SecretCode = '' } = await t.cognito.send(new AssociateSoftwareTokenCommand({ AccessToken }));
    await t.cognito.send(new VerifySoftwareTokenCommand({ AccessToken, UserCode: totpCode(SecretCode, stepAt(t.clock.now())) }));
    await t.cognito.send(new SetUserMFAPreferenceCommand({ AccessToken, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } }));
    t.clock.advance(30_000);
    const second = await signIn();
    expect(second.status).toBe(200);
    const html = await second.text();
    expect(html).toContain('<label for="code">Code from your authenticator app</label>');
    const session = /name="session" value="([^"]+)"/.exec(html)?.[1] ?? '';
    const answer = (code: string) =>
      post('/login', {
        ...Object.fromEntries(authorizeQuery()),
        username: 'flo@example.com',
        session: session.replaceAll('&amp;', '&'),
        code,
      });
    const right = totpCode(SecretCode, stepAt(t.clock.now()));
    const wrong = await answer(right === '000000' ? '111111' : '000000');
    expect([wrong.status, (await wrong.text()).includes('Invalid code received for user')]).toEqual([400, true]);
    const done = await answer(right);
    expect(done.status).toBe(302);
    expect(new URL(done.headers.get('location') ?? '').searchParams.get('code')).toEqual(expect.any(String));
  });
});
