// The hosted domain's browser endpoints, enough for the authorization code flow with PKCE:
// GET /oauth2/authorize (a minimal sign-in page instead of Cognito's managed login), POST /login (the
// page's form, with a TOTP step), GET /logout and GET /oauth2/userInfo. The code is exchanged at /oauth2/token.
// https://docs.aws.amazon.com/cognito/latest/developerguide/authorization-endpoint.html
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { postAuthentication } from './authentication.js';
import { startChallenge } from './challenges.js';
import { atomic, type Context } from './context.js';
import { CognitoError } from './errors.js';
import type { Client, Pool } from './model.js';
import { parse } from './store.js';
import { poolOf } from './records.js';
import { userOfAccessToken } from './sessions.js';
import { checkPassword, preAuthentication, respond, startAttempt } from './operations/sign-in.js';

export const AUTHORIZE_PATH = '/oauth2/authorize';
export const LOGIN_PATH = '/login';
export const LOGOUT_PATH = '/logout';
export const USER_INFO_PATH = '/oauth2/userInfo';

// An authorization code answers once, within 5 minutes.
// https://docs.aws.amazon.com/cognito/latest/developerguide/token-endpoint.html
export const CODE_LIFETIME_MS = 5 * 60_000;

const MAX_BODY_BYTES = 16 * 1024;
const OAUTH_PARAMETERS = [
  'response_type',
  'client_id',
  'redirect_uri',
  'state',
  'scope',
  'code_challenge',
  'code_challenge_method',
  'nonce',
];

/** What an authorization code stands for (kept as a challenge row named AUTHORIZATION_CODE). */
export interface AuthorizationCode {
  redirectUri: string;
  scopes: string[];
  codeChallenge?: string;
  nonce?: string;
}

class PageError extends Error {}

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] ?? char);

function page(response: ServerResponse, status: number, title: string, body: string): void {
  response
    .writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
    .end(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title></head><body><main><h1>${escape(title)}</h1>${body}</main></body></html>`,
    );
}

const clientOfId = (ctx: Context, clientId: string) =>
  clientId ? parse<Client>(ctx.store.get('SELECT data FROM clients WHERE id = ?', clientId)) : undefined;

/**
 * The checks Cognito makes before it shows its sign-in page: a client allowed the code flow, a
 * registered redirect_uri (else an error page, never a redirect), then the scopes and PKCE method
 * (errors sent to the redirect_uri).
 */
function authorizationRequest(
  ctx: Context,
  query: URLSearchParams,
): { client: Client; pool: Pool; redirect: URL; scopes: string[] } | { redirectError: URL } {
  const client = clientOfId(ctx, query.get('client_id') ?? '');
  if (!client) throw new PageError('invalid_request: unknown client_id');
  const redirectUri = query.get('redirect_uri') ?? '';
  if (!((client.CallbackURLs as string[] | undefined) ?? []).includes(redirectUri)) throw new PageError('redirect_mismatch');
  const redirect = new URL(redirectUri);
  const state = query.get('state');
  const fail = (error: string) => {
    redirect.searchParams.set('error', error);
    if (state) redirect.searchParams.set('state', state);
    return { redirectError: redirect };
  };
  if (query.get('response_type') !== 'code') return fail('unsupported_response_type');
  if (!client.AllowedOAuthFlowsUserPoolClient || !client.AllowedOAuthFlows?.includes('code')) return fail('unauthorized_client');
  const allowed = client.AllowedOAuthScopes ?? [];
  const scopes = query.get('scope')?.split(' ').filter(Boolean) ?? allowed;
  if (scopes.length === 0 || scopes.some((scope) => !allowed.includes(scope))) return fail('invalid_scope');
  // Cognito accepts S256 only.
  if (query.get('code_challenge') && query.get('code_challenge_method') !== 'S256') return fail('invalid_request');
  return { client, pool: poolOf(ctx, client.UserPoolId), redirect, scopes };
}

function signInForm(query: URLSearchParams, message?: string): string {
  const hidden = OAUTH_PARAMETERS.filter((name) => query.has(name))
    .map((name) => `<input type="hidden" name="${name}" value="${escape(query.get(name) ?? '')}">`)
    .join('');
  return `${message ? `<p role="alert">${escape(message)}</p>` : ''}<form method="post" action="${LOGIN_PATH}">${hidden}
<p><label for="username">Email</label> <input id="username" name="username" type="email" autocomplete="username" required></p>
<p><label for="password">Password</label> <input id="password" name="password" type="password" autocomplete="current-password" required></p>
<p><button type="submit">Sign in</button></p></form>`;
}

async function formOf(request: IncomingMessage): Promise<URLSearchParams> {
  let body = '';
  for await (const chunk of request) {
    body += String(chunk);
    if (body.length > MAX_BODY_BYTES) throw new PageError('invalid_request: the form is too large');
  }
  return new URLSearchParams(body);
}

/** The second step of the page: a TOTP code for the SOFTWARE_TOKEN_MFA challenge the password led to. */
function mfaForm(form: URLSearchParams, session: string, username: string, message?: string): string {
  const hidden = [
    ...OAUTH_PARAMETERS.filter((name) => form.has(name)).map((name) => [name, form.get(name) ?? '']),
    ['session', session],
    ['username', username],
  ]
    .map(([name, value]) => `<input type="hidden" name="${name}" value="${escape(value ?? '')}">`)
    .join('');
  return `${message ? `<p role="alert">${escape(message)}</p>` : ''}<form method="post" action="${LOGIN_PATH}">${hidden}
<p><label for="code">Code from your authenticator app</label> <input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" required></p>
<p><button type="submit">Sign in</button></p></form>`;
}

/**
 * POST /login: signs the user in as InitiateAuth would (lockout, pre and post authentication
 * triggers, a TOTP code when the user has MFA), then redirects with a code.
 */
async function signIn(ctx: Context, form: URLSearchParams, response: ServerResponse): Promise<void> {
  const checked = atomic(ctx, () => authorizationRequest(ctx, form));
  if ('redirectError' in checked) {
    response.writeHead(302, { location: checked.redirectError.href }).end();
    return;
  }
  const { client, pool, redirect, scopes } = checked;
  const username = form.get('username') ?? '';
  const session = form.get('session');
  try {
    let outcome;
    if (session) {
      const input = {
        ClientId: client.ClientId,
        ChallengeName: 'SOFTWARE_TOKEN_MFA',
        Session: session,
        ChallengeResponses: { USERNAME: username, SOFTWARE_TOKEN_MFA_CODE: form.get('code') ?? '' },
      };
      try {
        outcome = atomic(ctx, () => respond(ctx, input, pool, client));
      } catch (error) {
        if (!(error instanceof CognitoError) || error.type !== 'CodeMismatchException') throw error;
        page(response, 400, 'Sign in', mfaForm(form, session, username, error.message));
        return;
      }
    } else {
      const attempt = atomic(ctx, () => startAttempt(ctx, pool, client, username, undefined));
      await preAuthentication(ctx, pool, client, attempt, {});
      outcome = atomic(ctx, () => checkPassword(ctx, pool, client, username, form.get('password') ?? ''));
    }
    if ('challenge' in outcome) {
      const name = String(outcome.challenge.ChallengeName);
      if (name === 'SOFTWARE_TOKEN_MFA') page(response, 200, 'Sign in', mfaForm(form, String(outcome.challenge.Session), username));
      else page(response, 400, 'Sign in', `<p role="alert">This local sign-in page does not answer ${escape(name)} challenges yet.</p>`);
      return;
    }
    await postAuthentication(ctx, outcome.authenticated);
    const code = randomUUID();
    const grant: AuthorizationCode = {
      redirectUri: String(form.get('redirect_uri')),
      scopes,
      ...(form.get('code_challenge') ? { codeChallenge: String(form.get('code_challenge')) } : {}),
      ...(form.get('nonce') ? { nonce: String(form.get('nonce')) } : {}),
    };
    const { user } = outcome.authenticated;
    atomic(ctx, () => startChallenge(ctx, pool, client, user, { name: 'AUTHORIZATION_CODE', grant }, code, CODE_LIFETIME_MS));
    redirect.searchParams.set('code', code);
    const state = form.get('state');
    if (state) redirect.searchParams.set('state', state);
    response.writeHead(302, { location: redirect.href }).end();
  } catch (error) {
    if (!(error instanceof CognitoError)) throw error;
    page(response, 400, 'Sign in', signInForm(form, error.message));
  }
}

/**
 * GET /oauth2/userInfo: the signed-in user's attributes for an access token with the openid scope,
 * as OIDC claims (`email_verified` as a string, as Cognito sends it).
 * https://docs.aws.amazon.com/cognito/latest/developerguide/userinfo-endpoint.html
 */
function userInfo(ctx: Context, request: IncomingMessage, response: ServerResponse): void {
  const token = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1] ?? '';
  const refuse = (description: string) =>
    response
      .writeHead(401, {
        'content-type': 'application/json',
        'www-authenticate': `Bearer error="invalid_token", error_description="${description}"`,
      })
      .end(JSON.stringify({ error: 'invalid_token', error_description: description }));
  try {
    const { user, claims } = atomic(ctx, () => userOfAccessToken(ctx, token));
    if (!String(claims.scope).split(' ').includes('openid')) {
      refuse('Access token does not contain openid scope');
      return;
    }
    response
      .writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' })
      .end(JSON.stringify({ sub: user.sub, ...user.attributes, username: user.username }));
  } catch (error) {
    if (!(error instanceof CognitoError)) throw error;
    refuse(error.message);
  }
}

/** GET /logout: back to a registered sign-out URL (the emulator keeps no managed-login session cookie). */
function logout(ctx: Context, query: URLSearchParams, response: ServerResponse): void {
  const client = clientOfId(ctx, query.get('client_id') ?? '');
  const logoutUri = query.get('logout_uri') ?? '';
  if (!client || !((client.LogoutURLs as string[] | undefined) ?? []).includes(logoutUri)) {
    page(response, 400, 'Sign out', '<p role="alert">invalid_request: unknown client_id or logout_uri</p>');
    return;
  }
  response.writeHead(302, { location: logoutUri }).end();
}

export function handleManagedLogin(ctx: Context, request: IncomingMessage, response: ServerResponse, path: string): void {
  const query = new URL(request.url ?? '/', 'http://local').searchParams;
  const run = async () => {
    if (path === USER_INFO_PATH && request.method === 'GET') return userInfo(ctx, request, response);
    if (path === LOGOUT_PATH && request.method === 'GET') return logout(ctx, query, response);
    if (path === LOGIN_PATH && request.method === 'POST') return signIn(ctx, await formOf(request), response);
    if (path === AUTHORIZE_PATH && request.method === 'GET') {
      const checked = atomic(ctx, () => authorizationRequest(ctx, query));
      if ('redirectError' in checked) response.writeHead(302, { location: checked.redirectError.href }).end();
      else page(response, 200, `Sign in to ${checked.pool.Name}`, signInForm(query));
      return;
    }
    page(response, 405, 'Not allowed', '<p>Method not allowed.</p>');
  };
  run().catch((error: unknown) => {
    if (error instanceof PageError) page(response, 400, 'Error', `<p role="alert">${escape(error.message)}</p>`);
    else page(response, 500, 'Error', '<p role="alert">server_error</p>');
  });
}

export const MANAGED_LOGIN_PATHS = new Set([AUTHORIZE_PATH, LOGIN_PATH, LOGOUT_PATH, USER_INFO_PATH]);
