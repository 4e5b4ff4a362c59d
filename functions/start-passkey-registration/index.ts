import { accessTokenOf, json, problem, unavailable, type AuthorizedEvent } from '@authapi/shared/http';
import { cognito, StartWebAuthnRegistrationCommand } from '@authapi/shared/cognito';
import { protectedHandler } from '@authapi/shared/sessions';

export const handler = protectedHandler(
  async (event: AuthorizedEvent) => {
    const { CredentialCreationOptions } = await cognito.send(new StartWebAuthnRegistrationCommand({ AccessToken: accessTokenOf(event) }));
    // Cognito always returns the options; without them there is nothing the browser can do.
    if (!CredentialCreationOptions) throw unavailable;
    return json(200, { options: CredentialCreationOptions });
  },
  {
    // Here a user at Cognito's limit of passkeys, not a rate: remove one first.
    // https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_StartWebAuthnRegistration.html#API_StartWebAuthnRegistration_Errors
    errors: { LimitExceededException: problem(409, 'PasskeyLimitReached', 'Too many passkeys', 'Remove a passkey before adding another.') },
    recentSignIn: true,
  },
);
