// Sessions: what one authentication starts. A session holds its refresh token(s); its id is the
// `origin_jti` of every token issued in it, so ending a session (deleting its row) revokes them all.
// https://docs.aws.amazon.com/cognito/latest/developerguide/token-revocation.html
import { createHash, randomUUID } from 'node:crypto';
import type { Context } from './context.js';
import { CognitoError, notAuthorized, userDoesNotExist } from './errors.js';
import { lifetimeOf, secondsOf, type Client, type Pool, type User } from './model.js';
import { findUser, poolOf, usernameKey } from './records.js';
import { API_SCOPES, invalidAccessToken, issueJwts, newRefreshToken, verifiedClaims, type TokenCustomization } from './tokens.js';

export interface Session {
  id: string;
  poolId: string;
  clientId: string;
  username: string;
  authTime: number;
  expiresAt: number;
  /** The OAuth scopes granted (managed login); the API's scope otherwise. */
  scopes: string[];
}

const digestOf = (token: string) => createHash('sha256').update(token).digest('base64');

const sessionOf = (row: Record<string, unknown> | undefined): Session | undefined =>
  row && {
    id: String(row.id),
    poolId: String(row.pool_id),
    clientId: String(row.client_id),
    username: String(row.username),
    authTime: Number(row.auth_time),
    expiresAt: Number(row.expires_at),
    scopes: typeof row.scopes === 'string' && row.scopes ? row.scopes.split(' ') : API_SCOPES,
  };

export const sessionById = (ctx: Context, id: string) => sessionOf(ctx.store.get('SELECT * FROM sessions WHERE id = ?', id));

/** Keeps the session row as long as any token of it can still be presented. */
function extendKeep(ctx: Context, session: Session, client: Client): void {
  const accessExpires = ctx.clock.now() + lifetimeOf(client, 'AccessToken') * 1000;
  ctx.store.run('UPDATE sessions SET keep_until = MAX(keep_until, ?) WHERE id = ?', accessExpires, session.id);
}

export function storeRefreshToken(ctx: Context, sessionId: string): string {
  const token = newRefreshToken();
  ctx.store.run('INSERT INTO refresh_tokens (digest, session_id, valid_until) VALUES (?, ?, NULL)', digestOf(token), sessionId);
  return token;
}

/** A successful authentication: a new session and its first tokens. */
export function startSession(
  ctx: Context,
  pool: Pool,
  client: Client,
  user: User,
  customization: TokenCustomization = {},
  scopes: string[] = API_SCOPES,
) {
  const now = ctx.clock.now();
  const session: Session = {
    id: randomUUID(),
    poolId: pool.Id,
    clientId: client.ClientId,
    username: usernameKey(pool, user.username),
    authTime: secondsOf(now),
    expiresAt: now + lifetimeOf(client, 'RefreshToken') * 1000,
    scopes,
  };
  ctx.store.run(
    'INSERT INTO sessions (id, pool_id, client_id, username, auth_time, expires_at, keep_until, scopes) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    session.id,
    session.poolId,
    session.clientId,
    session.username,
    session.authTime,
    session.expiresAt,
    session.expiresAt,
    scopes === API_SCOPES ? null : scopes.join(' '),
  );
  extendKeep(ctx, session, client);
  const RefreshToken = storeRefreshToken(ctx, session.id);
  return { ...issueJwts(ctx, pool, client, user, { id: session.id, authTime: session.authTime }, customization, scopes), RefreshToken };
}

const invalidRefreshToken = () => notAuthorized('Invalid Refresh Token.');
const refreshTokenReused = () =>
  new CognitoError('RefreshTokenReuseException', 'Refresh token has been rotated and its grace period is over.');

/** The session a refresh token belongs to, after Cognito's checks; `rotated` tokens past their grace period are refused. */
export function sessionOfRefreshToken(ctx: Context, client: Client, token: string): { session: Session; digest: string; current: boolean } {
  const digest = digestOf(token);
  const row = ctx.store.get('SELECT session_id, valid_until FROM refresh_tokens WHERE digest = ?', digest);
  const session = row ? sessionById(ctx, String(row.session_id)) : undefined;
  if (!row || !session) throw invalidRefreshToken();
  if (session.clientId !== client.ClientId) throw invalidRefreshToken();
  const now = ctx.clock.now();
  if (session.expiresAt <= now) throw notAuthorized('Refresh Token has expired');
  if (row.valid_until !== null && Number(row.valid_until) <= now) throw refreshTokenReused();
  return { session, digest, current: row.valid_until === null };
}

/** New tokens from a session's refresh token; with rotation, a new refresh token with the session's expiry. */
export function refreshSession(
  ctx: Context,
  pool: Pool,
  client: Client,
  user: User,
  found: { session: Session; digest: string },
  rotate: boolean,
  customization: TokenCustomization = {},
) {
  const { session } = found;
  extendKeep(ctx, session, client);
  const authTime = ctx.authTimeAfterRefresh === 'original' ? session.authTime : secondsOf(ctx.clock.now());
  const tokens = issueJwts(ctx, pool, client, user, { id: session.id, authTime }, customization, session.scopes);
  if (!rotate) return tokens;
  // The replaced token stays valid for the grace period, so that a client may retry a lost answer.
  // https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-the-refresh-token.html
  const now = ctx.clock.now();
  const graceMs = (client.RefreshTokenRotation?.RetryGracePeriodSeconds ?? 0) * 1000;
  // Earlier generations past their grace are forgotten (a session keeps no history of rotations).
  ctx.store.run('DELETE FROM refresh_tokens WHERE session_id = ? AND valid_until IS NOT NULL AND valid_until <= ?', session.id, now);
  ctx.store.run(
    'UPDATE refresh_tokens SET valid_until = MIN(COALESCE(valid_until, ?), ?) WHERE digest = ?',
    now + graceMs,
    now + graceMs,
    found.digest,
  );
  return { ...tokens, RefreshToken: storeRefreshToken(ctx, session.id) };
}

export function endSession(ctx: Context, sessionId: string): void {
  ctx.store.run('DELETE FROM refresh_tokens WHERE session_id = ?', sessionId);
  ctx.store.run('DELETE FROM sessions WHERE id = ?', sessionId);
}

/**
 * The user an access token authorises, after the checks Cognito makes on every access-token
 * operation: signature, token use, expiry, the user (exists, enabled), scope, and the session
 * (gone once revoked or signed out: "Access Token has been revoked").
 */
export function userOfAccessToken(
  ctx: Context,
  token: string,
): { pool: Pool; user: User; session: Session; claims: Record<string, unknown> } {
  const claims = verifiedClaims(ctx, token);
  if (!claims || claims.token_use !== 'access' || typeof claims.iss !== 'string') throw invalidAccessToken();
  if (typeof claims.exp !== 'number' || claims.exp * 1000 <= ctx.clock.now()) throw notAuthorized('Access Token has expired');
  const poolId = claims.iss.split('/').pop() ?? '';
  let pool: Pool;
  try {
    pool = poolOf(ctx, poolId);
  } catch {
    throw invalidAccessToken();
  }
  if (claims.iss !== ctx.issuerOf(pool.Id) || typeof claims.username !== 'string') throw invalidAccessToken();
  const user = findUser(ctx, pool, claims.username);
  if (!user) throw notAuthorized(userDoesNotExist().message);
  if (!user.enabled) throw notAuthorized('User is disabled.');
  if (typeof claims.scope !== 'string' || !claims.scope.split(' ').includes('aws.cognito.signin.user.admin'))
    throw notAuthorized('Access Token does not have required scopes');
  const session = typeof claims.origin_jti === 'string' ? sessionById(ctx, claims.origin_jti) : undefined;
  if (!session) throw notAuthorized('Access Token has been revoked');
  return { pool, user, session, claims };
}

/** Drops the sessions no token of which can still be presented. */
export function purgeSessions(ctx: Context): void {
  const now = ctx.clock.now();
  ctx.store.run('DELETE FROM refresh_tokens WHERE session_id IN (SELECT id FROM sessions WHERE keep_until <= ?)', now);
  ctx.store.run('DELETE FROM sessions WHERE keep_until <= ?', now);
}
