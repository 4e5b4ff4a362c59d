import { accessTokenOf, cognito, httpHandler, noContent, SetUserMFAPreferenceCommand, type AuthorizedEvent } from '@authapi/shared/auth';

export const handler = httpHandler(async (event: AuthorizedEvent) => {
  await cognito.send(
    new SetUserMFAPreferenceCommand({ AccessToken: accessTokenOf(event), SoftwareTokenMfaSettings: { Enabled: false, PreferredMfa: false } }),
  );
  return noContent();
});
