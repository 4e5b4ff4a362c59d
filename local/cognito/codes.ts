// One-time codes Cognito emails: six digits, one use, a lifetime per purpose, and an hourly limit of
// wrong entries. Only a digest is stored; the code itself goes to the outbox (the local mailbox).
import { createHash, randomInt } from 'node:crypto';
import { hourlyLimit, type AttemptKind } from './attempts.js';
import type { Context } from './context.js';
import { codeExpired, wrongCode } from './errors.js';
import type { Pool, User } from './model.js';
import { usernameKey } from './records.js';

const HOUR = 3_600_000;
const USED = 'used:';

export type CodePurpose = 'signup' | 'reset' | 'verify';

// Sign-up and attribute verification codes last 24 hours, reset codes one hour.
// https://docs.aws.amazon.com/cognito/latest/developerguide/signing-up-users-in-your-app.html
// https://docs.aws.amazon.com/cognito/latest/developerguide/how-to-recover-a-user-account.html
export const CODE_LIFETIME_MS: Record<CodePurpose, number> = { signup: 24 * HOUR, reset: HOUR, verify: 24 * HOUR };

/** Why a code was sent, as the outbox names it. */
export type CodeSource = 'SignUp' | 'ResendCode' | 'ForgotPassword' | 'UpdateUserAttribute' | 'VerifyUserAttribute' | 'AdminCreateUser';

const digestOf = (pool: Pool, user: User, purpose: CodePurpose, code: string) =>
  createHash('sha256').update(`${pool.Id}\n${user.username}\n${purpose}\n${code}`).digest('base64');

/** Cognito masks where it sent a code: jane@example.com -> j***@e***. */
export function maskedDestination(destination: string): string {
  const [local = '', domain = ''] = destination.split('@');
  return domain ? `${local.slice(0, 1)}***@${domain.slice(0, 1)}***` : `+*******${destination.slice(-4)}`;
}

export const emailDelivery = (destination: string) => ({
  Destination: maskedDestination(destination),
  DeliveryMedium: 'EMAIL',
  AttributeName: 'email',
});

export function deliver(ctx: Context, pool: Pool, user: User, source: CodeSource, destination: string, code: string): void {
  ctx.outbox.add({
    destination,
    source,
    code,
    userPoolId: pool.Id,
    username: user.username,
    sentAt: new Date(ctx.clock.now()).toISOString(),
  });
}

/** A new code for `purpose`, replacing the user's previous one, sent to `destination`. */
export function sendCode(ctx: Context, pool: Pool, user: User, purpose: CodePurpose, source: CodeSource, destination: string) {
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  ctx.store.run(
    'INSERT OR REPLACE INTO codes (pool_id, username, purpose, digest, expires_at) VALUES (?, ?, ?, ?, ?)',
    pool.Id,
    usernameKey(pool, user.username),
    purpose,
    digestOf(pool, user, purpose, code),
    ctx.clock.now() + CODE_LIFETIME_MS[purpose],
  );
  deliver(ctx, pool, user, source, destination, code);
  return emailDelivery(destination);
}

/** Accepts the user's current code for `purpose` once; a wrong one counts toward the hourly limit. */
export function consumeCode(ctx: Context, pool: Pool, user: User, purpose: CodePurpose, code: string): void {
  const kind: AttemptKind = `code:${purpose}`;
  const subject = usernameKey(pool, user.username);
  hourlyLimit.check(ctx, pool.Id, subject, kind);
  const row = ctx.store.get(
    'SELECT digest, expires_at FROM codes WHERE pool_id = ? AND username = ? AND purpose = ?',
    pool.Id,
    subject,
    purpose,
  );
  const digest = digestOf(pool, user, purpose, code);
  // A used code is kept, marked, until it would have expired: Cognito answers its reuse as an expired code.
  if (row?.digest === `${USED}${digest}`) throw codeExpired();
  if (!row || row.digest !== digest) {
    hourlyLimit.count(ctx, pool.Id, subject, kind);
    throw wrongCode();
  }
  if (Number(row.expires_at) <= ctx.clock.now()) throw codeExpired();
  ctx.store.run(
    'UPDATE codes SET digest = ? WHERE pool_id = ? AND username = ? AND purpose = ?',
    `${USED}${digest}`,
    pool.Id,
    subject,
    purpose,
  );
  hourlyLimit.reset(ctx, pool.Id, subject, kind);
}

export const purgeCodes = (ctx: Context) => ctx.store.run('DELETE FROM codes WHERE expires_at <= ?', ctx.clock.now());
