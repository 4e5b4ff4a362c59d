// One-time codes Cognito emails: six digits, one use, a lifetime per purpose, and an hourly limit of
// wrong entries. Only a digest is stored; the code itself goes to the outbox (the local mailbox).
import { createHash, randomInt } from 'node:crypto';
import { hourlyLimit, type AttemptKind } from './attempts.js';
import type { Context } from './context.js';
import { codeExpired, wrongCode } from './errors.js';
import type { Pool, User } from './model.js';
import { usernameKey } from './records.js';
import { eventAttributesOf, runTrigger, textField } from './triggers.js';

const HOUR = 3_600_000;
const USED = 'used:';

export type CodePurpose = 'signup' | 'reset' | 'verify';

// Sign-up and attribute verification codes last 24 hours, reset codes one hour.
// https://docs.aws.amazon.com/cognito/latest/developerguide/signing-up-users-in-your-app.html
// https://docs.aws.amazon.com/cognito/latest/developerguide/how-to-recover-a-user-account.html
export const CODE_LIFETIME_MS: Record<CodePurpose, number> = { signup: 24 * HOUR, reset: HOUR, verify: 24 * HOUR };

/** Why a code was sent, as the outbox names it. */
export type CodeSource =
  'SignUp' | 'ResendCode' | 'ForgotPassword' | 'UpdateUserAttribute' | 'VerifyUserAttribute' | 'AdminCreateUser' | 'EmailOtp';

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

/** A code (or temporary password) on its way to a user, sent once the transaction that made it is over. */
export interface Message {
  source: CodeSource;
  destination: string;
  code: string;
  /** The app client of the request (callerContext.clientId), or NO_CLIENT. */
  clientId: string;
  clientMetadata?: Record<string, string>;
}

// The placeholders Cognito gives the custom message trigger and replaces in what it returns.
// https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-custom-message.html
const CODE_PARAMETER = '{####}';
const USERNAME_PARAMETER = '{username}';

/** The message the pool's CustomMessage trigger writes, if it has one and keeps the placeholders it must. */
async function customMessage(ctx: Context, pool: Pool, user: User, message: Message) {
  const admin = message.source === 'AdminCreateUser';
  const response = await runTrigger(ctx, pool, 'CustomMessage', {
    triggerSource: `CustomMessage_${message.source === 'EmailOtp' ? 'Authentication' : message.source}`,
    userName: user.username,
    clientId: message.clientId,
    request: {
      userAttributes: eventAttributesOf(user),
      codeParameter: CODE_PARAMETER,
      linkParameter: '{##Click Here##}',
      usernameParameter: admin ? USERNAME_PARAMETER : null,
      ...(message.clientMetadata ? { clientMetadata: message.clientMetadata } : {}),
    },
    response: { smsMessage: null, emailMessage: null, emailSubject: null },
  });
  if (!response) return undefined;
  const body = textField(response, 'emailMessage');
  const subject = textField(response, 'emailSubject');
  textField(response, 'smsMessage');
  // A message without the code (or, for an invitation, the username) is not used: Cognito sends its default one.
  if (!body?.includes(CODE_PARAMETER) || (admin && !body.includes(USERNAME_PARAMETER))) return subject ? { subject } : undefined;
  return {
    ...(subject ? { subject } : {}),
    body: body.replaceAll(CODE_PARAMETER, message.code).replaceAll(USERNAME_PARAMETER, user.username),
  };
}

/** Emails the code (to the outbox), in the words of the pool's CustomMessage trigger when it has one. */
export async function deliver(ctx: Context, pool: Pool, user: User, message: Message): Promise<void> {
  const custom = await customMessage(ctx, pool, user, message);
  ctx.outbox.add({
    destination: message.destination,
    source: message.source,
    code: message.code,
    userPoolId: pool.Id,
    username: user.username,
    sentAt: new Date(ctx.clock.now()).toISOString(),
    ...custom,
  });
}

/** A new code for `purpose`, replacing the user's previous one; only its digest is kept. */
export function issueCode(ctx: Context, pool: Pool, user: User, purpose: CodePurpose): string {
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  ctx.store.run(
    'INSERT OR REPLACE INTO codes (pool_id, username, purpose, digest, expires_at) VALUES (?, ?, ?, ?, ?)',
    pool.Id,
    usernameKey(pool, user.username),
    purpose,
    digestOf(pool, user, purpose, code),
    ctx.clock.now() + CODE_LIFETIME_MS[purpose],
  );
  return code;
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
