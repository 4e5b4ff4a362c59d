import { accessTokenOf, cognitoSdk, httpHandler, noContent, type AuthorizedEvent } from '@authapi/shared/auth';

export const handler = httpHandler(async (event: AuthorizedEvent) => {
  const { cognito, DeleteUserCommand } = await cognitoSdk();
  await cognito.send(new DeleteUserCommand({ AccessToken: accessTokenOf(event) }));
  return noContent();
});
