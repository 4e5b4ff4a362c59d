// The OAuth2 token endpoint of a user pool's hosted domain (POST /oauth2/token), client-credentials
// grant: machine clients get an access token as from https://<domain>.auth.<region>.amazoncognito.com/oauth2/token
// (client id and secret by HTTP Basic or in the form, optional space-separated `scope`), with the same
// answers and errors.
// https://docs.aws.amazon.com/cognito/latest/developerguide/token-endpoint.html
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Context } from './context.js';
import type { Client } from './model.js';
import { parse } from './store.js';
import { poolOf } from './records.js';
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

async function issue(ctx: Context, request: IncomingMessage) {
  const contentType = request.headers['content-type'] ?? '';
  if (!contentType.startsWith('application/x-www-form-urlencoded')) throw new OAuthError(400, 'invalid_request');
  const form = await formOf(request);
  const { clientId, clientSecret } = credentialsOf(request, form);
  if (!form.get('grant_type')) throw new OAuthError(400, 'invalid_request');
  const client = clientId ? parse<Client>(ctx.store.get('SELECT data FROM clients WHERE id = ?', clientId)) : undefined;
  if (!client?.ClientSecret || client.ClientSecret !== clientSecret) throw new OAuthError(401, 'invalid_client');
  if (form.get('grant_type') !== 'client_credentials') throw new OAuthError(400, 'unsupported_grant_type');
  if (!client.AllowedOAuthFlowsUserPoolClient || !client.AllowedOAuthFlows?.includes('client_credentials'))
    throw new OAuthError(400, 'unauthorized_client');
  const allowed = client.AllowedOAuthScopes ?? [];
  // Without `scope`, Cognito grants every custom scope the client is allowed.
  const scopes = form.get('scope')?.split(' ').filter(Boolean) ?? allowed;
  if (scopes.length === 0 || scopes.some((scope) => !allowed.includes(scope))) throw new OAuthError(400, 'invalid_scope');
  return issueMachineToken(ctx, poolOf(ctx, client.UserPoolId), client, scopes);
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
