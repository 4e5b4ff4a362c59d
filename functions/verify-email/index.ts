import { accessTokenOf, json, type AuthorizedEvent } from '@authapi/shared/http';
import { fields, parseBody, z } from '@authapi/shared/input';
import { cognito, GetUserCommand, profileOf, VerifyUserAttributeCommand } from '@authapi/shared/cognito';
import { protectedHandler } from '@authapi/shared/sessions';

const Body = z.object({ code: fields.confirmationCode });

export const handler = protectedHandler(async (event: AuthorizedEvent) => {
  const { code } = parseBody(event, Body);
  const accessToken = accessTokenOf(event);
  await cognito.send(new VerifyUserAttributeCommand({ AccessToken: accessToken, AttributeName: 'email', Code: code }));
  return json(200, profileOf(await cognito.send(new GetUserCommand({ AccessToken: accessToken }))));
});
