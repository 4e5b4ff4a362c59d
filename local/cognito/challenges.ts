// Challenge sessions: the `Session` string a challenge hands out, valid for the app client's
// AuthSessionValidity (3 minutes by default) and for the user it was issued to.
// https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-authentication-flow.html
import { createHash, randomBytes } from 'node:crypto';
import type { Context } from './context.js';
import type { AuthorizationCode } from './managed-login.js';
import { invalidSession } from './errors.js';
import type { Client, Pool, User } from './model.js';
import { usernameKey } from './records.js';

export interface Challenge {
  /** The challenge this session answers (NEW_PASSWORD_REQUIRED, SOFTWARE_TOKEN_MFA, MFA_SETUP...). */
  name: string;
  /** MFA_SETUP: the secret AssociateSoftwareToken gave, then whether VerifySoftwareToken accepted a code. */
  totpSecret?: string;
  totpVerified?: boolean;
  /** PASSWORD_VERIFIER: the client's A, the server's b and B, and the verifier they were made with. */
  srp?: { srpA: string; b: string; B: string; salt: string; verifier: string };
  /** EMAIL_OTP: the digest of the code sent. */
  otpDigest?: string;
  /** SELECT_CHALLENGE: the choices offered. */
  available?: string[];
  /** WEB_AUTHN, and a passkey registration: the challenge of the options handed out. */
  webauthnChallenge?: string;
  /** AUTHORIZATION_CODE: what the code was granted for (managed-login.ts). */
  grant?: AuthorizationCode;
}

const digestOf = (session: string) => createHash('sha256').update(session).digest('base64');

/** Opens a challenge for `user` (or, to answer as for a user, an unknown username); `session` is its handle. */
export function startChallenge(
  ctx: Context,
  pool: Pool,
  client: Client,
  user: Pick<User, 'username'>,
  challenge: Challenge,
  session = randomBytes(96).toString('base64url'),
  lifetimeMs?: number,
): string {
  ctx.store.run(
    'INSERT OR REPLACE INTO challenges (id, pool_id, client_id, username, data, expires_at) VALUES (?, ?, ?, ?, ?, ?)',
    digestOf(session),
    pool.Id,
    client.ClientId,
    usernameKey(pool, user.username),
    JSON.stringify(challenge),
    ctx.clock.now() + (lifetimeMs ?? client.AuthSessionValidity * 60_000),
  );
  return session;
}

export interface OpenChallenge extends Challenge {
  poolId: string;
  clientId: string;
  username: string;
}

/** The challenge a session string stands for, if it is still open. */
export function openChallenge(ctx: Context, session: string): OpenChallenge {
  const row = ctx.store.get('SELECT * FROM challenges WHERE id = ?', digestOf(session));
  if (!row || Number(row.expires_at) <= ctx.clock.now()) throw invalidSession();
  return {
    ...(JSON.parse(String(row.data)) as Challenge),
    poolId: String(row.pool_id),
    clientId: String(row.client_id),
    username: String(row.username),
  };
}

export const closeChallenge = (ctx: Context, session: string) => ctx.store.run('DELETE FROM challenges WHERE id = ?', digestOf(session));

export const purgeChallenges = (ctx: Context) => ctx.store.run('DELETE FROM challenges WHERE expires_at <= ?', ctx.clock.now());
