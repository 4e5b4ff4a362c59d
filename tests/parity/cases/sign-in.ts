// InitiateAuth / AdminInitiateAuth with a password: tokens, refusals, and what the client allows.
import {
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminInitiateAuthCommand,
  DescribeUserPoolClientCommand,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { ParityCase } from '../harness.js';
import {
  API,
  claimsOf,
  confirmedUser,
  expectFailure,
  GUIDE,
  otherClient,
  OTHER_PASSWORD,
  PASSWORD,
  passwordAuth,
  signedIn,
  signedUpUser,
  templatePool,
  uniqueEmail,
} from '../fixtures.js';

const INCORRECT = 'Incorrect username or password.';

export const signInCases: ParityCase[] = [
  {
    id: 'sign-in/password',
    title: 'issues access, ID and refresh tokens for the right password, living as long as the app client says',
    doc: `${API}/API_InitiateAuth.html`,
    run: async (t) => {
      const pool = await templatePool(t);
      const email = await confirmedUser(t, pool, 'sign-in');
      const answer = await passwordAuth(t, pool, email);
      await t.check('answers tokens, no challenge', () => {
        expect(answer.ChallengeName).toBeUndefined();
        expect(answer.AuthenticationResult).toEqual({
          AccessToken: expect.any(String),
          IdToken: expect.any(String),
          RefreshToken: expect.any(String),
          ExpiresIn: expect.any(Number),
          TokenType: 'Bearer',
        });
      });
      // AccessTokenValidity / IdTokenValidity with TokenValidityUnits, per app client.
      const shortLived = await otherClient(t, pool, {
        AccessTokenValidity: 30,
        IdTokenValidity: 20,
        TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'days' },
      });
      await t.check("tokens live as long as the app client's validity settings say", async () => {
        const { AuthenticationResult: tokens } = await passwordAuth(t, pool, email, PASSWORD, shortLived);
        const lifetime = (token?: string) => {
          const { exp, iat } = claimsOf(token ?? '');
          return Number(exp) - Number(iat);
        };
        expect([tokens?.ExpiresIn, lifetime(tokens?.AccessToken), lifetime(tokens?.IdToken)]).toEqual([1800, 1800, 1200]);
      });
    },
  },
  {
    id: 'sign-in/wrong-password',
    title: 'refuses a wrong password with NotAuthorizedException',
    doc: `${GUIDE}/cognito-user-pool-managing-errors.html`,
    run: async (t) => {
      const pool = await templatePool(t);
      const email = await confirmedUser(t, pool, 'wrong-password');
      await t.check('refuses with NotAuthorizedException', () =>
        expectFailure(passwordAuth(t, pool, email, OTHER_PASSWORD), { name: 'NotAuthorizedException', message: INCORRECT }),
      );
    },
  },
  {
    id: 'sign-in/email-case',
    title: 'signs a user in with their email in another letter case (the pool is case-insensitive)',
    doc: `${API}/API_UsernameConfigurationType.html`,
    run: async (t) => {
      const pool = await templatePool(t);
      const email = await confirmedUser(t, pool, 'email-case');
      await t.check('signs in with the email in upper case', async () =>
        expect((await passwordAuth(t, pool, email.toUpperCase())).AuthenticationResult?.AccessToken).toEqual(expect.any(String)),
      );
    },
  },
  {
    id: 'sign-in/unknown-user',
    title: 'answers an unknown user as a wrong password when PreventUserExistenceErrors is ENABLED, UserNotFoundException when LEGACY',
    doc: `${GUIDE}/cognito-user-pool-managing-errors.html`,
    run: async (t) => {
      const pool = await templatePool(t);
      const legacy = await otherClient(t, pool, { PreventUserExistenceErrors: 'LEGACY' });
      const nobody = uniqueEmail('nobody');
      await t.check('ENABLED: NotAuthorizedException', () =>
        expectFailure(passwordAuth(t, pool, nobody), { name: 'NotAuthorizedException', message: INCORRECT }),
      );
      await t.check('LEGACY: UserNotFoundException', () =>
        expectFailure(passwordAuth(t, pool, nobody, PASSWORD, legacy), { name: 'UserNotFoundException', message: 'User does not exist.' }),
      );
    },
  },
  {
    // Cognito tells an unconfirmed user so before it checks the password (amazon-cognito-identity-js#288, aws-sdk-js#4608).
    id: 'sign-in/unconfirmed',
    title: 'answers an unconfirmed user with UserNotConfirmedException, whatever the password',
    doc: `${API}/API_InitiateAuth.html`,
    run: async (t) => {
      const pool = await templatePool(t);
      const { email } = await signedUpUser(t, pool, 'unconfirmed');
      await t.check('right password: UserNotConfirmedException', () =>
        expectFailure(passwordAuth(t, pool, email), { name: 'UserNotConfirmedException', message: 'User is not confirmed.' }),
      );
      await t.check('wrong password: UserNotConfirmedException', () =>
        expectFailure(passwordAuth(t, pool, email, OTHER_PASSWORD), {
          name: 'UserNotConfirmedException',
          message: 'User is not confirmed.',
        }),
      );
    },
  },
  {
    id: 'sign-in/disabled',
    title: 'refuses a disabled user with NotAuthorizedException "User is disabled.", and signs them in once enabled again',
    doc: `${API}/API_AdminDisableUser.html`,
    run: async (t) => {
      const pool = await templatePool(t);
      const email = await confirmedUser(t, pool, 'disabled');
      await t.cognito.send(new AdminDisableUserCommand({ UserPoolId: pool.userPoolId, Username: email }));
      await t.check('refuses the disabled user', () =>
        expectFailure(passwordAuth(t, pool, email), { name: 'NotAuthorizedException', message: 'User is disabled.' }),
      );
      await t.cognito.send(new AdminEnableUserCommand({ UserPoolId: pool.userPoolId, Username: email }));
      await t.check('signs the user in once enabled', async () =>
        expect((await passwordAuth(t, pool, email)).AuthenticationResult?.AccessToken).toEqual(expect.any(String)),
      );
    },
  },
  {
    id: 'sign-in/flow-not-enabled',
    title: "refuses a flow the app client's ExplicitAuthFlows do not allow with InvalidParameterException",
    doc: `${API}/API_CreateUserPoolClient.html`,
    run: async (t) => {
      const pool = await templatePool(t);
      const email = await confirmedUser(t, pool, 'flow');
      // The template's machine client: refresh only.
      const refreshOnly = await otherClient(t, pool, { ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'] });
      await t.check('USER_PASSWORD_AUTH refused', () =>
        expectFailure(passwordAuth(t, pool, email, PASSWORD, refreshOnly), {
          name: 'InvalidParameterException',
          message: 'USER_PASSWORD_AUTH flow not enabled for this client',
        }),
      );
      await t.check('ADMIN_USER_PASSWORD_AUTH refused', () =>
        expectFailure(
          t.cognito.send(
            new AdminInitiateAuthCommand({
              UserPoolId: pool.userPoolId,
              ClientId: refreshOnly,
              AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
              AuthParameters: { USERNAME: email, PASSWORD },
            }),
          ),
          { name: 'InvalidParameterException', message: 'ADMIN_USER_PASSWORD_AUTH flow not enabled for this client' },
        ),
      );
      // The template's own client: rotation on, no ALLOW_REFRESH_TOKEN_AUTH ("You can't authenticate with
      // REFRESH_TOKEN_AUTH in app clients with refresh token rotation enabled", refresh-token guide).
      const { RefreshToken } = await signedIn(t, pool, email);
      await t.check("REFRESH_TOKEN_AUTH refused on the template's rotating client", () =>
        expectFailure(
          t.cognito.send(
            new InitiateAuthCommand({
              ClientId: pool.clientId,
              AuthFlow: 'REFRESH_TOKEN_AUTH',
              AuthParameters: { REFRESH_TOKEN: RefreshToken },
            }),
          ),
          { name: 'InvalidParameterException' },
        ),
      );
    },
  },
  {
    id: 'sign-in/admin-password',
    title: 'ADMIN_USER_PASSWORD_AUTH issues tokens for the right password and refuses a wrong one',
    doc: `${GUIDE}/amazon-cognito-user-pools-authentication-flow.html#amazon-cognito-user-pools-admin-authentication-flow`,
    run: async (t) => {
      const pool = await templatePool(t);
      const email = await confirmedUser(t, pool, 'admin-auth');
      const adminAuth = (password: string) =>
        t.cognito.send(
          new AdminInitiateAuthCommand({
            UserPoolId: pool.userPoolId,
            ClientId: pool.clientId,
            AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
            AuthParameters: { USERNAME: email, PASSWORD: password },
          }),
        );
      await t.check('right password: tokens', async () =>
        expect((await adminAuth(PASSWORD)).AuthenticationResult).toMatchObject({
          AccessToken: expect.any(String),
          RefreshToken: expect.any(String),
        }),
      );
      await t.check('wrong password: NotAuthorizedException', () =>
        expectFailure(adminAuth(OTHER_PASSWORD), { name: 'NotAuthorizedException', message: INCORRECT }),
      );
    },
  },
  {
    // The messages as Cognito words them (aws-amplify/amplify-android#2504, aws-amplify/amplify-js#277).
    id: 'sign-in/secret-hash',
    title: 'with a client secret, refuses a sign-in without SECRET_HASH or with a wrong one, and accepts the right one',
    doc: `${GUIDE}/signing-up-users-in-your-app.html#cognito-user-pools-computing-secret-hash`,
    run: async (t) => {
      const pool = await templatePool(t, { client: { GenerateSecret: true } });
      const email = await confirmedUser(t, pool, 'secret');
      await t.check('DescribeUserPoolClient gives the secret', async () => {
        const { UserPoolClient } = await t.cognito.send(
          new DescribeUserPoolClientCommand({ UserPoolId: pool.userPoolId, ClientId: pool.clientId }),
        );
        expect(UserPoolClient?.ClientSecret).toBe(pool.clientSecret);
      });
      const initiate = (secretHash?: string) =>
        t.cognito.send(
          new InitiateAuthCommand({
            ClientId: pool.clientId,
            AuthFlow: 'USER_PASSWORD_AUTH',
            AuthParameters: { USERNAME: email, PASSWORD, ...(secretHash ? { SECRET_HASH: secretHash } : {}) },
          }),
        );
      await t.check('without SECRET_HASH: NotAuthorizedException', () =>
        expectFailure(initiate(), {
          name: 'NotAuthorizedException',
          message: `Client ${pool.clientId} is configured with secret but SECRET_HASH was not received`,
        }),
      );
      await t.check('with a wrong SECRET_HASH: NotAuthorizedException', () =>
        expectFailure(initiate('d3Jvbmc='), {
          name: 'NotAuthorizedException',
          message: `Unable to verify secret hash for client ${pool.clientId}`,
        }),
      );
      await t.check('with the right SECRET_HASH: tokens', async () =>
        expect((await passwordAuth(t, pool, email)).AuthenticationResult?.AccessToken).toEqual(expect.any(String)),
      );
    },
  },
];
