import { accessTokenOf, httpHandler, noContent, type AuthorizedEvent } from '@authapi/shared/http';
import { cognito, SetUserMFAPreferenceCommand } from '@authapi/shared/cognito';

export const handler = httpHandler(async (event: AuthorizedEvent) => {
  await cognito.send(
    new SetUserMFAPreferenceCommand({
      AccessToken: accessTokenOf(event),
      SoftwareTokenMfaSettings: { Enabled: false, PreferredMfa: false },
    }),
  );
  return noContent();
});
