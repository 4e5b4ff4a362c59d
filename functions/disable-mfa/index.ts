import { accessTokenOf, cognitoSdk, httpHandler, noContent, type AuthorizedEvent } from '@authapi/shared/auth';

export const handler = httpHandler(async (event: AuthorizedEvent) => {
  const { cognito, SetUserMFAPreferenceCommand } = await cognitoSdk();
  await cognito.send(
    new SetUserMFAPreferenceCommand({
      AccessToken: accessTokenOf(event),
      SoftwareTokenMfaSettings: { Enabled: false, PreferredMfa: false },
    }),
  );
  return noContent();
});
