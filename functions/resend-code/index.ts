import { httpHandler, json, undefinedOn, type PublicEvent } from '@authapi/shared/http';
import { fields, parseBody, z } from '@authapi/shared/input';
import { clientAuth, codeDeliveryFor, cognito, ResendConfirmationCodeCommand } from '@authapi/shared/cognito';

const Body = z.object({ email: fields.email });

export const handler = httpHandler(async (event: PublicEvent) => {
  const { email } = parseBody(event, Body);
  // Unknown and already-confirmed users get the same 202 as everyone else: no user enumeration.
  const result = await cognito
    .send(new ResendConfirmationCodeCommand({ ...clientAuth(email), Username: email }))
    .catch(undefinedOn('UserNotFoundException', 'InvalidParameterException'));
  return json(202, { codeDelivery: codeDeliveryFor(email, result?.CodeDeliveryDetails) });
});
