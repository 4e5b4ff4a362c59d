import { accessTokenOf, json, type AuthorizedEvent } from '@authapi/shared/http';
import { fields, parseBody, z } from '@authapi/shared/input';
import { codeMismatch, cognito, mfaNotSetUp, SetUserMFAPreferenceCommand, VerifySoftwareTokenCommand } from '@authapi/shared/cognito';
import { protectedHandler } from '@authapi/shared/sessions';

const Body = z.object({ code: fields.totpCode, deviceName: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(128))) });

export const handler = protectedHandler(
  async (event: AuthorizedEvent) => {
    const { code, deviceName } = parseBody(event, Body);
    const accessToken = accessTokenOf(event);
    const verified = await cognito.send(
      new VerifySoftwareTokenCommand({ AccessToken: accessToken, UserCode: code, FriendlyDeviceName: deviceName }),
    );
    if (verified.Status !== 'SUCCESS') throw codeMismatch;
    await cognito.send(
      new SetUserMFAPreferenceCommand({ AccessToken: accessToken, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } }),
    );
    return json(200, { mfa: { enabled: true, preferred: 'SOFTWARE_TOKEN_MFA' } });
  },
  // The body is valid by now: Cognito refusing the call as invalid means there is no authenticator
  // to verify yet (POST /me/mfa/totp comes first).
  { errors: { InvalidParameterException: mfaNotSetUp } },
);
