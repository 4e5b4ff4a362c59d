import { httpHandler, json, problem, type PublicEvent } from '@authapi/shared/http';
import { fields, parseBody, z } from '@authapi/shared/input';
import { clientAuth, codeMismatch, cognito, ConfirmSignUpCommand } from '@authapi/shared/cognito';

const Body = z.object({ email: fields.email, code: fields.confirmationCode });

export const handler = httpHandler(
  async (event: PublicEvent) => {
    const { email, code } = parseBody(event, Body);
    await cognito.send(new ConfirmSignUpCommand({ ...clientAuth(email), Username: email, ConfirmationCode: code }));
    return json(200, { confirmed: true });
  },
  {
    errors: {
      // An unknown email reads as a wrong code, as Cognito itself answers with PreventUserExistenceErrors.
      UserNotFoundException: codeMismatch,
      // Cognito's answer for a user whose status is already CONFIRMED.
      NotAuthorizedException: problem(409, 'AlreadyConfirmed', 'Already confirmed', 'This account is already confirmed; sign in.'),
    },
  },
);
