import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { problem } from './problem.js';

// What the HTTP API's JWT authorizer passes on about the caller.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html

export type AuthorizedEvent = APIGatewayProxyEventV2WithJWTAuthorizer;

const unauthorized = () => problem(401, 'NotAuthorized', 'Not authorized', 'The credentials or token are not valid.');

/** The claims the HTTP API JWT authorizer verified; values arrive as strings. */
export function claimsOf(event: AuthorizedEvent): Record<string, string> {
  const claims = event.requestContext.authorizer?.jwt?.claims;
  if (!claims) throw unauthorized();
  return Object.fromEntries(Object.entries(claims).map(([k, v]) => [k, String(v)]));
}

/** The caller's `sub`, present in every Cognito user access token. */
export function subjectOf(event: AuthorizedEvent): string {
  const sub = claimsOf(event).sub;
  if (!sub) throw unauthorized();
  return sub;
}

/**
 * The raw access token, for Cognito calls that act as the user (GetUser, ChangePassword...). The
 * authorizer accepts the header with or without the `Bearer ` prefix, so we do too.
 */
export function accessTokenOf(event: Pick<AuthorizedEvent, 'headers'>): string {
  const header = event.headers.authorization ?? '';
  const token = header.replace(/^Bearer\s+/i, '').trim();
  if (!token) throw unauthorized();
  return token;
}

/** What the session check reads of a user's access token. */
export interface UserToken {
  sub: string;
  /** `iat`, in epoch seconds. */
  issuedAt: number;
  /** `origin_jti`: the session (one sign-in and its refreshes) the token belongs to. */
  sessionId?: string;
}

/**
 * The user's token an event carries, or undefined when it carries none or a machine client's: a
 * client-credentials token has no `username` claim (a user's always has one, and no trigger can remove it).
 */
export function userTokenOf(event: { requestContext: object }): UserToken | undefined {
  const { authorizer } = event.requestContext as Partial<AuthorizedEvent['requestContext']>;
  const claims = authorizer?.jwt?.claims;
  if (!claims?.username) return undefined;
  if (!claims.sub) throw unauthorized();
  const issuedAt = Number(claims.iat);
  return {
    sub: String(claims.sub),
    issuedAt: Number.isFinite(issuedAt) ? issuedAt : 0,
    ...(claims.origin_jti ? { sessionId: String(claims.origin_jti) } : {}),
  };
}
