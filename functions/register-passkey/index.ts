import { accessTokenOf, json, unavailable, type AuthorizedEvent } from '@authapi/shared/http';
import { parseBody, z } from '@authapi/shared/input';
import { cognito, CompleteWebAuthnRegistrationCommand, invalidPasskey, passkeysOf } from '@authapi/shared/cognito';
import { protectedHandler } from '@authapi/shared/sessions';
import type { DocumentType } from '@smithy/types';

// The browser's PublicKeyCredential as JSON (navigator.credentials.create() with the options); Cognito checks it.
const Body = z.object({
  credential: z
    .record(z.string(), z.unknown())
    .check(z.refine((credential) => typeof credential.id === 'string' && credential.id.length > 0, 'Must be a credential with its id')),
});

export const handler = protectedHandler(
  async (event: AuthorizedEvent) => {
    const accessToken = accessTokenOf(event);
    const { credential } = parseBody(event, Body);
    await cognito.send(new CompleteWebAuthnRegistrationCommand({ AccessToken: accessToken, Credential: credential as DocumentType }));
    // Cognito answers nothing about the new passkey: its listing has its name and date.
    const registered = (await passkeysOf(accessToken)).find((passkey) => passkey.id === credential.id);
    if (!registered) throw unavailable;
    return json(201, registered);
  },
  { errors: { InvalidParameterException: invalidPasskey }, recentSignIn: true },
);
