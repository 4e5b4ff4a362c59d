import { accessTokenOf, noContent, problem, type AuthorizedEvent } from '@authapi/shared/http';
import { fields, parseBody, z } from '@authapi/shared/input';
import { ChangePasswordCommand, cognito, invalidPasswordAt, notAuthorized } from '@authapi/shared/cognito';
import { protectedHandler } from '@authapi/shared/sessions';

const wrongCurrentPassword = problem(401, 'InvalidCredentials', 'Invalid credentials', 'The current password is incorrect.');

const Body = z.object({ currentPassword: fields.password, newPassword: fields.password });

export const handler = protectedHandler(
  async (event: AuthorizedEvent) => {
    const { currentPassword, newPassword } = parseBody(event, Body);
    await cognito.send(
      new ChangePasswordCommand({ AccessToken: accessTokenOf(event), PreviousPassword: currentPassword, ProposedPassword: newPassword }),
    );
    return noContent();
  },
  {
    errors: {
      // Cognito answers a wrong current password and a revoked or expired access token with the same
      // exception; only its message tells them apart ("Incorrect username or password." / "Access Token has been revoked").
      NotAuthorizedException: (error) => (/access token/i.test(error.message) ? notAuthorized : wrongCurrentPassword),
      InvalidPasswordException: invalidPasswordAt('newPassword'),
    },
  },
);
