import { httpHandler, json, problem, type PublicEvent } from '@authapi/shared/http';
import { fields, parseBody, z } from '@authapi/shared/input';
import { cognito, cognitoConfig, InitiateAuthCommand, secretHashParameter, tokensOrChallenge } from '@authapi/shared/cognito';
import { countingOutcome } from '@authapi/shared/metrics';
import { recordingSignIn } from '@authapi/shared/sessions';

const Body = z.object({ email: fields.email, password: fields.password });

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
    const { email, password } = parseBody(event, Body);
    const answer = await countingOutcome('SignIns', async () =>
      tokensOrChallenge(
        await recordingSignIn(() =>
          cognito.send(
            new InitiateAuthCommand({
              ClientId: cognitoConfig().clientId,
              AuthFlow: 'USER_PASSWORD_AUTH',
              AuthParameters: { USERNAME: email, PASSWORD: password, ...secretHashParameter(email) },
            }),
          ),
        ),
      ),
    );
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
