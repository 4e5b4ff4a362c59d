import {
  clientAuth,
  codeMismatch,
  cognitoSdk,
  fields,
  httpHandler,
  invalidPasswordAt,
  json,
  parseBody,
  z,
  type PublicEvent,
} from '@authapi/shared/auth';

const Body = z.object({ email: fields.email, code: fields.confirmationCode, newPassword: fields.password });

export const handler = httpHandler(
  async (event: PublicEvent) => {
    const { email, code, newPassword } = parseBody(event, Body);
    const { cognito, ConfirmForgotPasswordCommand } = await cognitoSdk();
    await cognito.send(
      new ConfirmForgotPasswordCommand({ ...clientAuth(email), Username: email, ConfirmationCode: code, Password: newPassword }),
    );
    return json(200, { passwordReset: true });
  },
  { errors: { UserNotFoundException: codeMismatch, InvalidPasswordException: invalidPasswordAt('newPassword') } },
);
