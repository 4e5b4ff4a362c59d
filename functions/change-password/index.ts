import { accessTokenOf, claimsOf, noContent, problem, subjectOf, type AuthorizedEvent } from '@authapi/shared/http';
import { fields, parseBody, z } from '@authapi/shared/input';
import {
  AdminUserGlobalSignOutCommand,
  ChangePasswordCommand,
  cognito,
  cognitoConfig,
  accessTokenRefused,
  invalidPasswordAt,
} from '@authapi/shared/cognito';
import { endSessions, protectedHandler } from '@authapi/shared/sessions';

const wrongCurrentPassword = problem(401, 'InvalidCredentials', 'Invalid credentials', 'The current password is incorrect.');

const Body = z.object({ currentPassword: fields.password, newPassword: fields.password });

export const handler = protectedHandler(
  async (event: AuthorizedEvent) => {
    const { currentPassword, newPassword } = parseBody(event, Body);
    await cognito.send(
      new ChangePasswordCommand({ AccessToken: accessTokenOf(event), PreviousPassword: currentPassword, ProposedPassword: newPassword }),
    );
    // ChangePassword leaves every session signed in, so a thief's refresh token would keep working: sign the
    // user out everywhere (this session too), then end the API's record of them, last (docs/sessions.md).
    // https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminUserGlobalSignOut.html
    await cognito.send(new AdminUserGlobalSignOutCommand({ UserPoolId: cognitoConfig().userPoolId, Username: claimsOf(event).username }));
    await endSessions(subjectOf(event));
    return noContent();
  },
  {
    errors: {
      // Cognito answers a wrong current password and a revoked or expired access token with the same
      // exception; only its message tells them apart ("Incorrect username or password." / "Access Token has been revoked").
      NotAuthorizedException: (error) => (/access token/i.test(error.message) ? accessTokenRefused : wrongCurrentPassword),
      InvalidPasswordException: invalidPasswordAt('newPassword'),
    },
  },
);
