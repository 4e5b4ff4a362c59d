import { accessTokenOf, noContent, type AuthorizedEvent } from '@authapi/shared/http';
import { cognito, DeleteUserCommand } from '@authapi/shared/cognito';
import { protectedHandler } from '@authapi/shared/sessions';

export const handler = protectedHandler(async (event: AuthorizedEvent) => {
  await cognito.send(new DeleteUserCommand({ AccessToken: accessTokenOf(event) }));
  return noContent();
});
