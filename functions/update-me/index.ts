import { accessTokenOf, json, type AuthorizedEvent } from '@authapi/shared/http';
import { fields, parseBody, z } from '@authapi/shared/input';
import { cognito, GetUserCommand, profileOf, UpdateUserAttributesCommand } from '@authapi/shared/cognito';
import { protectedHandler } from '@authapi/shared/sessions';

const Body = z
  .object({ name: z.optional(fields.displayName), email: z.optional(fields.email) })
  .check(z.refine((body) => body.name !== undefined || body.email !== undefined, { message: 'Give name, email or both', path: [] }));

// An email change is the first step of taking over an account (then a reset code to the new address), so it
// needs a recent sign-in, not only a token (contract v2).
const changesEmail = (event: AuthorizedEvent) => parseBody(event, Body).email !== undefined;

export const handler = protectedHandler(
  async (event: AuthorizedEvent) => {
    const { name, email } = parseBody(event, Body);
    const accessToken = accessTokenOf(event);
    const attributes = [
      ...(name !== undefined ? [{ Name: 'name', Value: name }] : []),
      ...(email ? [{ Name: 'email', Value: email }] : []),
    ];
    // The pool keeps the old email until the new one is verified (AttributesRequireVerificationBeforeUpdate),
    // so the profile below still shows the old address; POST /me/verify-email completes the change.
    await cognito.send(new UpdateUserAttributesCommand({ AccessToken: accessToken, UserAttributes: attributes }));
    return json(200, profileOf(await cognito.send(new GetUserCommand({ AccessToken: accessToken }))));
  },
  { recentSignIn: changesEmail },
);
