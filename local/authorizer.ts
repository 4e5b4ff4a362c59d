// The HTTP API's native JWT authorizer, by its documented rules:
// https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html
import { JwtRsaVerifier } from 'aws-jwt-verify';
import {
  JwtExpiredError,
  JwtInvalidIssuerError,
  JwtInvalidSignatureAlgorithmError,
  JwtInvalidSignatureError,
  JwtNotBeforeError,
  JwtWithoutValidKidError,
  KidNotFoundInJwksError,
} from 'aws-jwt-verify/error';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import type { JwtPayload } from 'aws-jwt-verify/jwt-model';
import type { JwtAuthorizerContext } from './events.js';

export interface JwtConfiguration {
  issuer: string;
  audience: string[];
  /** Where the issuer's public keys are (Cognito: <issuer>/.well-known/jwks.json). */
  jwksUri: string;
}

export type AuthorizerResult =
  { ok: true; context: JwtAuthorizerContext } | { ok: false; statusCode: 401 | 403; wwwAuthenticate: string; reason: string };

const unauthorized = (description: string): AuthorizerResult => ({
  ok: false,
  statusCode: 401,
  wwwAuthenticate: `Bearer scope="" error="invalid_token" error_description="${description}"`,
  reason: description,
});

/** Claims reach the function as strings; arrays as "[a b]", as HTTP API flattens them. */
export function claimsAsStrings(payload: JwtPayload): Record<string, string> {
  const text = (value: unknown): string =>
    Array.isArray(value)
      ? `[${value.map(text).join(' ')}]`
      : typeof value === 'object' && value !== null
        ? JSON.stringify(value)
        : String(value);
  return Object.fromEntries(Object.entries(payload).map(([name, value]) => [name, text(value)]));
}

// The key set is fetched with the global fetch: the library's own fetcher speaks HTTPS only, and
// the embedded Cognito serves its keys over plain HTTP on 127.0.0.1.
const jwksOverFetch = () =>
  new SimpleJwksCache({
    fetcher: {
      fetch: async (uri) => {
        const response = await fetch(uri);
        if (!response.ok) throw new Error(`${uri}: ${response.status}`);
        return response.arrayBuffer();
      },
    },
  });

export class JwtAuthorizer {
  // aws-jwt-verify checks the signature with node:crypto (a quarter of the CPU time of jose's
  // WebCrypto path, on the thread serving every request), needs the token's kid in the key set as
  // API Gateway does, caches the key set and fetches it again for an unknown kid (key rotation).
  // The audience is checked below, by API Gateway's rule.
  private readonly verifier;

  constructor(private readonly config: JwtConfiguration) {
    this.verifier = JwtRsaVerifier.create(
      { issuer: config.issuer, audience: null, jwksUri: config.jwksUri },
      { jwksCache: jwksOverFetch() },
    );
  }

  /** `header` is the identity source ($request.header.Authorization), with or without "Bearer ". */
  async authorize(header: string | undefined, routeScopes: string[]): Promise<AuthorizerResult> {
    const token = (header ?? '').replace(/^Bearer\s+/i, '').trim();
    if (!token) return { ok: false, statusCode: 401, wwwAuthenticate: 'Bearer', reason: 'no token' };
    let payload: JwtPayload;
    try {
      payload = await this.verifier.verify(token);
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
  if (error instanceof JwtExpiredError) return 'the token has expired';
  if (error instanceof JwtNotBeforeError) return 'the token is not valid yet';
  if (error instanceof JwtInvalidIssuerError) return 'the token does not have a valid issuer';
  if (error instanceof JwtInvalidSignatureError || error instanceof KidNotFoundInJwksError || error instanceof JwtWithoutValidKidError) {
    return 'the token signature is invalid';
  }
  if (error instanceof JwtInvalidSignatureAlgorithmError) return 'the token signing method is not supported';
  return 'the token is malformed';
}
