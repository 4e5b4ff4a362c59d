// Choice-based sign-in (USER_AUTH): the first factors the pool's sign-in policy allows and the user
// can use, a preferred one straight away or SELECT_CHALLENGE, then PASSWORD, PASSWORD_SRP or EMAIL_OTP.
// https://docs.aws.amazon.com/cognito/latest/developerguide/authentication-flows-selection-sdk.html
import { createHash, randomInt } from 'node:crypto';
import { signInLockout } from '../attempts.js';
import type { Outcome } from '../authentication.js';
import { closeChallenge, openChallenge, startChallenge, type OpenChallenge } from '../challenges.js';
import { maskedDestination } from '../codes.js';
import { atomic, type Context } from '../context.js';
import { CognitoError, invalidParameter, invalidSession, notAuthorized } from '../errors.js';
import type { Client, Pool, User } from '../model.js';
import { findUser, saveUser, usernameKey } from '../records.js';
import { checkSecretHash } from '../users.js';
import { requestOptions, userVerificationOf, verifiedAssertion } from '../webauthn.js';
import { passwordVerifierChallenge } from './password-verifier.js';
import { afterPassword, checkPassword, type Attempt } from './sign-in.js';

export type FirstFactor = 'PASSWORD' | 'EMAIL_OTP' | 'SMS_OTP' | 'WEB_AUTHN';
type Choice = 'PASSWORD' | 'PASSWORD_SRP' | 'EMAIL_OTP' | 'WEB_AUTHN';

const FACTORS: FirstFactor[] = ['PASSWORD', 'EMAIL_OTP', 'SMS_OTP', 'WEB_AUTHN'];

/**
 * CreateUserPool/UpdateUserPool: AllowedFirstAuthFactors must include PASSWORD, and the passwordless
 * factors need the Essentials or Plus plan.
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_SignInPolicyType.html
 */
export function checkSignInPolicy(policy: { AllowedFirstAuthFactors?: unknown } | undefined, tier: Pool['UserPoolTier']): void {
  const factors = policy?.AllowedFirstAuthFactors;
  if (factors === undefined) return;
  if (!Array.isArray(factors) || factors.some((factor) => !FACTORS.includes(factor as FirstFactor)))
    throw invalidParameter(`AllowedFirstAuthFactors must be a list of ${FACTORS.join(', ')}`);
  if (!factors.includes('PASSWORD')) throw invalidParameter('AllowedFirstAuthFactors must include PASSWORD.');
  if (factors.length > 1 && tier === 'LITE')
    throw new CognitoError(
      'FeatureUnavailableInTierException',
      "Passwordless sign-in is not available in the user pool's feature plan (tier).",
    );
}

export const allowedFactors = (pool: Pool): FirstFactor[] =>
  (pool.Policies.SignInPolicy as { AllowedFirstAuthFactors?: FirstFactor[] } | undefined)?.AllowedFirstAuthFactors ?? ['PASSWORD'];

const usesTotp = (pool: Pool, user: User) =>
  pool.MfaConfiguration !== 'OFF' && user.totp !== undefined && user.softwareTokenMfa?.enabled === true;

/**
 * What a user can choose. A user with MFA cannot sign in with a one-time code (MFA would follow a
 * code that is already a second factor); an unknown user is offered what a user without a passkey is,
 * so that the list says nothing about whether an account exists.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-authentication-flow-methods.html
 */
export function availableChallenges(pool: Pool, user: User | undefined): Choice[] {
  const factors = allowedFactors(pool);
  const choices: Choice[] = [];
  if (factors.includes('PASSWORD') && (!user || user.password)) choices.push('PASSWORD', 'PASSWORD_SRP');
  if (factors.includes('EMAIL_OTP') && (!user || (user.attributes.email_verified === 'true' && !usesTotp(pool, user))))
    choices.push('EMAIL_OTP');
  // A passkey stands in for MFA only when it verifies the user.
  const passkeys = (user?.passkeys ?? []).length > 0;
  if (factors.includes('WEB_AUTHN') && user && passkeys && (!usesTotp(pool, user) || userVerificationOf(pool) === 'required'))
    choices.push('WEB_AUTHN');
  return choices;
}

// Email sign-in codes: 8 digits, valid while the challenge session is (the client's AuthSessionValidity).
const OTP_DIGITS = 8;
const digestOf = (pool: Pool, username: string, code: string) =>
  createHash('sha256').update(`${pool.Id}\n${username}\nEMAIL_OTP\n${code}`).digest('base64');

/** Sends an EMAIL_OTP code (for an unknown user, a simulated delivery) and opens the challenge. */
function emailOtpChallenge(ctx: Context, pool: Pool, client: Client, attempt: Attempt): Outcome {
  const { user } = attempt;
  const code = String(randomInt(0, 10 ** OTP_DIGITS)).padStart(OTP_DIGITS, '0');
  const email = user?.attributes.email ?? attempt.username;
  const username = user?.username ?? attempt.username.toLowerCase();
  const session = startChallenge(ctx, pool, client, { username }, { name: 'EMAIL_OTP', otpDigest: digestOf(pool, username, code) });
  return {
    challenge: {
      ChallengeName: 'EMAIL_OTP',
      Session: session,
      ChallengeParameters: { CODE_DELIVERY_DELIVERY_MEDIUM: 'EMAIL', CODE_DELIVERY_DESTINATION: maskedDestination(email) },
    },
    ...(user ? { delivery: { pool, user, message: { source: 'EmailOtp', destination: email, code, clientId: client.ClientId } } } : {}),
  };
}

function selectChallenge(ctx: Context, pool: Pool, client: Client, attempt: Attempt, available: Choice[]): Outcome {
  const username = attempt.user?.username ?? attempt.username.toLowerCase();
  const session = startChallenge(ctx, pool, client, { username }, { name: 'SELECT_CHALLENGE', available });
  return { challenge: { ChallengeName: 'SELECT_CHALLENGE', Session: session, AvailableChallenges: available, ChallengeParameters: {} } };
}

/** The chosen (or preferred) first factor, with what it needs from `parameters`. */
function start(ctx: Context, pool: Pool, client: Client, attempt: Attempt, choice: Choice, parameters: Record<string, string>): Outcome {
  if (choice === 'PASSWORD') {
    if (!parameters.PASSWORD) throw invalidParameter('Missing required parameter PASSWORD');
    return checkPassword(ctx, pool, client, attempt.username, parameters.PASSWORD);
  }
  if (choice === 'PASSWORD_SRP') {
    if (!parameters.SRP_A) throw invalidParameter('Missing required parameter SRP_A');
    return passwordVerifierChallenge(ctx, pool, client, attempt.username, parameters.SRP_A);
  }
  if (choice === 'EMAIL_OTP') return emailOtpChallenge(ctx, pool, client, attempt);
  if (!attempt.user) throw invalidParameter(`${choice} is not an available challenge for the user.`);
  const options = requestOptions(ctx, pool, attempt.user);
  const session = startChallenge(ctx, pool, client, attempt.user, { name: 'WEB_AUTHN', webauthnChallenge: options.challenge });
  return {
    challenge: {
      ChallengeName: 'WEB_AUTHN',
      Session: session,
      ChallengeParameters: { CREDENTIAL_REQUEST_OPTIONS: JSON.stringify(options) },
    },
  };
}

/**
 * InitiateAuth USER_AUTH, after the pre authentication trigger: the preferred challenge when the user
 * can use it, SELECT_CHALLENGE otherwise.
 */
export function userAuth(ctx: Context, pool: Pool, client: Client, attempt: Attempt, parameters: Record<string, string>): Outcome {
  const available = availableChallenges(pool, findUser(ctx, pool, attempt.username));
  const preferred = parameters.PREFERRED_CHALLENGE as Choice | undefined;
  if (preferred && available.includes(preferred)) return start(ctx, pool, client, attempt, preferred, parameters);
  return selectChallenge(ctx, pool, client, attempt, available);
}

/** The user a SELECT_CHALLENGE or EMAIL_OTP session was opened for (or the unknown username it stands in for). */
function attemptOf(ctx: Context, pool: Pool, client: Client, challenge: OpenChallenge, responses: Record<string, string>): Attempt {
  if (challenge.poolId !== pool.Id || challenge.clientId !== client.ClientId) throw invalidSession();
  const given = responses.USERNAME;
  if (!given) throw invalidParameter('Missing required parameter USERNAME');
  const user = findUser(ctx, pool, challenge.username);
  if (user ? findUser(ctx, pool, given)?.username !== user.username : given.toLowerCase() !== challenge.username) throw invalidSession();
  checkSecretHash(client, [given, ...(user ? [user.username] : [])], responses.SECRET_HASH);
  return { username: given, user, subject: user ? usernameKey(pool, user.username) : challenge.username };
}

export function answerSelectChallenge(
  ctx: Context,
  pool: Pool,
  client: Client,
  challenge: OpenChallenge,
  session: string,
  responses: Record<string, string>,
): Outcome {
  const attempt = attemptOf(ctx, pool, client, challenge, responses);
  const answer = responses.ANSWER as Choice | undefined;
  if (!answer) throw invalidParameter('Missing required parameter ANSWER');
  if (!(challenge.available ?? []).includes(answer)) throw invalidParameter(`${answer} is not an available challenge for the user.`);
  closeChallenge(ctx, session);
  return start(ctx, pool, client, attempt, answer, responses);
}

/** EMAIL_OTP_CODE: a wrong code counts toward the sign-in lockout and leaves the session open. */
export function answerEmailOtp(
  ctx: Context,
  pool: Pool,
  client: Client,
  challenge: OpenChallenge,
  session: string,
  responses: Record<string, string>,
): Outcome {
  const attempt = attemptOf(ctx, pool, client, challenge, responses);
  const code = responses.EMAIL_OTP_CODE;
  if (!code) throw invalidParameter('Missing required parameter EMAIL_OTP_CODE');
  signInLockout.check(ctx, pool.Id, attempt.subject);
  if (!attempt.user || challenge.otpDigest !== digestOf(pool, attempt.user.username, code)) {
    signInLockout.failed(ctx, pool.Id, attempt.subject);
    throw new CognitoError('CodeMismatchException', 'Invalid code or auth state for the user.');
  }
  closeChallenge(ctx, session);
  return afterPassword(ctx, pool, client, attempt.user, attempt.subject);
}

/**
 * WEB_AUTHN: the CREDENTIAL (an assertion, as JSON) verified against the user's passkey: challenge,
 * origin on the relying party's domain, relying party, signature, user verification when the pool
 * requires it, and a signature counter that must grow. A passkey is a first factor that MFA does not follow.
 */
export async function answerWebAuthn(
  ctx: Context,
  pool: Pool,
  client: Client,
  session: string,
  responses: Record<string, string>,
): Promise<Outcome> {
  const { attempt, challenge } = atomic(ctx, () => {
    const challenge = openChallenge(ctx, session);
    if (challenge.name !== 'WEB_AUTHN') throw invalidSession();
    const attempt = attemptOf(ctx, pool, client, challenge, responses);
    signInLockout.check(ctx, pool.Id, attempt.subject);
    return { attempt, challenge };
  });
  let credential: unknown;
  try {
    credential = JSON.parse(responses.CREDENTIAL ?? '');
  } catch {
    throw invalidParameter('CREDENTIAL must be a JSON document.');
  }
  const counter = attempt.user && (await verifiedAssertion(ctx, pool, attempt.user, credential, challenge.webauthnChallenge ?? ''));
  return atomic(ctx, () => {
    openChallenge(ctx, session);
    const user = findUser(ctx, pool, attempt.user?.username ?? '');
    const id = (credential as { id?: unknown }).id;
    const passkey = user?.passkeys?.find((candidate) => candidate.credentialId === id);
    if (!user || !passkey || counter === undefined) {
      signInLockout.failed(ctx, pool.Id, attempt.subject);
      throw notAuthorized('Incorrect username or passkey.');
    }
    passkey.counter = counter;
    saveUser(ctx, pool, user);
    closeChallenge(ctx, session);
    signInLockout.succeeded(ctx, pool.Id, attempt.subject);
    if (!user.enabled) throw notAuthorized('User is disabled.');
    return { authenticated: { pool, client, user, source: 'TokenGeneration_Authentication' } };
  });
}
