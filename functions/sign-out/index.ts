import { accessTokenOf, httpHandler, noContent, undefinedOn, type AuthorizedEvent } from '@authapi/shared/http';
import { parseBody, z } from '@authapi/shared/input';
import { cognitoConfig, loadCognitoClient } from '@authapi/shared/cognito';

const Body = z.object({ refreshToken: z.optional(z.string().check(z.minLength(1), z.maxLength(8192))) });

export const handler = httpHandler(async (event: AuthorizedEvent) => {
  const { refreshToken } = parseBody(event, Body);
  const { cognito, GlobalSignOutCommand, RevokeTokenCommand } = await loadCognitoClient();
  if (refreshToken) {
    const { clientId, clientSecret } = cognitoConfig();
    // A refresh token Cognito refuses to revoke (issued to another app client, malformed, already
    // revoked) must not keep the user signed in, and the global sign-out below invalidates it anyway.
    // Any other failure (throttling, Cognito unavailable) is answered before signing out, so that a
    // retry with the same access token can still complete the sign-out.
    await cognito
      .send(new RevokeTokenCommand({ Token: refreshToken, ClientId: clientId, ClientSecret: clientSecret }))
      .catch(undefinedOn('UnauthorizedException', 'NotAuthorizedException', 'UnsupportedTokenTypeException', 'InvalidParameterException'));
  }
  // Invalidates every refresh token of the user; access tokens stay valid for the JWT authorizer
  // until they expire, but Cognito refuses them from now on (GET /me answers 401).
  await cognito.send(new GlobalSignOutCommand({ AccessToken: accessTokenOf(event) }));
  return noContent();
});
