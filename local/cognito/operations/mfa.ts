// TOTP authenticators: associate, verify, and the user's MFA preference.
// https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-mfa-totp.html
import { closeChallenge, openChallenge, startChallenge } from '../challenges.js';
import type { Context, Input, Output } from '../context.js';
import { CognitoError, invalidParameter, invalidSession } from '../errors.js';
import type { Pool, User } from '../model.js';
import { clientOf, findUser, poolOf, saveUser } from '../records.js';
import { userOfAccessToken } from '../sessions.js';
import { matchingStep, newTotpSecret } from '../totp.js';
import { optionalText, SESSION, text } from '../validate.js';

function checkPoolAllowsTotp(pool: Pool): void {
  if (!pool.SoftwareTokenMfaConfiguration?.Enabled)
    throw new CognitoError('SoftwareTokenMFANotFoundException', 'Software Token MFA has not been enabled for the user pool.');
}

/** Either an access token or a challenge session (MFA_SETUP) authorises these calls, not both. */
function authorisation(input: Input): { accessToken?: string; session?: string } {
  const accessToken = optionalText(input, 'AccessToken');
  const session = optionalText(input, 'Session', SESSION);
  if ((accessToken === undefined) === (session === undefined)) throw invalidParameter('Provide either an AccessToken or a Session.');
  return { ...(accessToken ? { accessToken } : {}), ...(session ? { session } : {}) };
}

function challengeUser(ctx: Context, session: string) {
  const challenge = openChallenge(ctx, session);
  const pool = poolOf(ctx, challenge.poolId);
  const user = findUser(ctx, pool, challenge.username);
  if (!user || challenge.name !== 'MFA_SETUP') throw invalidSession();
  return { challenge, pool, user, client: clientOf(ctx, challenge.clientId) };
}

export function associateSoftwareToken(ctx: Context, input: Input): Output {
  const { accessToken, session } = authorisation(input);
  const secret = newTotpSecret();
  if (accessToken) {
    const { pool, user } = userOfAccessToken(ctx, accessToken);
    checkPoolAllowsTotp(pool);
    user.pendingTotpSecret = secret;
    saveUser(ctx, pool, user);
    return { SecretCode: secret };
  }
  const { challenge, pool, user, client } = challengeUser(ctx, session ?? '');
  checkPoolAllowsTotp(pool);
  closeChallenge(ctx, session ?? '');
  const next = startChallenge(ctx, pool, client, user, { name: challenge.name, totpSecret: secret });
  return { SecretCode: secret, Session: next };
}

const codeMismatch = () => new CognitoError('EnableSoftwareTokenMFAException', 'Code mismatch and fail enable Software Token MFA');

export function verifySoftwareToken(ctx: Context, input: Input): Output {
  const { accessToken, session } = authorisation(input);
  const code = text(input, 'UserCode', { min: 6, max: 6, pattern: /[0-9]+/ });
  if (accessToken) {
    const { pool, user } = userOfAccessToken(ctx, accessToken);
    if (!user.pendingTotpSecret) throw invalidParameter('User has not associated a software token.');
    const step = matchingStep(user.pendingTotpSecret, code, ctx.clock.now(), user.totp?.lastUsedStep);
    if (step === undefined) throw codeMismatch();
    user.totp = { secret: user.pendingTotpSecret, lastUsedStep: step };
    delete user.pendingTotpSecret;
    saveUser(ctx, pool, user);
    return { Status: 'SUCCESS' };
  }
  const { challenge, pool, user, client } = challengeUser(ctx, session ?? '');
  if (!challenge.totpSecret) throw invalidParameter('User has not associated a software token.');
  if (matchingStep(challenge.totpSecret, code, ctx.clock.now(), user.totp?.lastUsedStep) === undefined) throw codeMismatch();
  closeChallenge(ctx, session ?? '');
  const next = startChallenge(ctx, pool, client, user, { name: challenge.name, totpSecret: challenge.totpSecret, totpVerified: true });
  return { Status: 'SUCCESS', Session: next };
}

export function setUserMfaPreference(ctx: Context, input: Input): Output {
  const { pool, user } = userOfAccessToken(ctx, text(input, 'AccessToken'));
  applyMfaPreference(user, input.SoftwareTokenMfaSettings as { Enabled?: boolean; PreferredMfa?: boolean } | undefined);
  saveUser(ctx, pool, user);
  return {};
}

export function applyMfaPreference(user: User, settings: { Enabled?: boolean; PreferredMfa?: boolean } | undefined): void {
  if (!settings) return;
  if (settings.Enabled && !user.totp) throw invalidParameter('User has not verified software token mfa');
  const enabled = settings.Enabled ?? user.softwareTokenMfa?.enabled ?? false;
  user.softwareTokenMfa = { enabled, preferred: enabled && (settings.PreferredMfa ?? false) };
}
