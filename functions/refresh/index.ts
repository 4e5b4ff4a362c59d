import { httpHandler, json, problem, type PublicEvent } from '@authapi/shared/http';
import { parseBody, z } from '@authapi/shared/input';
import { cognito, cognitoConfig, InitiateAuthCommand, secretHashParameter, tokensOrChallenge } from '@authapi/shared/cognito';

const Body = z.object({
  refreshToken: z.string().check(z.minLength(1), z.maxLength(8192)),
  // Only needed when the app client has a secret: the SECRET_HASH of a refresh is computed over the
  // user's internal username (the `sub` for an email-as-username pool), not the email.
  username: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(128))),
});

const usernameRequired = problem(400, 'ValidationError', 'Invalid request', 'The request has invalid or missing fields.', {
  errors: [{ path: 'username', message: 'Required when the app client has a secret' }],
});

export const handler = httpHandler(
  async (event: PublicEvent) => {
    const { refreshToken, username } = parseBody(event, Body);
    const { clientId, clientSecret } = cognitoConfig();
    if (clientSecret && !username) throw usernameRequired;
    const result = await cognito.send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        AuthParameters: { REFRESH_TOKEN: refreshToken, ...(username ? secretHashParameter(username) : {}) },
      }),
    );
    return json(200, tokensOrChallenge(result));
  },
  {
    errors: {
      NotAuthorizedException: problem(
        401,
        'InvalidRefreshToken',
        'Invalid refresh token',
        'The refresh token is invalid, expired or revoked.',
      ),
    },
  },
);
