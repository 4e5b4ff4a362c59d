import { accessTokenOf, json, type AuthorizedEvent } from '@authapi/shared/http';
import { cognito, GetUserCommand, profileOf } from '@authapi/shared/cognito';
import { protectedHandler } from '@authapi/shared/sessions';

// GetUser with the caller's access token rather than AdminGetUser: no IAM needed, and Cognito refuses
// tokens revoked by sign-out, which the JWT authorizer cannot know about.
export const handler = protectedHandler(async (event: AuthorizedEvent) => {
  return json(200, profileOf(await cognito.send(new GetUserCommand({ AccessToken: accessTokenOf(event) }))));
});
