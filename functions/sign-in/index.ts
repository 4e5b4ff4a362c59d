import { httpHandler, json, problem, undefinedOn, type PublicEvent } from '@authapi/shared/http';
import { fields, parseBody, z } from '@authapi/shared/input';
import {
  challengeFor,
  cognito,
  cognitoConfig,
  HIDDEN_START_FAILURES,
  InitiateAuthCommand,
  secretHashParameter,
  signInFactors,
  standInSession,
  startUserAuth,
  tokensOrChallenge,
} from '@authapi/shared/cognito';
import { countingOutcome } from '@authapi/shared/metrics';
import { countEmailCode, recordingSignIn } from '@authapi/shared/sessions';

// `{email, password}` signs in with the password; `{email}` or `{email, preferred}` starts choice-based sign-in
// (contract v2), whose answer is the same for every email (docs/passwordless.md).
// With a password, `preferred` is ignored.
const Body = z.object({
  email: fields.email,
  password: z.optional(fields.password),
  preferred: z.optional(
    z.enum(['EMAIL_OTP', 'WEB_AUTHN']).check(z.refine((factor) => signInFactors().includes(factor), 'Not offered by this API')),
  ),
});

// Cognito answers an unconfirmed account with UserNotConfirmedException whatever the password, so
// telling it apart would tell anyone that the email is registered (the contract: no user
// enumeration). Every failed sign-in gets this one answer, which says what it can mean.
const signInFailed = problem(
  401,
  'InvalidCredentials',
  'Invalid credentials',
  'Incorrect email or password, or the account is not confirmed yet.',
);

const lockedOut = problem(429, 'TooManyRequests', 'Too many requests', 'Too many failed sign-in attempts; retry later.', {
  retryAfterSeconds: 30,
});

export const handler = httpHandler(
  async (event: PublicEvent) => {
    const { email, password, preferred } = parseBody(event, Body);
    const answer = await countingOutcome('SignIns', async () => {
      if (password !== undefined)
        return tokensOrChallenge(
          await recordingSignIn(() =>
            cognito.send(
              new InitiateAuthCommand({
                ClientId: cognitoConfig().clientId,
                AuthFlow: 'USER_PASSWORD_AUTH',
                AuthParameters: { USERNAME: email, PASSWORD: password, ...secretHashParameter(email) },
              }),
            ),
          ),
        );
      // Counted before Cognito is asked, for every address alike: known or not, the same limit.
      if (preferred === 'EMAIL_OTP') await countEmailCode(email);
      const started = await startUserAuth(email, preferred).catch(undefinedOn(...HIDDEN_START_FAILURES));
      return challengeFor(email, preferred, started ?? { Session: await standInSession(email) });
    });
    return json(200, answer);
  },
  {
    errors: {
      // Cognito signals its sign-in lockout only through the message of NotAuthorizedException.
      NotAuthorizedException: (error) => (/attempts exceeded/i.test(error.message) ? lockedOut : signInFailed),
      UserNotFoundException: signInFailed,
      UserNotConfirmedException: signInFailed,
    },
  },
);
