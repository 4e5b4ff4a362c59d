// Passwords: the pool's policy as Cognito enforces it, and salted scrypt hashes (never the password itself).
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { CognitoError } from './errors.js';
import type { PasswordPolicy, Pool, StoredPassword, User } from './model.js';
import { verifierOf } from './srp.js';

// Cognito's password symbols. https://docs.aws.amazon.com/cognito/latest/developerguide/managing-users-passwords.html
const SYMBOLS = /[\^$*.[\]{}()?"!@#%&/\\,><':;|_~`=+-]/;

/** The policy's first unmet rule, in Cognito's words. */
export function policyViolation(policy: PasswordPolicy, password: string): string | undefined {
  if (password.length < policy.MinimumLength) return 'Password not long enough';
  if (policy.RequireUppercase && !/[A-Z]/.test(password)) return 'Password must have uppercase characters';
  if (policy.RequireLowercase && !/[a-z]/.test(password)) return 'Password must have lowercase characters';
  if (policy.RequireNumbers && !/[0-9]/.test(password)) return 'Password must have numeric characters';
  if (policy.RequireSymbols && !SYMBOLS.test(password)) return 'Password must have symbol characters';
  return undefined;
}

export function checkPolicy(policy: PasswordPolicy, password: string): void {
  const violation = policyViolation(policy, password);
  if (violation) throw new CognitoError('InvalidPasswordException', `Password did not conform with policy: ${violation}`);
}

// A low scrypt cost: these are local test passwords, and a sign-in must stay well under a millisecond.
const SCRYPT = { N: 1024, r: 8, p: 1 };

export function hashPassword(password: string): StoredPassword {
  const salt = randomBytes(16);
  return { salt: salt.toString('base64'), hash: scryptSync(password, salt, 32, SCRYPT).toString('base64') };
}

export function passwordMatches(stored: StoredPassword | undefined, password: string): boolean {
  if (!stored) return false;
  const hash = scryptSync(password, Buffer.from(stored.salt, 'base64'), 32, SCRYPT);
  return timingSafeEqual(hash, Buffer.from(stored.hash, 'base64'));
}

/**
 * A new password: its scrypt hash for password sign-in, and its SRP verifier for USER_SRP_AUTH (SRP
 * needs g^x, which no hash of ours gives, and the password is not kept).
 */
export function setPassword(pool: Pool, user: User, password: string): void {
  user.password = hashPassword(password);
  user.srp = verifierOf(pool.Id, user.username, password);
}
