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

/** What a pre token generation trigger asked for (triggers.ts, pre-token-generation.ts). */
export interface TokenCustomization {
  idToken?: { add?: Record<string, unknown>; suppress?: string[] };
  accessToken?: { add?: Record<string, unknown>; suppress?: string[]; scopesToAdd?: string[]; scopesToSuppress?: string[] };
  groups?: string[];
  /** Managed login: the `nonce` the app sent to /oauth2/authorize, for the ID token. */
  nonce?: string;
}

// Claims a trigger cannot add, change or remove: they are Cognito's own (the trigger's other changes still apply).
// https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-pre-token-generation.html
const RESERVED_CLAIMS = new Set([
  'acr',
  'amr',
  'at_hash',
  'aud',
  'auth_time',
  'azp',
  'client_id',
  'cognito:username',
  'event_id',
  'exp',
  'iat',
  'identities',
  'iss',
  'jti',
  'nbf',
  'nonce',
  'origin_jti',
  'scope',
  'sub',
  'token_use',
  'username',
  'version',
]);
const changeable = (claim: string) => !RESERVED_CLAIMS.has(claim) && !claim.startsWith('cognito:');

function customised(
  claims: Record<string, unknown>,
  change: { add?: Record<string, unknown>; suppress?: string[] } | undefined,
  groups: string[] | undefined,
): Record<string, unknown> {
  const result = { ...claims };
  for (const claim of change?.suppress ?? []) if (changeable(claim)) delete result[claim];
  for (const [claim, value] of Object.entries(change?.add ?? {})) if (changeable(claim)) result[claim] = value;
  if (groups) result['cognito:groups'] = groups;
  return result;
}

function scopeOf(scopes: string[], change: TokenCustomization['accessToken']): string {
  const suppressed = new Set(change?.scopesToSuppress ?? []);
  const all = [...scopes, ...(change?.scopesToAdd ?? [])].filter((scope) => !suppressed.has(scope));
  return [...new Set(all)].join(' ');
}

export interface SessionClaims {
  /** The session's id: the `origin_jti` of every token it issues. */
  id: string;
  /** When the user authenticated (epoch seconds). */
  authTime: number;
}

/** The scopes of tokens from the user pool API (InitiateAuth and friends). */
export const API_SCOPES = ['aws.cognito.signin.user.admin'];

/** An access and an ID token for the user, in the session `origin`. */
export function issueJwts(
  ctx: Context,
  pool: Pool,
  client: Client,
  user: User,
  origin: SessionClaims,
  customization: TokenCustomization = {},
  scopes: string[] = API_SCOPES,
) {
  const iat = secondsOf(ctx.clock.now());
  const common = {
    sub: user.sub,
    iss: ctx.issuerOf(pool.Id),
    origin_jti: origin.id,
    event_id: randomUUID(),
    auth_time: origin.authTime,
    iat,
  };
  const accessToken = signJwt(
    ctx.keys.access,
    customised(
      {
        ...common,
        client_id: client.ClientId,
        token_use: 'access',
        scope: scopeOf(scopes, customization.accessToken),
        exp: iat + lifetimeOf(client, 'AccessToken'),
        jti: randomUUID(),
        username: user.username,
      },
      customization.accessToken,
      customization.groups,
    ),
  );
  const idToken = signJwt(
    ctx.keys.id,
    customised(
      {
        ...idTokenAttributes(user),
        ...common,
        'cognito:username': user.username,
        aud: client.ClientId,
        token_use: 'id',
        exp: iat + lifetimeOf(client, 'IdToken'),
        jti: randomUUID(),
        ...(customization.nonce ? { nonce: customization.nonce } : {}),
      },
      customization.idToken,
      customization.groups,
    ),
  );
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
