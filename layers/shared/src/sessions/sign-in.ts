import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { unavailable } from '../http/aws-errors.js';
import { documents } from '../messages/client.js';
import { accountsTable, refreshTokenSeconds } from './config.js';
import { sessionKey } from './table.js';

/** What InitiateAuth and RespondToAuthChallenge answer, as far as a sign-in's record needs it. */
interface AuthResponse {
  AuthenticationResult?: { AccessToken?: string };
  ChallengeName?: string;
}

/**
 * The user and the session of an access token Cognito has just returned, read without verifying it: it
 * came from Cognito over TLS. Its `origin_jti` names the session (the template's EnableTokenRevocation).
 */
function sessionOf(accessToken: string): { sub: string; sessionId: string } | undefined {
  try {
    const claims = JSON.parse(Buffer.from(accessToken.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
    return typeof claims.sub === 'string' && typeof claims.origin_jti === 'string'
      ? { sub: claims.sub, sessionId: claims.origin_jti }
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Runs an authenticating call (a password, a code, a challenge's answer; never a refresh) and, when it
 * returns tokens, records when their session signed in: the recent sign-in rule reads it, and the session
 * check uses it to tell a sign-in from a sign-out in the same second. The time is taken before the call,
 * so a session recorded as signed in after a sign-out surely started after it (docs/sessions.md).
 */
export async function recordingSignIn<R extends AuthResponse>(authenticate: () => Promise<R>): Promise<R> {
  const signedInAt = Date.now();
  const response = await authenticate();
  const accessToken = response.AuthenticationResult?.AccessToken;
  if (!accessToken) return response;
  const session = sessionOf(accessToken);
  // Cognito's access tokens always carry both: without them it answered outside its documented contract.
  if (!session) throw unavailable;
  const expiresAt = Math.floor(signedInAt / 1000) + refreshTokenSeconds();
  await documents.send(
    new PutCommand({ TableName: accountsTable(), Item: { ...sessionKey(session.sub, session.sessionId), signedInAt, expiresAt } }),
  );
  return response;
}
