// The tokens Cognito issues: RS256 JWTs with its header and claims, and opaque refresh tokens.
// https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-tokens-with-identity-providers.html
import { randomBytes, randomUUID, sign, verify } from 'node:crypto';
import type { Context } from './context.js';
import type { SigningKey } from './signing-key.js';
import { notAuthorized } from './errors.js';
import { lifetimeOf, secondsOf, type Client, type Pool, type User } from './model.js';

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function signJwt(key: SigningKey, claims: Record<string, unknown>): string {
  const unsigned = `${base64url({ kid: key.kid, alg: 'RS256' })}.${base64url(claims)}`;
  return `${unsigned}.${sign('sha256', Buffer.from(unsigned), key.privateKey).toString('base64url')}`;
}

/** The claims of an access token this emulator signed, or undefined for anything else. */
export function verifiedClaims(ctx: Context, token: string): Record<string, unknown> | undefined {
  const [header, payload, signature, ...rest] = token.split('.');
  if (!header || !payload || !signature || rest.length > 0) return undefined;
  if (!verify('sha256', Buffer.from(`${header}.${payload}`), ctx.keys.access.publicKey, Buffer.from(signature, 'base64url')))
    return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return typeof claims === 'object' && claims !== null ? (claims as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

// Cognito's refresh token is encrypted (a JWE with this header) and only the pool can read it: random
// bytes in the JWE's five parts (header, 256-byte RSA-OAEP key, 12-byte IV, ciphertext, 16-byte tag)
// are as opaque, and the emulator finds the session by the token's digest.
const REFRESH_TOKEN_HEADER = base64url({ cty: 'JWT', enc: 'A256GCM', alg: 'RSA-OAEP' });
export const newRefreshToken = () =>
  [REFRESH_TOKEN_HEADER, ...[256, 12, 384, 16].map((bytes) => randomBytes(bytes).toString('base64url'))].join('.');

/** Attribute values as the ID token carries them: `*_verified` as booleans. */
function idTokenAttributes(user: User): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(user.attributes).map(([name, value]) => [name, name.endsWith('_verified') ? value === 'true' : value]),
  );
}

export interface SessionClaims {
  /** The session's id: the `origin_jti` of every token it issues. */
  id: string;
  /** When the user authenticated (epoch seconds). */
  authTime: number;
}

/** An access and an ID token for the user, in the session `origin`. */
export function issueJwts(ctx: Context, pool: Pool, client: Client, user: User, origin: SessionClaims) {
  const iat = secondsOf(ctx.clock.now());
  const common = {
    sub: user.sub,
    iss: ctx.issuerOf(pool.Id),
    origin_jti: origin.id,
    event_id: randomUUID(),
    auth_time: origin.authTime,
    iat,
  };
  const accessToken = signJwt(ctx.keys.access, {
    ...common,
    client_id: client.ClientId,
    token_use: 'access',
    scope: 'aws.cognito.signin.user.admin',
    exp: iat + lifetimeOf(client, 'AccessToken'),
    jti: randomUUID(),
    username: user.username,
  });
  const idToken = signJwt(ctx.keys.id, {
    ...idTokenAttributes(user),
    ...common,
    'cognito:username': user.username,
    aud: client.ClientId,
    token_use: 'id',
    exp: iat + lifetimeOf(client, 'IdToken'),
    jti: randomUUID(),
  });
  return { AccessToken: accessToken, IdToken: idToken, ExpiresIn: lifetimeOf(client, 'AccessToken'), TokenType: 'Bearer' };
}

/** A client-credentials access token (the hosted domain's /oauth2/token). */
export function issueMachineToken(ctx: Context, pool: Pool, client: Client, scopes: string[]) {
  const iat = secondsOf(ctx.clock.now());
  const expiresIn = lifetimeOf(client, 'AccessToken');
  const token = signJwt(ctx.keys.access, {
    sub: client.ClientId,
    token_use: 'access',
    scope: scopes.join(' '),
    auth_time: iat,
    iss: ctx.issuerOf(pool.Id),
    exp: iat + expiresIn,
    iat,
    version: 2,
    jti: randomUUID(),
    client_id: client.ClientId,
  });
  return { access_token: token, expires_in: expiresIn, token_type: 'Bearer' };
}

export const invalidAccessToken = () => notAuthorized('Invalid Access Token');
