import { httpHandler, json, type PublicEvent } from '@authapi/shared/http';
import { parseBody, z } from '@authapi/shared/input';
import { cognito, cognitoConfig, GetTokensFromRefreshTokenCommand, invalidRefreshToken, tokensOrChallenge } from '@authapi/shared/cognito';

// `username` (v1: the `sub` for the SECRET_HASH) is accepted and ignored, like any unknown field: rotation
// authenticates the app client with its secret itself.
const Body = z.object({
  refreshToken: z.string().check(z.minLength(1), z.maxLength(8192)),
});

export const handler = httpHandler(
  async (event: PublicEvent) => {
    const { refreshToken } = parseBody(event, Body);
    const { clientId, clientSecret } = cognitoConfig();
    // With rotation on, a refresh is GetTokensFromRefreshToken (REFRESH_TOKEN_AUTH is refused); it returns
    // a new refresh token, and the one sent stops working after the app client's grace period.
    // https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_GetTokensFromRefreshToken.html
    const result = await cognito.send(
      new GetTokensFromRefreshTokenCommand({
        ClientId: clientId,
        RefreshToken: refreshToken,
        ...(clientSecret ? { ClientSecret: clientSecret } : {}),
      }),
    );
    return json(200, tokensOrChallenge(result));
  },
  {
    errors: {
      NotAuthorizedException: invalidRefreshToken,
      // A rotated-out token presented after its grace period, and the token of a deleted user.
      RefreshTokenReuseException: invalidRefreshToken,
      UserNotFoundException: invalidRefreshToken,
    },
  },
);
