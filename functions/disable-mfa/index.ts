import { accessTokenOf, httpHandler, noContent, type AuthorizedEvent } from '@authapi/shared/http';
import { loadCognitoClient } from '@authapi/shared/cognito';

export const handler = httpHandler(async (event: AuthorizedEvent) => {
  const { cognito, SetUserMFAPreferenceCommand } = await loadCognitoClient();
  await cognito.send(
    new SetUserMFAPreferenceCommand({
      AccessToken: accessTokenOf(event),
      SoftwareTokenMfaSettings: { Enabled: false, PreferredMfa: false },
    }),
  );
  return noContent();
});
