// Refresh tokens: new tokens from one (REFRESH_TOKEN_AUTH, GetTokensFromRefreshToken with rotation),
// and their revocation.
// https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-the-refresh-token.html
import { timingSafeEqual } from 'node:crypto';
import { preTokenGeneration } from '../authentication.js';
import { atomic, type Context, type Flow, type Input, type Output } from '../context.js';
import { CognitoError, invalidParameter, notAuthorized } from '../errors.js';
import type { Client, Pool } from '../model.js';
import { clientAndPool, findUser } from '../records.js';
import { endSession, refreshSession, sessionOfRefreshToken } from '../sessions.js';
import { checkSecretHash } from '../users.js';
import { CLIENT_ID, optionalText, text } from '../validate.js';

const rotates = (client: Client) => client.RefreshTokenRotation?.Feature === 'ENABLED';

/** The session and user a refresh token stands for, after Cognito's checks. */
function checkRefresh(ctx: Context, pool: Pool, client: Client, token: string, authenticate: (username: string) => void) {
  const found = sessionOfRefreshToken(ctx, client, token);
  const user = findUser(ctx, pool, found.session.username);
  if (!user) throw notAuthorized('Invalid Refresh Token.');
  authenticate(user.username);
  if (!user.enabled) throw notAuthorized('User is disabled.');
  return { found, user };
}

/**
 * New tokens from a refresh token. The pre token generation trigger runs (TokenGeneration_RefreshTokens);
 * the pre and post authentication triggers do not.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-pre-token-generation.html
 */
async function refresh(ctx: Context, pool: Pool, client: Client, token: string, authenticate: (username: string) => void): Promise<Output> {
  const { user } = atomic(ctx, () => checkRefresh(ctx, pool, client, token, authenticate));
  const customization = await preTokenGeneration(ctx, pool, client, user, 'TokenGeneration_RefreshTokens');
  return atomic(ctx, () => {
    // Checked again: the token may have been revoked or rotated while the trigger ran.
    const { found, user } = checkRefresh(ctx, pool, client, token, authenticate);
    return {
      ChallengeParameters: {},
      AuthenticationResult: refreshSession(ctx, pool, client, user, found, rotates(client), customization),
    };
  });
}

export function refreshTokenAuth(ctx: Context, pool: Pool, client: Client, parameters: Record<string, string>): Promise<Output> {
  if (!client.ExplicitAuthFlows.includes('ALLOW_REFRESH_TOKEN_AUTH'))
    throw invalidParameter('REFRESH_TOKEN_AUTH flow not enabled for this client');
  // "You can't authenticate with REFRESH_TOKEN_AUTH in app clients with refresh token rotation enabled."
  if (rotates(client)) throw invalidParameter('Refresh token rotation is enabled for this client: use GetTokensFromRefreshToken.');
  const token = parameters.REFRESH_TOKEN;
  if (!token) throw invalidParameter('Missing required parameter REFRESH_TOKEN');
  // The SECRET_HASH of a refresh is computed over the user's internal username (the sub in an email pool).
  return refresh(ctx, pool, client, token, (username) => checkSecretHash(client, [username], parameters.SECRET_HASH));
}

/** Rotation authenticates the client with its secret itself, not with a SECRET_HASH. */
function checkClientSecret(client: Client, secret: string | undefined): void {
  if (!client.ClientSecret) return;
  if (!secret) throw notAuthorized(`Client ${client.ClientId} is configured for secret but secret was not received`);
  const given = Buffer.from(secret);
  const expected = Buffer.from(client.ClientSecret);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw notAuthorized('Client secret is incorrect.');
}

export const getTokensFromRefreshToken: Flow = async (ctx, input) => {
  const { client, pool, token } = atomic(ctx, () => {
    const { client, pool } = clientAndPool(ctx, text(input, 'ClientId', CLIENT_ID));
    const token = text(input, 'RefreshToken', { min: 1 });
    checkClientSecret(client, optionalText(input, 'ClientSecret'));
    return { client, pool, token };
  });
  const { AuthenticationResult } = await refresh(ctx, pool, client, token, () => undefined);
  return { AuthenticationResult };
};

/** Ends the session the refresh token belongs to: the token and every access token issued with it. */
export function revokeToken(ctx: Context, input: Input): Output {
  const { client } = clientAndPool(ctx, text(input, 'ClientId', CLIENT_ID));
  const token = text(input, 'Token', { min: 1 });
  checkClientSecret(client, optionalText(input, 'ClientSecret'));
  if (!client.EnableTokenRevocation)
    throw new CognitoError('UnsupportedOperationException', 'Token revocation is not enabled for this app client.');
  if (token.split('.').length === 3) throw new CognitoError('UnsupportedTokenTypeException', 'Unsupported token type.');
  let found;
  try {
    found = sessionOfRefreshToken(ctx, client, token);
  } catch (error) {
    // A token that is already invalid has nothing left to revoke (RFC 7009, section 2.2).
    if (error instanceof CognitoError) return {};
    throw error;
  }
  endSession(ctx, found.session.id);
  return {};
}
