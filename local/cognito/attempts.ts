// Attempt limits, kept per user (or per unknown username, so that a limit says nothing about whether
// an account exists). The numbers and their sources: docs/local-emulation.md.
import { attemptLimitExceeded, notAuthorized } from './errors.js';
import type { Context } from './context.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

// https://docs.aws.amazon.com/cognito/latest/developerguide/authentication.html#authentication-flow-lockout-behavior
export const SIGN_IN_LOCKOUT = {
  /** Failures before the first lockout. */
  freeFailures: 5,
  maxLockoutMs: 15 * MINUTE,
  /** No attempt for this long after a lockout resets the count. */
  resetAfterIdleMs: 15 * MINUTE,
};

// https://docs.aws.amazon.com/cognito/latest/developerguide/how-to-recover-a-user-account.html#forgot-password
// "In a given hour, we allow between 5 and 20 attempts": the emulator applies the lower bound.
export const CODE_LIMIT = { attempts: 5, windowMs: HOUR };

interface Attempts {
  failures: number;
  windowStart: number;
  lockedUntil: number;
  lastAt: number;
}

export type AttemptKind = 'sign-in' | 'code:signup' | 'code:reset' | 'code:verify' | 'send:signup' | 'send:reset' | 'send:verify';

function read(ctx: Context, poolId: string, subject: string, kind: AttemptKind): Attempts | undefined {
  const row = ctx.store.get('SELECT * FROM attempts WHERE pool_id = ? AND subject = ? AND kind = ?', poolId, subject, kind);
  if (!row) return undefined;
  return {
    failures: Number(row.failures),
    windowStart: Number(row.window_start),
    lockedUntil: Number(row.locked_until),
    lastAt: Number(row.last_at),
  };
}

function write(ctx: Context, poolId: string, subject: string, kind: AttemptKind, attempts: Attempts): void {
  ctx.store.run(
    'INSERT OR REPLACE INTO attempts (pool_id, subject, kind, failures, window_start, locked_until, last_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    poolId,
    subject,
    kind,
    attempts.failures,
    attempts.windowStart,
    attempts.lockedUntil,
    attempts.lastAt,
  );
}

const clear = (ctx: Context, poolId: string, subject: string, kind: AttemptKind) =>
  ctx.store.run('DELETE FROM attempts WHERE pool_id = ? AND subject = ? AND kind = ?', poolId, subject, kind);

/** The lockout of password and MFA-code sign-in: 2^(n-5) seconds after the n-th failure (n >= 5), at most ~15 minutes. */
export const signInLockout = {
  /** Refuses an attempt during a lockout, whatever the password. */
  check(ctx: Context, poolId: string, subject: string): void {
    const attempts = read(ctx, poolId, subject, 'sign-in');
    const now = ctx.clock.now();
    if (attempts && now < attempts.lockedUntil) {
      // It does not lengthen the lockout, but it is an attempt: the 15 idle minutes start again.
      write(ctx, poolId, subject, 'sign-in', { ...attempts, lastAt: now });
      throw notAuthorized('Password attempts exceeded');
    }
  },
  failed(ctx: Context, poolId: string, subject: string): void {
    const now = ctx.clock.now();
    const previous = read(ctx, poolId, subject, 'sign-in');
    const idle = previous && now - previous.lastAt >= SIGN_IN_LOCKOUT.resetAfterIdleMs;
    const failures = (previous && !idle ? previous.failures : 0) + 1;
    const lockoutMs =
      failures >= SIGN_IN_LOCKOUT.freeFailures
        ? Math.min(2 ** (failures - SIGN_IN_LOCKOUT.freeFailures) * 1000, SIGN_IN_LOCKOUT.maxLockoutMs)
        : 0;
    write(ctx, poolId, subject, 'sign-in', { failures, windowStart: now, lockedUntil: now + lockoutMs, lastAt: now });
  },
  succeeded(ctx: Context, poolId: string, subject: string): void {
    clear(ctx, poolId, subject, 'sign-in');
  },
};

/** At most CODE_LIMIT.attempts of `kind` per user per hour; the next ones get LimitExceededException. */
export const hourlyLimit = {
  check(ctx: Context, poolId: string, subject: string, kind: AttemptKind): void {
    const attempts = read(ctx, poolId, subject, kind);
    if (attempts && ctx.clock.now() - attempts.windowStart < CODE_LIMIT.windowMs && attempts.failures >= CODE_LIMIT.attempts)
      throw attemptLimitExceeded();
  },
  /** Counts one attempt (a wrong code, or a code sent). */
  count(ctx: Context, poolId: string, subject: string, kind: AttemptKind): void {
    const now = ctx.clock.now();
    const previous = read(ctx, poolId, subject, kind);
    const current =
      previous && now - previous.windowStart < CODE_LIMIT.windowMs
        ? previous
        : { failures: 0, windowStart: now, lockedUntil: 0, lastAt: now };
    write(ctx, poolId, subject, kind, { ...current, failures: current.failures + 1, lastAt: now });
  },
  reset(ctx: Context, poolId: string, subject: string, kind: AttemptKind): void {
    clear(ctx, poolId, subject, kind);
  },
};

/** Drops the counts that no longer limit anything. */
export function purgeAttempts(ctx: Context): void {
  const now = ctx.clock.now();
  ctx.store.run(
    'DELETE FROM attempts WHERE locked_until <= ? AND last_at <= ? AND window_start <= ?',
    now,
    now - SIGN_IN_LOCKOUT.resetAfterIdleMs,
    now - CODE_LIMIT.windowMs,
  );
}
