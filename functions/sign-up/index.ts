import { httpHandler, json, type PublicEvent } from '@authapi/shared/http';
import { fields, parseBody, z } from '@authapi/shared/input';
import { clientAuth, codeDeliveryFor, cognito, SignUpCommand } from '@authapi/shared/cognito';
import { count } from '@authapi/shared/metrics';

// Without a password when the pool allows a passwordless first factor (contract v2); Cognito refuses it otherwise.
const Body = z.object({ email: fields.email, password: z.optional(fields.password), name: z.optional(fields.displayName) });

export const handler = httpHandler(async (event: PublicEvent) => {
  const { email, password, name } = parseBody(event, Body);
  const result = await cognito.send(
    new SignUpCommand({
      ...clientAuth(email),
      Username: email,
      ...(password !== undefined ? { Password: password } : {}),
      UserAttributes: [{ Name: 'email', Value: email }, ...(name ? [{ Name: 'name', Value: name }] : [])],
    }),
  );
  count('SignUps');
  return json(201, {
    userSub: result.UserSub,
    userConfirmed: result.UserConfirmed ?? false,
    codeDelivery: codeDeliveryFor(email, result.CodeDeliveryDetails),
  });
});
