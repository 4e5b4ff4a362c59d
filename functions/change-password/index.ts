import {
  accessTokenOf,
  ChangePasswordCommand,
  cognito,
  fields,
  httpHandler,
  invalidPasswordAt,
  noContent,
  parseBody,
  problem,
  z,
  type AuthorizedEvent,
} from '@authapi/shared/auth';

const Body = z.object({ currentPassword: fields.password, newPassword: fields.password });

export const handler = httpHandler(
  async (event: AuthorizedEvent) => {
    const { currentPassword, newPassword } = parseBody(event, Body);
    await cognito.send(
      new ChangePasswordCommand({ AccessToken: accessTokenOf(event), PreviousPassword: currentPassword, ProposedPassword: newPassword }),
    );
    return noContent();
  },
  {
    errors: {
      NotAuthorizedException: problem(401, 'InvalidCredentials', 'Invalid credentials', 'The current password is incorrect.'),
      InvalidPasswordException: invalidPasswordAt('newPassword'),
    },
  },
);
