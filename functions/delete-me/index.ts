import { accessTokenOf, httpHandler, noContent, type AuthorizedEvent } from '@authapi/shared/http';
import { loadCognitoClient } from '@authapi/shared/cognito';

export const handler = httpHandler(async (event: AuthorizedEvent) => {
  const { cognito, DeleteUserCommand } = await loadCognitoClient();
  await cognito.send(new DeleteUserCommand({ AccessToken: accessTokenOf(event) }));
  return noContent();
});
