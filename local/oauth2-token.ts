// The OAuth2 token endpoint of a user pool's hosted domain (POST /oauth2/token), client-credentials
// grant only: cognito-local has no hosted domain. Machine clients get an access token as from
// https://<domain>.auth.<region>.amazoncognito.com/oauth2/token: same request (client id and secret
// by HTTP Basic or in the form, optional space-separated `scope`), same answer and errors, and a
// token with Cognito's claims signed with the emulator's key, so the JWT authorizer verifies it as
// it verifies user tokens.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Services } from 'cognito-local/lib/services/index.js';
import type { Context } from 'cognito-local/lib/services/context.js';
import { lifetimeOf, signToken } from './tokens.js';

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

async function issue(ctx: Context, services: Services, issuerOf: (userPoolId: string) => string, request: IncomingMessage) {
  const contentType = request.headers['content-type'] ?? '';
  if (!contentType.startsWith('application/x-www-form-urlencoded')) throw new OAuthError(400, 'invalid_request');
  const form = await formOf(request);
  const { clientId, clientSecret } = credentialsOf(request, form);
  if (!form.get('grant_type')) throw new OAuthError(400, 'invalid_request');
  const client = clientId ? await services.cognito.getAppClient(ctx, clientId) : null;
  if (!client || !client.ClientSecret || client.ClientSecret !== clientSecret) throw new OAuthError(401, 'invalid_client');
  if (form.get('grant_type') !== 'client_credentials') throw new OAuthError(400, 'unsupported_grant_type');
  if (!client.AllowedOAuthFlowsUserPoolClient || !client.AllowedOAuthFlows?.includes('client_credentials'))
    throw new OAuthError(400, 'unauthorized_client');
  const allowed = client.AllowedOAuthScopes ?? [];
  // Without `scope`, Cognito grants every custom scope the client is allowed.
  const scopes = form.get('scope')?.split(' ').filter(Boolean) ?? allowed;
  if (scopes.length === 0 || scopes.some((scope) => !allowed.includes(scope))) throw new OAuthError(400, 'invalid_scope');

  const now = Math.floor(Date.now() / 1000);
  const expiresIn = lifetimeOf(client, 'AccessToken');
  const accessToken = await signToken(
    {
      sub: clientId,
      token_use: 'access',
      scope: scopes.join(' '),
      auth_time: now,
      version: 2,
      jti: randomUUID(),
      client_id: clientId,
      iat: now,
    },
    issuerOf(client.UserPoolId),
    expiresIn,
  );
  return { access_token: accessToken, expires_in: expiresIn, token_type: 'Bearer' };
}

export function tokenEndpoint(ctx: Context, services: Services, issuerOf: (userPoolId: string) => string) {
  return (request: IncomingMessage, response: ServerResponse): void => {
    const send = (status: number, body: unknown) =>
      response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(body));
    if (request.method !== 'POST') {
      send(405, { error: 'invalid_request' });
      return;
    }
    issue(ctx, services, issuerOf, request).then(
      (token) => send(200, token),
      (error: unknown) => (error instanceof OAuthError ? send(error.status, { error: error.error }) : send(500, { error: 'server_error' })),
    );
  };
}
