import { accessTokenOf, cognito, DeleteUserCommand, httpHandler, noContent, type AuthorizedEvent } from '@authapi/shared/auth';

export const handler = httpHandler(async (event: AuthorizedEvent) => {
  await cognito.send(new DeleteUserCommand({ AccessToken: accessTokenOf(event) }));
  return noContent();
});
