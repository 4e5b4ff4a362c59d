import { accessTokenOf, httpHandler, noContent, type AuthorizedEvent } from '@authapi/shared/http';
import { cognito, DeleteUserCommand } from '@authapi/shared/cognito';

export const handler = httpHandler(async (event: AuthorizedEvent) => {
  await cognito.send(new DeleteUserCommand({ AccessToken: accessTokenOf(event) }));
  return noContent();
});
