// The local HTTP API as API Gateway behaves: routing, CORS, and the JWT authorizer's answers.
import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { loadOpenApi, type OpenApiDocument } from '../../scripts/lib/openapi.js';
import { claimsOf, headerOf, PASSWORD, startTestStack, uniqueEmail, type TestStack } from './local-stack.js';

jest.setTimeout(60_000);

let stack: TestStack;
let email: string;
let accessToken: string;
let idToken: string;
let refreshToken: string;

const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** An RS256 JWT naming key `kid` (by default the emulator's), signed with `key` (by default the emulator's signing key). */
function sign(claims: Record<string, unknown>, key: KeyObject | string = stack.signingKey.pem, kid = stack.signingKey.kid): string {
  const unsigned = `${base64url({ alg: 'RS256', typ: 'JWT', kid })}.${base64url(claims)}`;
  return `${unsigned}.${createSign('RSA-SHA256').update(unsigned).sign(key).toString('base64url')}`;
}

beforeAll(async () => {
  stack = await startTestStack();
  email = uniqueEmail('authorizer');
  await stack.call('POST', '/auth/sign-up', { body: { email, password: PASSWORD } });
  await stack.call('POST', '/auth/confirm-sign-up', { body: { email, code: await stack.codeFor(email, 'SignUp') } });
  ({ accessToken, idToken, refreshToken } = (await stack.call('POST', '/auth/sign-in', { body: { email, password: PASSWORD } })).body as {
    accessToken: string;
    idToken: string;
    refreshToken: string;
  });
});
afterAll(async () => {
  await stack?.deleteUser(email);
  await stack?.stop();
});

const getMe = (authorization?: string) => stack.call('GET', '/me', { headers: authorization === undefined ? {} : { authorization } });

describe('embedded Cognito: the tokens of a sign-in', () => {
  it("signs access and ID tokens with Cognito's header and claims, living as long as the app client says", async () => {
    const issued = {
      iss: stack.state.issuer,
      sub: expect.any(String),
      auth_time: expect.any(Number),
      iat: expect.any(Number),
      jti: expect.any(String),
    };
    const access = claimsOf(accessToken);
    const id = claimsOf(idToken);
    expect(access).toMatchObject({
      ...issued,
      token_use: 'access',
      client_id: stack.state.clientId,
      scope: 'aws.cognito.signin.user.admin',
      username: access.sub,
    });
    expect(access).not.toHaveProperty('aud');
    expect(id).toMatchObject({
      ...issued,
      token_use: 'id',
      aud: stack.state.clientId,
      'cognito:username': access.sub,
      email,
      email_verified: true,
    });
    expect(id.event_id).toBe(access.event_id);
    expect([Number(access.exp) - Number(access.iat), Number(id.exp) - Number(id.iat)]).toEqual([900, 900]);
    // As a Cognito pool does, the JWKS lists two keys and each kind of token has its own.
    const { keys } = (await (await fetch(`${stack.state.issuer}/.well-known/jwks.json`)).json()) as { keys: Array<{ kid: string }> };
    const [accessKid, idKid] = keys.map((key) => key.kid);
    expect(accessKid).not.toBe(idKid);
    expect([headerOf(accessToken), headerOf(idToken)]).toEqual([
      { kid: accessKid, alg: 'RS256' },
      { kid: idKid, alg: 'RS256' },
    ]);
  });

  it("gives an opaque refresh token, shaped like Cognito's encrypted one (a JWE), that says nothing of the user", () => {
    const parts = refreshToken.split('.');
    expect(parts).toHaveLength(5);
    expect(headerOf(refreshToken)).toEqual({ cty: 'JWT', enc: 'A256GCM', alg: 'RSA-OAEP' });
    expect(parts.slice(1).map((part) => Buffer.from(part, 'base64url').length)).toEqual([256, 12, expect.any(Number), 16]);
    for (const part of parts.slice(1)) expect(Buffer.from(part, 'base64url').toString('latin1')).not.toContain(email);
  });
});

describe('local HTTP API: JWT authorizer', () => {
  it('lets a user access token through, with or without the Bearer prefix', async () => {
    expect(await getMe(`Bearer ${accessToken}`)).toMatchObject({ status: 200, body: { email } });
    expect(await getMe(accessToken)).toMatchObject({ status: 200, body: { email } });
  });

  it.each([
    ['a missing token', () => undefined, undefined],
    ['a malformed token', () => 'Bearer not.a.jwt', 'the token is malformed'],
    ['a forged token (signed with another key)', () => `Bearer ${sign(claimsOf(accessToken), otherKey)}`, 'the token signature is invalid'],
    [
      'a token whose kid is not in the key set',
      () => `Bearer ${sign(claimsOf(accessToken), stack.signingKey.pem, 'another-key')}`,
      'the token signature is invalid',
    ],
    [
      'an expired token',
      () => `Bearer ${sign({ ...claimsOf(accessToken), iat: 1_700_000_000, exp: 1_700_003_600 })}`,
      'the token has expired',
    ],
    [
      'a token not yet valid',
      () => `Bearer ${sign({ ...claimsOf(accessToken), nbf: Math.floor(Date.now() / 1000) + 3600 })}`,
      'the token is not valid yet',
    ],
    [
      'a token issued in the future',
      () => `Bearer ${sign({ ...claimsOf(accessToken), iat: Math.floor(Date.now() / 1000) + 3600 })}`,
      'the token is not valid yet',
    ],
    [
      'a token from another issuer',
      () => `Bearer ${sign({ ...claimsOf(accessToken), iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_OTHER' })}`,
      'the token does not have a valid issuer',
    ],
    [
      'a token for another app client',
      () => `Bearer ${sign({ ...claimsOf(accessToken), client_id: 'another-client' })}`,
      'the token does not have a valid audience',
    ],
    [
      'a token whose aud is another client, whatever its client_id',
      () => `Bearer ${sign({ ...claimsOf(accessToken), aud: 'another-client' })}`,
      'the token does not have a valid audience',
    ],
  ])('answers 401 {"message":"Unauthorized"} with www-authenticate to %s', async (_name, header, description) => {
    const response = await getMe(header());
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ message: 'Unauthorized' });
    expect(response.headers.get('www-authenticate')).toBe(
      description === undefined ? 'Bearer' : `Bearer scope="" error="invalid_token" error_description="${description}"`,
    );
  });

  it('answers 403 {"message":"Forbidden"} to an ID token on a route that requires a scope', async () => {
    const response = await getMe(`Bearer ${idToken}`);
    expect(response.status).toBe(403);
    expect(response.body).toEqual({ message: 'Forbidden' });
    expect(response.headers.get('www-authenticate')).toMatch(/insufficient_scope/);
  });
});

describe('local HTTP API: routing and CORS', () => {
  it('answers 404 {"message":"Not Found"} for unknown paths and methods', async () => {
    expect(await stack.call('GET', '/nope')).toMatchObject({ status: 404, body: { message: 'Not Found' } });
    expect(await stack.call('PUT', '/health')).toMatchObject({ status: 404, body: { message: 'Not Found' } });
  });

  it('serves openapi.yaml as JSON at GET /openapi.json, with this stack as its server (a local addition)', async () => {
    // Not through `call`: the route is the local stack's, not the API's, so the document does not list it.
    const response = await fetch(`${stack.state.apiUrl}/openapi.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    const served = (await response.json()) as OpenApiDocument;
    expect(served).toEqual({ ...loadOpenApi(), servers: [{ url: stack.state.apiUrl, description: 'This local stack (npm start)' }] });
    expect(await stack.call('POST', '/openapi.json')).toMatchObject({ status: 404, body: { message: 'Not Found' } });
  });

  it('gives every response a request id and passes function errors through as problem+json', async () => {
    const response = await stack.call('POST', '/auth/sign-in', { body: { email: 'not-an-email' } });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.headers.get('apigw-requestid')).toEqual(expect.any(String));
    expect(response.body).toMatchObject({ code: 'ValidationError', requestId: response.headers.get('apigw-requestid') });
  });

  it("answers CORS preflight from the template's CorsConfiguration and adds the origin to responses", async () => {
    const origin = 'https://app.example.com';
    const preflight = await fetch(`${stack.state.apiUrl}/auth/sign-in`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-methods')).toBe('GET,POST,PATCH,DELETE,OPTIONS');
    expect(preflight.headers.get('access-control-allow-headers')).toBe('authorization,content-type,idempotency-key');
    expect(preflight.headers.get('access-control-max-age')).toBe('600');
    const health = await stack.call('GET', '/health', { headers: { origin } });
    expect(health.headers.get('access-control-allow-origin')).toBe('*');
  });
});
