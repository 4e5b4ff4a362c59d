import { httpHandler, json, undefinedOn, type PublicEvent } from '@authapi/shared/http';
import { fields, parseBody, z } from '@authapi/shared/input';
import {
  AdminGetUserCommand,
  AdminUserGlobalSignOutCommand,
  clientAuth,
  codeMismatch,
  cognito,
  cognitoConfig,
  ConfirmForgotPasswordCommand,
  invalidPasswordAt,
} from '@authapi/shared/cognito';
import { endSessions } from '@authapi/shared/sessions';

const Body = z.object({ email: fields.email, code: fields.confirmationCode, newPassword: fields.password });

export const handler = httpHandler(
  async (event: PublicEvent) => {
    const { email, code, newPassword } = parseBody(event, Body);
    await cognito.send(
      new ConfirmForgotPasswordCommand({ ...clientAuth(email), Username: email, ConfirmationCode: code, Password: newPassword }),
    );
    // A reset ends every session of the account, which Cognito's reset does not: sign the user out everywhere
    // (refresh tokens), then end the API's record, keyed by the `sub` AdminGetUser gives (docs/sessions.md).
    // A user deleted in between has nothing left to end.
    const UserPoolId = cognitoConfig().userPoolId;
    const [user] = await Promise.all([
      cognito.send(new AdminGetUserCommand({ UserPoolId, Username: email })).catch(undefinedOn('UserNotFoundException')),
      cognito.send(new AdminUserGlobalSignOutCommand({ UserPoolId, Username: email })).catch(undefinedOn('UserNotFoundException')),
    ]);
    const sub = user?.UserAttributes?.find((attribute) => attribute.Name === 'sub')?.Value;
    if (sub) await endSessions(sub);
    return json(200, { passwordReset: true });
  },
  { errors: { UserNotFoundException: codeMismatch, InvalidPasswordException: invalidPasswordAt('newPassword') } },
);
