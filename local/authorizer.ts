// The HTTP API's native JWT authorizer, by its documented rules:
// https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import type { JwtAuthorizerContext } from './events.js';

export interface JwtConfiguration {
  issuer: string;
  audience: string[];
  /** Where the issuer's public keys are (Cognito: <issuer>/.well-known/jwks.json). */
  jwksUri: string;
}

export type AuthorizerResult =
  | { ok: true; context: JwtAuthorizerContext }
  | { ok: false; statusCode: 401 | 403; wwwAuthenticate: string; reason: string };

const unauthorized = (description: string): AuthorizerResult => ({
  ok: false,
  statusCode: 401,
  wwwAuthenticate: `Bearer scope="" error="invalid_token" error_description="${description}"`,
  reason: description,
});

/** Claims reach the function as strings; arrays as "[a b]", as HTTP API flattens them. */
export function claimsAsStrings(payload: JWTPayload): Record<string, string> {
  const text = (value: unknown): string =>
    Array.isArray(value) ? `[${value.map(text).join(' ')}]` : typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
  return Object.fromEntries(Object.entries(payload).map(([name, value]) => [name, text(value)]));
}

export class JwtAuthorizer {
  // jose caches the key set and refetches it when a token names an unknown kid (key rotation).
  private readonly keys;

  constructor(private readonly config: JwtConfiguration) {
    this.keys = createRemoteJWKSet(new URL(config.jwksUri), { cacheMaxAge: 10 * 60_000, cooldownDuration: 30_000 });
  }

  /** `header` is the identity source ($request.header.Authorization), with or without "Bearer ". */
  async authorize(header: string | undefined, routeScopes: string[]): Promise<AuthorizerResult> {
    const token = (header ?? '').replace(/^Bearer\s+/i, '').trim();
    if (!token) return { ok: false, statusCode: 401, wwwAuthenticate: 'Bearer', reason: 'no token' };
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.keys, { algorithms: ['RS256'], issuer: this.config.issuer }));
    } catch (error) {
      return unauthorized(describe(error));
    }
    if (payload.iat !== undefined && payload.iat > Date.now() / 1000) return unauthorized('the token is not valid yet');
    // `aud` when present, else `client_id` (Cognito access tokens carry client_id only).
    const audiences = payload.aud === undefined ? [payload.client_id] : [payload.aud].flat();
    if (!audiences.some((audience) => typeof audience === 'string' && this.config.audience.includes(audience))) {
      return unauthorized('the token does not have a valid audience');
    }
    const tokenScopes = typeof payload.scope === 'string' ? payload.scope.split(' ').filter(Boolean) : [];
    if (routeScopes.length > 0 && !routeScopes.some((scope) => tokenScopes.includes(scope))) {
      return {
        ok: false,
        statusCode: 403,
        wwwAuthenticate: `Bearer scope="${routeScopes.join(' ')}" error="insufficient_scope" error_description="the token does not have the required scope"`,
        reason: 'insufficient scope',
      };
    }
    return { ok: true, context: { claims: claimsAsStrings(payload), scopes: routeScopes.length > 0 ? tokenScopes : null } };
  }
}

function describe(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'the token has expired';
  if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'nbf') return 'the token is not valid yet';
  if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'iss') return 'the token does not have a valid issuer';
  if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JWKSNoMatchingKey) return 'the token signature is invalid';
  if (error instanceof errors.JOSEAlgNotAllowed) return 'the token signing method is not supported';
  return 'the token is malformed';
}
