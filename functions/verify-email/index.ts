import { accessTokenOf, cognitoSdk, fields, httpHandler, json, parseBody, profileOf, z, type AuthorizedEvent } from '@authapi/shared/auth';

const Body = z.object({ code: fields.confirmationCode });

export const handler = httpHandler(async (event: AuthorizedEvent) => {
  const { code } = parseBody(event, Body);
  const accessToken = accessTokenOf(event);
  const { cognito, GetUserCommand, VerifyUserAttributeCommand } = await cognitoSdk();
  await cognito.send(new VerifyUserAttributeCommand({ AccessToken: accessToken, AttributeName: 'email', Code: code }));
  return json(200, profileOf(await cognito.send(new GetUserCommand({ AccessToken: accessToken }))));
});
