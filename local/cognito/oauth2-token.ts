// The OAuth2 token endpoint of a user pool's hosted domain (POST /oauth2/token): client credentials
// (machine clients), authorization_code (with PKCE, from managed-login.ts) and refresh_token, with
// Cognito's answers and errors. Client id and secret by HTTP Basic or in the form; a public client
// (no secret) sends its client_id only.
// https://docs.aws.amazon.com/cognito/latest/developerguide/token-endpoint.html
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { preTokenGeneration } from './authentication.js';
import { closeChallenge, openChallenge } from './challenges.js';
import { atomic, type Context } from './context.js';
import { CognitoError } from './errors.js';
import type { Client } from './model.js';
import { findUser, poolOf } from './records.js';
import { refreshSession, sessionOfRefreshToken, startSession } from './sessions.js';
import { parse } from './store.js';
import { issueMachineToken } from './tokens.js';

export const TOKEN_PATH = '/oauth2/token';

const MAX_BODY_BYTES = 16 * 1024;

class OAuthError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
  ) {
    super(error);
  }
}

const invalidGrant = () => new OAuthError(400, 'invalid_grant');

async function formOf(request: IncomingMessage): Promise<URLSearchParams> {
  let body = '';
  for await (const chunk of request) {
    body += String(chunk);
    if (body.length > MAX_BODY_BYTES) throw new OAuthError(400, 'invalid_request');
  }
  return new URLSearchParams(body);
}

/** Client id and secret from `Authorization: Basic` (as Cognito prefers) or the form. */
function credentialsOf(request: IncomingMessage, form: URLSearchParams): { clientId: string; clientSecret: string } {
  const basic = /^Basic\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1];
  if (basic) {
    const decoded = Buffer.from(basic, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return { clientId: decodeURIComponent(decoded.slice(0, colon)), clientSecret: decodeURIComponent(decoded.slice(colon + 1)) };
  }
  return { clientId: form.get('client_id') ?? '', clientSecret: form.get('client_secret') ?? '' };
}

const sameText = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

function clientCredentials(ctx: Context, client: Client, form: URLSearchParams) {
  if (!client.ClientSecret) throw new OAuthError(401, 'invalid_client');
  if (!client.AllowedOAuthFlowsUserPoolClient || !client.AllowedOAuthFlows?.includes('client_credentials'))
    throw new OAuthError(400, 'unauthorized_client');
  const allowed = client.AllowedOAuthScopes ?? [];
  // Without `scope`, Cognito grants every custom scope the client is allowed.
  const scopes = form.get('scope')?.split(' ').filter(Boolean) ?? allowed;
  if (scopes.length === 0 || scopes.some((scope) => !allowed.includes(scope))) throw new OAuthError(400, 'invalid_scope');
  return issueMachineToken(ctx, poolOf(ctx, client.UserPoolId), client, scopes);
}

/** The tokens as the endpoint answers them: an ID token only with the openid scope. */
function tokenAnswer(tokens: { AccessToken: string; IdToken: string; ExpiresIn: number; RefreshToken?: string }, scopes: string[]) {
  return {
    access_token: tokens.AccessToken,
    ...(scopes.includes('openid') ? { id_token: tokens.IdToken } : {}),
    ...(tokens.RefreshToken ? { refresh_token: tokens.RefreshToken } : {}),
    expires_in: tokens.ExpiresIn,
    token_type: 'Bearer',
  };
}

/**
 * An authorization code, once: its client, the same redirect_uri, and the PKCE verifier
 * (BASE64URL(SHA256(code_verifier)) = code_challenge) when the code was asked for with a challenge.
 */
async function authorizationCode(ctx: Context, client: Client, form: URLSearchParams) {
  if (!client.AllowedOAuthFlowsUserPoolClient || !client.AllowedOAuthFlows?.includes('code'))
    throw new OAuthError(400, 'unauthorized_client');
  const code = form.get('code') ?? '';
  const challenge = atomic(ctx, () => {
    let open;
    try {
      open = openChallenge(ctx, code);
    } catch {
      return undefined;
    }
    closeChallenge(ctx, code);
    return open;
  });
  const grant = challenge?.grant;
  if (!challenge || challenge.name !== 'AUTHORIZATION_CODE' || !grant || challenge.clientId !== client.ClientId) throw invalidGrant();
  if (grant.redirectUri !== form.get('redirect_uri')) throw invalidGrant();
  if (grant.codeChallenge) {
    const verifier = form.get('code_verifier') ?? '';
    if (!sameText(createHash('sha256').update(verifier).digest('base64url'), grant.codeChallenge)) throw invalidGrant();
  }
  const pool = atomic(ctx, () => poolOf(ctx, challenge.poolId));
  const user = atomic(ctx, () => findUser(ctx, pool, challenge.username));
  if (!user?.enabled) throw invalidGrant();
  const customization = await preTokenGeneration(ctx, pool, client, user, 'TokenGeneration_HostedAuth', {}, grant.scopes);
  const tokens = atomic(ctx, () =>
    startSession(ctx, pool, client, user, { ...customization, ...(grant.nonce ? { nonce: grant.nonce } : {}) }, grant.scopes),
  );
  return tokenAnswer(tokens, grant.scopes);
}

async function refreshToken(ctx: Context, client: Client, form: URLSearchParams) {
  const token = form.get('refresh_token') ?? '';
  const pool = atomic(ctx, () => poolOf(ctx, client.UserPoolId));
  const check = () => {
    const found = sessionOfRefreshToken(ctx, client, token);
    const user = findUser(ctx, pool, found.session.username);
    if (!user?.enabled) throw invalidGrant();
    return { found, user };
  };
  const { found, user } = atomic(ctx, check);
  const customization = await preTokenGeneration(ctx, pool, client, user, 'TokenGeneration_RefreshTokens', {}, found.session.scopes);
  const rotates = client.RefreshTokenRotation?.Feature === 'ENABLED';
  const tokens = atomic(ctx, () => {
    const again = check();
    return refreshSession(ctx, pool, client, again.user, again.found, rotates, customization);
  });
  return tokenAnswer(tokens, found.session.scopes);
}

async function issue(ctx: Context, request: IncomingMessage) {
  const contentType = request.headers['content-type'] ?? '';
  if (!contentType.startsWith('application/x-www-form-urlencoded')) throw new OAuthError(400, 'invalid_request');
  const form = await formOf(request);
  const { clientId, clientSecret } = credentialsOf(request, form);
  const grantType = form.get('grant_type');
  if (!grantType) throw new OAuthError(400, 'invalid_request');
  const client = clientId ? parse<Client>(ctx.store.get('SELECT data FROM clients WHERE id = ?', clientId)) : undefined;
  if (!client || (client.ClientSecret ? !sameText(client.ClientSecret, clientSecret) : clientSecret !== ''))
    throw new OAuthError(401, 'invalid_client');
  try {
    if (grantType === 'client_credentials') return clientCredentials(ctx, client, form);
    if (grantType === 'authorization_code') return await authorizationCode(ctx, client, form);
    if (grantType === 'refresh_token') return await refreshToken(ctx, client, form);
  } catch (error) {
    // Cognito's own refusals (an expired or revoked refresh token, a trigger's error) are a bad grant here.
    if (error instanceof CognitoError) throw invalidGrant();
    throw error;
  }
  throw new OAuthError(400, 'unsupported_grant_type');
}

export function handleTokenRequest(ctx: Context, request: IncomingMessage, response: ServerResponse): void {
  const send = (status: number, body: unknown) =>
    response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(body));
  if (request.method !== 'POST') {
    send(405, { error: 'invalid_request' });
    return;
  }
  issue(ctx, request).then(
    (token) => send(200, token),
    (error: unknown) => (error instanceof OAuthError ? send(error.status, { error: error.error }) : send(500, { error: 'server_error' })),
  );
}
