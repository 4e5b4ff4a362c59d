import { httpHandler, json, problem, unavailable, undefinedOn, type PublicEvent } from '@authapi/shared/http';
import { fields, parseBody, z } from '@authapi/shared/input';
import {
  AssociateSoftwareTokenCommand,
  challengeFor,
  codeMismatch,
  cognito,
  cognitoConfig,
  FAILED_ANSWERS,
  HIDDEN_CHOICE_FAILURES,
  invalidPasswordAt,
  otpauthUri,
  problemOn,
  RespondToAuthChallengeCommand,
  secretHashParameter,
  signInFactors,
  signInFailed,
  standInSession,
  tokensOrChallenge,
  VerifySoftwareTokenCommand,
} from '@authapi/shared/cognito';
import { countingOutcome } from '@authapi/shared/metrics';
import { countEmailCode, recordingSignIn } from '@authapi/shared/sessions';

const session = z.string().check(z.minLength(20), z.maxLength(4096));

const CHALLENGES = ['NEW_PASSWORD_REQUIRED', 'SOFTWARE_TOKEN_MFA', 'MFA_SETUP', 'SELECT_CHALLENGE', 'EMAIL_OTP', 'WEB_AUTHN'] as const;
const offered = z.refine((factor: unknown) => signInFactors().some((allowed) => allowed === factor), 'Not offered by this API');

// The fields every answer has, then each challenge's own: a body missing several fields hears of
// all of them, not only of `challenge`.
const Body = z.intersection(
  z.object({ challenge: z.enum(CHALLENGES), email: fields.email, session }),
  z.discriminatedUnion('challenge', [
    z.object({ challenge: z.literal('NEW_PASSWORD_REQUIRED'), newPassword: fields.password }),
    z.object({ challenge: z.literal('SOFTWARE_TOKEN_MFA'), code: fields.totpCode }),
    // MFA_SETUP is answered in two calls: without `code` to get the secret, then with the first code.
    z.object({ challenge: z.literal('MFA_SETUP'), code: z.optional(fields.totpCode) }),
    // Choosing PASSWORD sends the password in the same call (contract v2).
    z
      .object({
        challenge: z.literal('SELECT_CHALLENGE'),
        answer: z.enum(['PASSWORD', 'EMAIL_OTP', 'WEB_AUTHN']).check(offered),
        password: z.optional(fields.password),
      })
      .check(
        z.refine((input) => input.answer !== 'PASSWORD' || input.password !== undefined, {
          message: 'Required with PASSWORD',
          path: ['password'],
        }),
      ),
    z.object({ challenge: z.literal('EMAIL_OTP'), code: fields.confirmationCode }),
    // The browser's PublicKeyCredential as JSON; Cognito checks it.
    z.object({ challenge: z.literal('WEB_AUTHN'), credential: z.record(z.string(), z.unknown()) }),
  ]),
);
type Answer = z.infer<typeof Body>;

/** Answers the challenge; the tokens of a completed sign-in start a recorded session. */
async function respond(email: string, challenge: Answer['challenge'], sessionToken: string, responses: Record<string, string> = {}) {
  return recordingSignIn(() =>
    cognito.send(
      new RespondToAuthChallengeCommand({
        ClientId: cognitoConfig().clientId,
        ChallengeName: challenge,
        Session: sessionToken,
        ChallengeResponses: { USERNAME: email, ...secretHashParameter(email), ...responses },
      }),
    ),
  );
}

/** A wrong password, an account without one and an expired session fail alike; the lockout says when to retry. */
function passwordFailed(error: unknown): never {
  if (error instanceof Error && error.name === 'NotAuthorizedException' && /attempts exceeded/i.test(error.message))
    throw problem(429, 'TooManyRequests', 'Too many requests', 'Too many failed sign-in attempts; retry later.', { retryAfterSeconds: 30 });
  return problemOn(signInFailed, FAILED_ANSWERS)(error);
}

/**
 * SELECT_CHALLENGE answered with a passwordless factor: its challenge, or the same body on a fresh session that
 * fails at its answer when the user cannot use the factor (docs/passwordless.md).
 */
async function choose(input: Extract<Answer, { challenge: 'SELECT_CHALLENGE' }>) {
  if (input.answer === 'PASSWORD') {
    const responses = { ANSWER: 'PASSWORD', PASSWORD: input.password ?? '' };
    return tokensOrChallenge(await respond(input.email, input.challenge, input.session, responses).catch(passwordFailed));
  }
  // Counted before Cognito is asked, for every address alike.
  if (input.answer === 'EMAIL_OTP') await countEmailCode(input.email);
  const chosen = await cognito
    .send(
      new RespondToAuthChallengeCommand({
        ClientId: cognitoConfig().clientId,
        ChallengeName: 'SELECT_CHALLENGE',
        Session: input.session,
        ChallengeResponses: { USERNAME: input.email, ANSWER: input.answer, ...secretHashParameter(input.email) },
      }),
    )
    .catch(undefinedOn(...HIDDEN_CHOICE_FAILURES));
  const usable = chosen?.ChallengeName === input.answer ? chosen : { Session: await standInSession(input.email) };
  return challengeFor(input.email, input.answer, usable);
}

async function answer(input: Answer) {
  switch (input.challenge) {
    case 'SELECT_CHALLENGE':
      return choose(input);
    // A wrong code or passkey, a factor the user cannot use and an expired session fail alike (contract v2).
    case 'EMAIL_OTP':
      return tokensOrChallenge(
        await respond(input.email, input.challenge, input.session, { EMAIL_OTP_CODE: input.code }).catch(
          problemOn(signInFailed, FAILED_ANSWERS),
        ),
      );
    case 'WEB_AUTHN':
      return tokensOrChallenge(
        await respond(input.email, input.challenge, input.session, { CREDENTIAL: JSON.stringify(input.credential) }).catch(
          problemOn(signInFailed, FAILED_ANSWERS),
        ),
      );
    case 'NEW_PASSWORD_REQUIRED':
      return tokensOrChallenge(await respond(input.email, input.challenge, input.session, { NEW_PASSWORD: input.newPassword }));
    case 'SOFTWARE_TOKEN_MFA':
      return tokensOrChallenge(await respond(input.email, input.challenge, input.session, { SOFTWARE_TOKEN_MFA_CODE: input.code }));
    case 'MFA_SETUP': {
      if (!input.code) {
        const setup = await cognito.send(new AssociateSoftwareTokenCommand({ Session: input.session }));
        // Cognito always returns both; without them there is nothing the client can do but retry.
        if (!setup.SecretCode || !setup.Session) throw unavailable;
        return {
          challenge: 'MFA_SETUP',
          session: setup.Session,
          parameters: { secretCode: setup.SecretCode, otpauthUri: otpauthUri(setup.SecretCode, input.email) },
        };
      }
      const verified = await cognito.send(new VerifySoftwareTokenCommand({ Session: input.session, UserCode: input.code }));
      if (verified.Status !== 'SUCCESS' || !verified.Session) throw codeMismatch;
      return tokensOrChallenge(await respond(input.email, input.challenge, verified.Session));
    }
  }
}

export const handler = httpHandler(
  async (event: PublicEvent) => {
    const input = parseBody(event, Body);
    return json(200, await countingOutcome('ChallengesAnswered', () => answer(input)));
  },
  {
    errors: {
      InvalidPasswordException: invalidPasswordAt('newPassword'),
      // An expired or reused session (sessions live 3 minutes by default).
      NotAuthorizedException: problem(
        401,
        'InvalidSession',
        'Invalid session',
        'The challenge session is invalid or expired; sign in again.',
      ),
    },
  },
);
