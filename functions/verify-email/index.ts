import { accessTokenOf, json, logger, subjectOf, type AuthorizedEvent } from '@authapi/shared/http';
import { fields, parseBody, z } from '@authapi/shared/input';
import { cognito, GetUserCommand, profileOf, VerifyUserAttributeCommand } from '@authapi/shared/cognito';
import { claimEmail } from '@authapi/shared/directory';
import { protectedHandler } from '@authapi/shared/sessions';

const Body = z.object({ code: fields.confirmationCode });

export const handler = protectedHandler(async (event: AuthorizedEvent) => {
  const { code } = parseBody(event, Body);
  const accessToken = accessTokenOf(event);
  await cognito.send(new VerifyUserAttributeCommand({ AccessToken: accessToken, AttributeName: 'email', Code: code }));
  const profile = profileOf(await cognito.send(new GetUserCommand({ AccessToken: accessToken })));
  // The change is complete: messages to the new address reach the user from now on, and the old one is
  // freed, in one transaction (docs/messages.md). Cognito has verified it whatever happens here, and a
  // retry could not verify again, so a failure is logged; the next sign-in or reconciliation repairs it.
  await claimEmail(subjectOf(event), profile.email).catch((error: unknown) =>
    logger.error('directory not updated after an email change; the next sign-in or reconciliation repairs it', { error }),
  );
  return json(200, profile);
});
