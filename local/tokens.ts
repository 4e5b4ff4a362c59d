// The tokens the embedded Cognito issues, signed with cognito-local's key (published in its JWKS):
// users' tokens, in place of cognito-local's generator, and machine clients' (oauth2-token.ts).
import { randomBytes, randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { importJWK, SignJWT, type JWK } from 'jose';
import type { AppClient } from 'cognito-local/lib/services/appClient.js';
import type { Clock } from 'cognito-local/lib/services/clock.js';
import type { Context } from 'cognito-local/lib/services/context.js';
import type { TokenGenerator, Tokens } from 'cognito-local/lib/services/tokenGenerator.js';
import { attributesToRecord, attributeValue, customAttributes, type User } from 'cognito-local/lib/services/userPoolService.js';

const privateKey = importJWK(
  (createRequire(import.meta.url)('cognito-local/lib/keys/cognitoLocal.private.json') as { jwk: JWK }).jwk,
  'RS256',
);
const KEY_ID = 'CognitoLocal';

const SECONDS_PER_UNIT: Record<string, number> = { seconds: 1, minutes: 60, hours: 3600, days: 86_400 };

/** How long a client's access or ID tokens live, in seconds (Cognito's default: one hour). */
export function lifetimeOf(client: AppClient, token: 'AccessToken' | 'IdToken'): number {
  const validity = token === 'AccessToken' ? client.AccessTokenValidity : client.IdTokenValidity;
  if (!validity) return 3600;
  return validity * (SECONDS_PER_UNIT[client.TokenValidityUnits?.[token] ?? 'hours'] ?? 3600);
}

/**
 * An RS256 JWT with Cognito's header; `claims.iat` is the time it is issued. jose signs through
 * WebCrypto, which runs the RSA operation on libuv's thread pool: the thread that serves every
 * request of the local stack only assembles the token (~0.1 ms instead of ~0.45 ms per signature).
 */
export async function signToken(
  claims: { iat: number } & Record<string, unknown>,
  issuer: string,
  lifetime: number,
  audience?: string,
): Promise<string> {
  const token = new SignJWT(claims)
    .setProtectedHeader({ kid: KEY_ID, alg: 'RS256' })
    .setIssuer(issuer)
    .setExpirationTime(claims.iat + lifetime);
  if (audience) token.setAudience(audience);
  return token.sign(await privateKey);
}

// Cognito's refresh token is encrypted (a JWE with this header) and only the pool can read it.
// cognito-local signs a readable one instead, with the user's email in it: a third RSA signature per
// sign-in, and a token a client could come to decode locally. Random bytes in the JWE's five parts
// (header, 256-byte RSA-OAEP key, 12-byte IV, ciphertext, 16-byte tag) are as opaque.
const REFRESH_TOKEN_HEADER = Buffer.from('{"cty":"JWT","enc":"A256GCM","alg":"RSA-OAEP"}').toString('base64url');
const opaqueRefreshToken = () =>
  [REFRESH_TOKEN_HEADER, ...[256, 12, 256, 16].map((bytes) => randomBytes(bytes).toString('base64url'))].join('.');

/**
 * cognito-local's token generator with an opaque refresh token: the same claims (this template has no
 * Lambda triggers, so no pre-token-generation overrides) but `email_verified` read as Cognito stores
 * it (cognito-local's made "false" true), and lifetimes from the app client.
 */
export class CognitoTokenGenerator implements TokenGenerator {
  constructor(
    private readonly clock: Clock,
    private readonly issuerOf: (userPoolId: string) => string,
  ) {}

  async generate(_ctx: Context, user: User, userGroups: readonly string[], client: AppClient): Promise<Tokens> {
    const eventId = randomUUID();
    const authTime = Math.floor(this.clock.get().getTime() / 1000);
    const sub = attributeValue('sub', user.Attributes);
    const groups = userGroups.length ? { 'cognito:groups': userGroups } : {};
    const issuer = this.issuerOf(client.UserPoolId);
    const access = {
      auth_time: authTime,
      client_id: client.ClientId,
      event_id: eventId,
      iat: authTime,
      jti: randomUUID(),
      scope: 'aws.cognito.signin.user.admin',
      sub,
      token_use: 'access',
      username: user.Username,
      ...groups,
    };
    const id = {
      'cognito:username': user.Username,
      auth_time: authTime,
      email: attributeValue('email', user.Attributes),
      email_verified: attributeValue('email_verified', user.Attributes) === 'true',
      event_id: eventId,
      iat: authTime,
      jti: randomUUID(),
      sub,
      token_use: 'id',
      ...attributesToRecord(customAttributes(user.Attributes)),
      ...groups,
    };
    const [AccessToken, IdToken] = await Promise.all([
      signToken(access, issuer, lifetimeOf(client, 'AccessToken')),
      signToken(id, issuer, lifetimeOf(client, 'IdToken'), client.ClientId),
    ]);
    return { AccessToken, IdToken, RefreshToken: opaqueRefreshToken() };
  }
}
