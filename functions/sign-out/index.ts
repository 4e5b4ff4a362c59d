import {
  accessTokenOf,
  cognito,
  cognitoConfig,
  GlobalSignOutCommand,
  httpHandler,
  noContent,
  parseBody,
  problem,
  RevokeTokenCommand,
  z,
  type AuthorizedEvent,
} from '@authapi/shared/auth';

const Body = z.object({ refreshToken: z.optional(z.string().check(z.minLength(1), z.maxLength(8192))) });

export const handler = httpHandler(
  async (event: AuthorizedEvent) => {
    const { refreshToken } = parseBody(event, Body);
    if (refreshToken) {
      const { clientId, clientSecret } = cognitoConfig();
      await cognito.send(new RevokeTokenCommand({ Token: refreshToken, ClientId: clientId, ClientSecret: clientSecret }));
    }
    // Invalidates every refresh token of the user; access tokens stay valid for the JWT authorizer
    // until they expire, but Cognito refuses them from now on (GET /me answers 401).
    await cognito.send(new GlobalSignOutCommand({ AccessToken: accessTokenOf(event) }));
    return noContent();
  },
  {
    errors: {
      // RevokeToken's answer for a refresh token issued to another app client.
      UnauthorizedException: problem(401, 'InvalidRefreshToken', 'Invalid refresh token', 'The refresh token is invalid, expired or revoked.'),
    },
  },
);
