import { accessTokenOf, json, unavailable, type AuthorizedEvent } from '@authapi/shared/http';
import { AssociateSoftwareTokenCommand, cognito, GetUserCommand, otpauthUri, profileOf } from '@authapi/shared/cognito';
import { protectedHandler } from '@authapi/shared/sessions';

export const handler = protectedHandler(
  async (event: AuthorizedEvent) => {
    const accessToken = accessTokenOf(event);
    // Access tokens carry no email claim; the authenticator app's label needs it, so fetch it alongside.
    const [association, user] = await Promise.all([
      cognito.send(new AssociateSoftwareTokenCommand({ AccessToken: accessToken })),
      cognito.send(new GetUserCommand({ AccessToken: accessToken })),
    ]);
    if (!association.SecretCode) throw unavailable;
    return json(200, { secretCode: association.SecretCode, otpauthUri: otpauthUri(association.SecretCode, profileOf(user).email) });
  },
  // Here this means TOTP MFA is not enabled on the user pool (the template enables it): the
  // operator's problem, not "set up an authenticator first" as when verifying a code.
  { errors: { SoftwareTokenMFANotFoundException: unavailable }, recentSignIn: true },
);
