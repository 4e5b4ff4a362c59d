import { httpHandler, json, problem, unavailable, type PublicEvent } from '@authapi/shared/http';
import { fields, parseBody, z } from '@authapi/shared/input';
import {
  AssociateSoftwareTokenCommand,
  codeMismatch,
  cognito,
  cognitoConfig,
  invalidPasswordAt,
  otpauthUri,
  RespondToAuthChallengeCommand,
  secretHashParameter,
  tokensOrChallenge,
  VerifySoftwareTokenCommand,
} from '@authapi/shared/cognito';
import { countingOutcome } from '@authapi/shared/metrics';
import { recordingSignIn } from '@authapi/shared/sessions';

const session = z.string().check(z.minLength(20), z.maxLength(4096));

// The fields every answer has, then each challenge's own: a body missing several fields hears of
// all of them, not only of `challenge`.
const Body = z.intersection(
  z.object({ challenge: z.enum(['NEW_PASSWORD_REQUIRED', 'SOFTWARE_TOKEN_MFA', 'MFA_SETUP']), email: fields.email, session }),
  z.discriminatedUnion('challenge', [
    z.object({ challenge: z.literal('NEW_PASSWORD_REQUIRED'), newPassword: fields.password }),
    z.object({ challenge: z.literal('SOFTWARE_TOKEN_MFA'), code: fields.totpCode }),
    // MFA_SETUP is answered in two calls: without `code` to get the secret, then with the first code.
    z.object({ challenge: z.literal('MFA_SETUP'), code: z.optional(fields.totpCode) }),
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

async function answer(input: Answer) {
  switch (input.challenge) {
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
