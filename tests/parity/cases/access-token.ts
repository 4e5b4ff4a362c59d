// Operations authorised by the user's access token: GetUser, sign-out, ChangePassword, DeleteUser.
import {
  AdminGetUserCommand,
  AdminUserGlobalSignOutCommand,
  ChangePasswordCommand,
  DeleteUserCommand,
  GetUserCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { CaseContext, ParityCase } from '../harness.js';
import {
  API,
  confirmedUser,
  expectFailure,
  GUIDE,
  OTHER_PASSWORD,
  PASSWORD,
  passwordAuth,
  signedIn,
  tampered,
  templatePool,
  UUID,
  type TestPool,
  WITH_REFRESH_TOKEN_AUTH,
} from '../fixtures.js';

const getUser = (t: CaseContext, accessToken: string) => t.cognito.send(new GetUserCommand({ AccessToken: accessToken }));
const refresh = (t: CaseContext, pool: TestPool, refreshToken: string) =>
  t.cognito.send(
    new InitiateAuthCommand({ ClientId: pool.clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: refreshToken } }),
  );

/** After a global sign-out: "The user's refresh token cannot be used to get new tokens... The user's access token cannot be used for the user pools service." */
async function signedOutEverywhere(t: CaseContext, pool: TestPool, tokens: { AccessToken: string; RefreshToken: string }, email: string) {
  await t.check('GetUser refuses the access token', () =>
    expectFailure(getUser(t, tokens.AccessToken), { name: 'NotAuthorizedException', message: 'Access Token has been revoked' }),
  );
  await t.check('the refresh token is refused', () =>
    expectFailure(refresh(t, pool, tokens.RefreshToken), { name: 'NotAuthorizedException', message: 'Refresh Token has been revoked' }),
  );
  await t.check('the user signs in again', async () => expect((await signedIn(t, pool, email)).AccessToken).toEqual(expect.any(String)));
}

export const accessTokenCases: ParityCase[] = [
  {
    id: 'get-user/valid',
    title: "answers the user's username (the sub, emails being usernames) and attributes",
    doc: `${API}/API_GetUser.html`,
    run: async (t) => {
      const pool = await templatePool(t);
      const email = await confirmedUser(t, pool, 'get-user', 'Jane');
      const { AccessToken } = await signedIn(t, pool, email);
      await t.check('answers the username and attributes', async () => {
        const user = await getUser(t, AccessToken);
        expect(user.Username).toMatch(UUID);
        expect(user.UserAttributes).toEqual(
          expect.arrayContaining([
            { Name: 'sub', Value: user.Username },
            { Name: 'email', Value: email },
            { Name: 'email_verified', Value: 'true' },
            { Name: 'name', Value: 'Jane' },
          ]),
        );
      });
    },
  },
  {
    id: 'get-user/invalid-token',
    title: 'refuses a malformed token, a tampered one and an ID token with NotAuthorizedException',
    doc: `${GUIDE}/amazon-cognito-user-pools-using-the-access-token.html`,
    run: async (t) => {
      const pool = await templatePool(t);
      const email = await confirmedUser(t, pool, 'bad-token');
      const tokens = await signedIn(t, pool, email);
      await t.check('a malformed token', () =>
        expectFailure(getUser(t, 'not-a-token'), { name: 'NotAuthorizedException', message: 'Invalid Access Token' }),
      );
      await t.check('a token whose claims were changed (expired an hour ago)', () =>
        expectFailure(getUser(t, tampered(tokens.AccessToken, { exp: Math.floor(Date.now() / 1000) - 3600 })), {
          name: 'NotAuthorizedException',
          message: /Access Token/,
        }),
      );
      await t.check('an ID token', () => expectFailure(getUser(t, tokens.IdToken), { name: 'NotAuthorizedException' }));
    },
  },
  {
    id: 'sign-out/global',
    title: 'GlobalSignOut ends every session of the user: its access tokens and refresh tokens are refused',
    doc: `${GUIDE}/amazon-cognito-user-pools-using-the-refresh-token.html`,
    run: async (t) => {
      const pool = await templatePool(t, WITH_REFRESH_TOKEN_AUTH);
      const email = await confirmedUser(t, pool, 'sign-out');
      const tokens = await signedIn(t, pool, email);
      await t.check('signs the user out', () => t.cognito.send(new GlobalSignOutCommand({ AccessToken: tokens.AccessToken })));
      await signedOutEverywhere(t, pool, tokens, email);
    },
  },
  {
    id: 'sign-out/admin-global',
    title: 'AdminUserGlobalSignOut ends every session of the user as GlobalSignOut does',
    doc: `${API}/API_AdminUserGlobalSignOut.html`,
    run: async (t) => {
      const pool = await templatePool(t, WITH_REFRESH_TOKEN_AUTH);
      const email = await confirmedUser(t, pool, 'admin-sign-out');
      const tokens = await signedIn(t, pool, email);
      await t.check('signs the user out', () =>
        t.cognito.send(new AdminUserGlobalSignOutCommand({ UserPoolId: pool.userPoolId, Username: email })),
      );
      await signedOutEverywhere(t, pool, tokens, email);
    },
  },
  {
    id: 'change-password/right',
    title: 'ChangePassword with the current password replaces it',
    doc: `${API}/API_ChangePassword.html`,
    run: async (t) => {
      const pool = await templatePool(t);
      const email = await confirmedUser(t, pool, 'change');
      const { AccessToken } = await signedIn(t, pool, email);
      await t.check('changes the password', () =>
        t.cognito.send(new ChangePasswordCommand({ AccessToken, PreviousPassword: PASSWORD, ProposedPassword: OTHER_PASSWORD })),
      );
      await t.check('the old password is refused', () =>
        expectFailure(passwordAuth(t, pool, email, PASSWORD), {
          name: 'NotAuthorizedException',
          message: 'Incorrect username or password.',
        }),
      );
      await t.check('the new password signs in', async () =>
        expect((await signedIn(t, pool, email, OTHER_PASSWORD)).AccessToken).toEqual(expect.any(String)),
      );
    },
  },
  {
    id: 'change-password/refused',
    title: 'ChangePassword refuses a wrong current password (NotAuthorizedException) and a new one that breaks the policy',
    doc: `${API}/API_ChangePassword.html`,
    run: async (t) => {
      const pool = await templatePool(t);
      const email = await confirmedUser(t, pool, 'change-refused');
      const { AccessToken } = await signedIn(t, pool, email);
      await t.check('a wrong current password', () =>
        expectFailure(
          t.cognito.send(
            new ChangePasswordCommand({ AccessToken, PreviousPassword: OTHER_PASSWORD, ProposedPassword: 'Yet-another-password-9' }),
          ),
          {
            name: 'NotAuthorizedException',
            message: 'Incorrect username or password.',
          },
        ),
      );
      await t.check('a new password that breaks the policy', () =>
        expectFailure(t.cognito.send(new ChangePasswordCommand({ AccessToken, PreviousPassword: PASSWORD, ProposedPassword: 'short' })), {
          name: 'InvalidPasswordException',
        }),
      );
      await t.check('the password is unchanged', async () =>
        expect((await signedIn(t, pool, email)).AccessToken).toEqual(expect.any(String)),
      );
    },
  },
  {
    id: 'delete-user/self',
    title: 'DeleteUser deletes the caller: the user is gone and the token is refused',
    doc: `${API}/API_DeleteUser.html`,
    run: async (t) => {
      const pool = await templatePool(t);
      const email = await confirmedUser(t, pool, 'delete');
      const { AccessToken } = await signedIn(t, pool, email);
      await t.check('deletes the user', () => t.cognito.send(new DeleteUserCommand({ AccessToken })));
      await t.check('the user is gone', () =>
        expectFailure(t.cognito.send(new AdminGetUserCommand({ UserPoolId: pool.userPoolId, Username: email })), {
          name: 'UserNotFoundException',
          message: 'User does not exist.',
        }),
      );
      await t.check('GetUser refuses the token', () =>
        expectFailure(getUser(t, AccessToken), { name: 'NotAuthorizedException', message: 'User does not exist.' }),
      );
      await t.check('sign-in is refused as for any unknown user', () =>
        expectFailure(passwordAuth(t, pool, email), { name: 'NotAuthorizedException', message: 'Incorrect username or password.' }),
      );
    },
  },
];
