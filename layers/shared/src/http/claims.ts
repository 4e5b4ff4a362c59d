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
