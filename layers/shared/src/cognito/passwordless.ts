import { randomBytes } from 'node:crypto';
import type { InitiateAuthCommandOutput } from '@aws-sdk/client-cognito-identity-provider';
import { unavailable, undefinedOn } from '../http/aws-errors.js';
import { problem, type Problem } from '../http/problem.js';
import { cognito, InitiateAuthCommand } from './client.js';
import { maskedEmail } from './code-delivery.js';
import { cognitoConfig } from './config.js';
import { secretHashParameter } from './secret-hash.js';

// Choice-based sign-in (USER_AUTH) in the contract's shapes, built so that a stranger cannot tell an unknown
// email, or a user who cannot use a factor, from a user who can (docs/passwordless.md): every answer is built
// here from the email and the template's settings; only `session` and a passkey challenge's random bytes come
// from Cognito, and a factor the user cannot use gets a stand-in whose session fails at its answer.

export type FirstFactor = 'PASSWORD' | 'EMAIL_OTP' | 'WEB_AUTHN';
export type PasswordlessFactor = Exclude<FirstFactor, 'PASSWORD'>;

/** The pool's allowed first factors, as the template sets them (SignInPolicy): the same list for every email. */
export function signInFactors(env: NodeJS.ProcessEnv = process.env): FirstFactor[] {
  return [
    'PASSWORD',
    ...(env.EMAIL_OTP_SIGN_IN === 'true' ? (['EMAIL_OTP'] as const) : []),
    ...(env.WEBAUTHN_RELYING_PARTY_ID ? (['WEB_AUTHN'] as const) : []),
  ];
}

// The WebAuthn options' lifetime: Cognito's challenge session lasts AuthSessionValidity, 3 minutes by default.
const PASSKEY_TIMEOUT_MS = 180_000;
// Cognito's passkey challenges are 32 random bytes (base64url); a stand-in's are as long.
const PASSKEY_CHALLENGE_BYTES = 32;

export interface SelectChallenge {
  challenge: 'SELECT_CHALLENGE';
  session: string;
  parameters: { available: FirstFactor[] };
}
export interface EmailOtpChallenge {
  challenge: 'EMAIL_OTP';
  session: string;
  parameters: { codeDelivery: { destination: string; medium: 'EMAIL' } };
}
export interface WebAuthnChallenge {
  challenge: 'WEB_AUTHN';
  session: string;
  parameters: { options: { challenge: string; rpId: string; timeout: number; userVerification: string } };
}
export type PasswordlessChallenge = SelectChallenge | EmailOtpChallenge | WebAuthnChallenge;

export const selectChallenge = (session: string): SelectChallenge => ({
  challenge: 'SELECT_CHALLENGE',
  session,
  parameters: { available: signInFactors() },
});

/** The destination is masked here, not taken from Cognito, so that it reads the same for an unknown email. */
export const emailOtpChallenge = (email: string, session: string): EmailOtpChallenge => ({
  challenge: 'EMAIL_OTP',
  session,
  parameters: { codeDelivery: { destination: maskedEmail(email), medium: 'EMAIL' } },
});

/**
 * PublicKeyCredentialRequestOptions without `allowCredentials`: Cognito lists the user's passkeys there, which
 * would tell who has one. Passkeys are discoverable credentials, so the browser finds them by relying party alone.
 */
export const webAuthnChallenge = (session: string, challenge: string): WebAuthnChallenge => ({
  challenge: 'WEB_AUTHN',
  session,
  parameters: {
    options: {
      challenge,
      rpId: process.env.WEBAUTHN_RELYING_PARTY_ID ?? '',
      timeout: PASSKEY_TIMEOUT_MS,
      userVerification: process.env.WEBAUTHN_USER_VERIFICATION ?? 'required',
    },
  },
});

/** The challenge of Cognito's CREDENTIAL_REQUEST_OPTIONS; undefined when it has none. */
function passkeyChallengeOf(parameters: Record<string, string> | undefined): string | undefined {
  try {
    const options = JSON.parse(parameters?.CREDENTIAL_REQUEST_OPTIONS ?? '') as { challenge?: unknown };
    return typeof options.challenge === 'string' ? options.challenge : undefined;
  } catch {
    return undefined;
  }
}

interface ChallengeResponse {
  ChallengeName?: string;
  Session?: string;
  ChallengeParameters?: Record<string, string>;
}

/**
 * The contract's challenge for `factor` (SELECT_CHALLENGE when none) from Cognito's answer: Cognito's own when it
 * is that challenge, else a stand-in on the session Cognito gave (a SELECT_CHALLENGE's), which fails at its
 * answer as a wrong code does.
 */
export function challengeFor(email: string, factor: PasswordlessFactor | undefined, response: ChallengeResponse): PasswordlessChallenge {
  const session = response.Session;
  // Cognito answers every USER_AUTH step that is not a failure with a session: anything else is outside its contract.
  if (!session) throw unavailable;
  if (factor === undefined) return selectChallenge(session);
  if (factor === 'EMAIL_OTP') return emailOtpChallenge(email, session);
  const own = response.ChallengeName === 'WEB_AUTHN' ? passkeyChallengeOf(response.ChallengeParameters) : undefined;
  return webAuthnChallenge(session, own ?? randomBytes(PASSKEY_CHALLENGE_BYTES).toString('base64url'));
}

/** InitiateAuth USER_AUTH for `email`, with the preferred factor when given. */
export async function startUserAuth(email: string, preferred?: PasswordlessFactor): Promise<InitiateAuthCommandOutput> {
  const response = await cognito.send(
    new InitiateAuthCommand({
      ClientId: cognitoConfig().clientId,
      AuthFlow: 'USER_AUTH',
      AuthParameters: { USERNAME: email, ...secretHashParameter(email), ...(preferred ? { PREFERRED_CHALLENGE: preferred } : {}) },
    }),
  );
  return response;
}

/**
 * A session for a stand-in when Cognito refused to start one (an unconfirmed or disabled account): a fresh
 * SELECT_CHALLENGE session when Cognito gives one, else random bytes as long as the emulator's (to check on AWS).
 */
export async function standInSession(email: string): Promise<string> {
  const started = await startUserAuth(email).catch(undefinedOn(...HIDDEN_START_FAILURES));
  return started?.Session ?? randomBytes(96).toString('base64url');
}

/**
 * What InitiateAuth answers when the account cannot start a sign-in (unknown despite PreventUserExistenceErrors,
 * unconfirmed, disabled, to be reset): each would tell about the account, so each gets a stand-in.
 */
export const HIDDEN_START_FAILURES = [
  'UserNotFoundException',
  'UserNotConfirmedException',
  'NotAuthorizedException',
  'PasswordResetRequiredException',
];

/** What the answer to SELECT_CHALLENGE adds: a factor the user cannot use (InvalidParameter), an expired session. */
export const HIDDEN_CHOICE_FAILURES = [...HIDDEN_START_FAILURES, 'InvalidParameterException'];

/** Every failed answer of a first factor, whatever Cognito says about the account: one 401 (contract v2). */
export const signInFailed: Problem = problem(
  401,
  'InvalidCredentials',
  'Invalid credentials',
  'Incorrect email, password, code or passkey, or the sign-in expired; sign in again.',
);

/** What Cognito answers a wrong or unusable code, passkey or password, or an expired or stand-in session. */
export const FAILED_ANSWERS = [
  ...HIDDEN_CHOICE_FAILURES,
  'CodeMismatchException',
  'ExpiredCodeException',
  'MFAMethodNotFoundException',
  'TooManyFailedAttemptsException',
];

/** For `.catch()`: the named exceptions become `as`, the others are rethrown. */
export const problemOn =
  (as: Problem, names: readonly string[]) =>
  (error: unknown): never => {
    if (error instanceof Error && names.includes(error.name)) throw as;
    throw error;
  };
