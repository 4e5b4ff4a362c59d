import { httpHandler, json, type PublicEvent } from '@authapi/shared/http';
import { fields, parseBody, z } from '@authapi/shared/input';
import { clientAuth, codeMismatch, cognito, ConfirmForgotPasswordCommand, invalidPasswordAt } from '@authapi/shared/cognito';

const Body = z.object({ email: fields.email, code: fields.confirmationCode, newPassword: fields.password });

export const handler = httpHandler(
  async (event: PublicEvent) => {
    const { email, code, newPassword } = parseBody(event, Body);
    await cognito.send(
      new ConfirmForgotPasswordCommand({ ...clientAuth(email), Username: email, ConfirmationCode: code, Password: newPassword }),
    );
    return json(200, { passwordReset: true });
  },
  { errors: { UserNotFoundException: codeMismatch, InvalidPasswordException: invalidPasswordAt('newPassword') } },
);
