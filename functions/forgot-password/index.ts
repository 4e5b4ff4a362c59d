import { httpHandler, json, undefinedOn, type PublicEvent } from '@authapi/shared/http';
import { fields, parseBody, z } from '@authapi/shared/input';
import { clientAuth, codeDeliveryFor, cognito, ForgotPasswordCommand } from '@authapi/shared/cognito';

const Body = z.object({ email: fields.email });

export const handler = httpHandler(async (event: PublicEvent) => {
  const { email } = parseBody(event, Body);
  // Unknown users, users without a verified email (InvalidParameterException) and users whose state
  // allows no reset (NotAuthorizedException: an admin-created user who has not set a first password,
  // a disabled user) get the same 202.
  const result = await cognito
    .send(new ForgotPasswordCommand({ ...clientAuth(email), Username: email }))
    .catch(undefinedOn('UserNotFoundException', 'InvalidParameterException', 'NotAuthorizedException'));
  return json(202, { codeDelivery: codeDeliveryFor(email, result?.CodeDeliveryDetails) });
});
