import { accessTokenOf, noContent, type AuthorizedEvent } from '@authapi/shared/http';
import { cognito, SetUserMFAPreferenceCommand } from '@authapi/shared/cognito';
import { protectedHandler } from '@authapi/shared/sessions';

export const handler = protectedHandler(
  async (event: AuthorizedEvent) => {
    await cognito.send(
      new SetUserMFAPreferenceCommand({
        AccessToken: accessTokenOf(event),
        SoftwareTokenMfaSettings: { Enabled: false, PreferredMfa: false },
      }),
    );
    return noContent();
  },
  { recentSignIn: true },
);
