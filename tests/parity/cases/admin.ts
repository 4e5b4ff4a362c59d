// What administrators and `npm run user` do: AdminCreateUser, the NEW_PASSWORD_REQUIRED challenge,
// AdminInitiateAuth / AdminRespondToAuthChallenge, AdminSetUserPassword, AdminDeleteUser.
import {
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminRespondToAuthChallengeCommand,
  AdminSetUserPasswordCommand,
  RespondToAuthChallengeCommand,
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
  templatePool,
  uniqueEmail,
  UUID,
  type TestPool,
} from '../fixtures.js';

const TEMPORARY_PASSWORD = 'Temporary-password-8';

/** AdminCreateUser as `npm run user create` calls it: a temporary password, no invitation email. */
const adminCreate = (t: CaseContext, pool: TestPool, email: string) =>
  t.cognito.send(
    new AdminCreateUserCommand({
      UserPoolId: pool.userPoolId,
      Username: email,
      TemporaryPassword: TEMPORARY_PASSWORD,
      MessageAction: 'SUPPRESS',
      UserAttributes: [
        { Name: 'email', Value: email },
        { Name: 'email_verified', Value: 'true' },
        { Name: 'name', Value: 'Operator' },
      ],
    }),
  );

const newPassword = (t: CaseContext, pool: TestPool, username: string, session: string | undefined, password: string) =>
  t.cognito.send(
    new RespondToAuthChallengeCommand({
      ClientId: pool.clientId,
      ChallengeName: 'NEW_PASSWORD_REQUIRED',
      Session: session,
      ChallengeResponses: { USERNAME: username, NEW_PASSWORD: password },
    }),
  );

export const adminCases: ParityCase[] = [
  {
    id: 'admin/create-user',
    title: 'AdminCreateUser makes a FORCE_CHANGE_PASSWORD user whose username is its sub, and refuses an email that exists',
    doc: `${API}/API_AdminCreateUser.html`,
    run: async (t) => {
      const pool = await templatePool(t);
      const email = uniqueEmail('admin-created');
      const { User } = await adminCreate(t, pool, email);
      await t.check('answers the user: FORCE_CHANGE_PASSWORD, enabled, its username the sub', () => {
        expect(User).toMatchObject({ Username: expect.stringMatching(UUID), UserStatus: 'FORCE_CHANGE_PASSWORD', Enabled: true });
        expect(User?.Attributes).toEqual(
          expect.arrayContaining([
            { Name: 'sub', Value: User?.Username },
            { Name: 'email', Value: email },
            { Name: 'email_verified', Value: 'true' },
            { Name: 'name', Value: 'Operator' },
          ]),
        );
      });
      await t.check('AdminGetUser finds the user by email', async () =>
        expect(await t.cognito.send(new AdminGetUserCommand({ UserPoolId: pool.userPoolId, Username: email }))).toMatchObject({
          Username: User?.Username,
          UserStatus: 'FORCE_CHANGE_PASSWORD',
        }),
      );
      await t.check('refuses the same email again with UsernameExistsException', () =>
        expectFailure(adminCreate(t, pool, email), { name: 'UsernameExistsException', message: 'User account already exists' }),
      );
    },
  },
  {
    id: 'admin/new-password-required',
    title:
      'an admin-created user signing in with the temporary password gets NEW_PASSWORD_REQUIRED; answering it sets the password and gives tokens',
    doc: `${API}/API_RespondToAuthChallenge.html`,
    run: async (t) => {
      const pool = await templatePool(t);
      const email = uniqueEmail('new-password');
      const { User } = await adminCreate(t, pool, email);
      const username = User?.Username ?? '';
      await t.check('the sign-in answers NEW_PASSWORD_REQUIRED with the user id and attributes', async () => {
        const answer = await passwordAuth(t, pool, email, TEMPORARY_PASSWORD);
        expect(answer).toMatchObject({ ChallengeName: 'NEW_PASSWORD_REQUIRED', Session: expect.any(String) });
        expect(answer.ChallengeParameters).toMatchObject({ USER_ID_FOR_SRP: username, requiredAttributes: '[]' });
        expect(JSON.parse(answer.ChallengeParameters?.userAttributes ?? '{}')).toMatchObject({ email, name: 'Operator' });
      });
      await t.check('a new password that breaks the policy is refused', async () => {
        const { Session } = await passwordAuth(t, pool, email, TEMPORARY_PASSWORD);
        await expectFailure(newPassword(t, pool, username, Session, 'short'), { name: 'InvalidPasswordException' });
      });
      let consumed: string | undefined;
      await t.check('a good new password gives tokens and confirms the user', async () => {
        consumed = (await passwordAuth(t, pool, email, TEMPORARY_PASSWORD)).Session;
        const { AuthenticationResult } = await newPassword(t, pool, username, consumed, PASSWORD);
        expect(AuthenticationResult).toMatchObject({ AccessToken: expect.any(String), RefreshToken: expect.any(String) });
        expect((await t.cognito.send(new AdminGetUserCommand({ UserPoolId: pool.userPoolId, Username: email }))).UserStatus).toBe(
          'CONFIRMED',
        );
      });
      // The message as Cognito words it (aws-amplify/amplify-js issues on "session can only be used once").
      await t.check('a session that has been answered is refused', () =>
        expectFailure(newPassword(t, pool, username, consumed, OTHER_PASSWORD), { name: 'NotAuthorizedException', message: /session/i }),
      );
      await t.check('the new password signs in; the temporary one is refused', async () => {
        expect((await signedIn(t, pool, email)).AccessToken).toEqual(expect.any(String));
        await expectFailure(passwordAuth(t, pool, email, TEMPORARY_PASSWORD), {
          name: 'NotAuthorizedException',
          message: 'Incorrect username or password.',
        });
      });
    },
  },
  {
    id: 'admin/npm-run-user',
    title:
      '`npm run user create` then `login` against a client with a secret: AdminInitiateAuth, AdminRespondToAuthChallenge, AdminInitiateAuth',
    doc: `${GUIDE}/amazon-cognito-user-pools-authentication-flow.html#amazon-cognito-user-pools-admin-authentication-flow`,
    run: async (t) => {
      const pool = await templatePool(t, { client: { GenerateSecret: true } });
      const email = uniqueEmail('operator');
      await adminCreate(t, pool, email);
      const adminAuth = (password: string) =>
        t.cognito.send(
          new AdminInitiateAuthCommand({
            UserPoolId: pool.userPoolId,
            ClientId: pool.clientId,
            AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
            AuthParameters: { USERNAME: email, PASSWORD: password, ...pool.secretHash(email) },
          }),
        );
      await t.check('create: the temporary password answers NEW_PASSWORD_REQUIRED, and the new password gives tokens', async () => {
        const challenge = await adminAuth(TEMPORARY_PASSWORD);
        expect(challenge.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
        // As local/user.ts answers: USERNAME is USER_ID_FOR_SRP, and so is the SECRET_HASH's username.
        const username = challenge.ChallengeParameters?.USER_ID_FOR_SRP ?? email;
        const { AuthenticationResult } = await t.cognito.send(
          new AdminRespondToAuthChallengeCommand({
            UserPoolId: pool.userPoolId,
            ClientId: pool.clientId,
            ChallengeName: 'NEW_PASSWORD_REQUIRED',
            Session: challenge.Session,
            ChallengeResponses: { USERNAME: username, NEW_PASSWORD: PASSWORD, ...pool.secretHash(username) },
          }),
        );
        expect(AuthenticationResult).toMatchObject({
          AccessToken: expect.any(String),
          IdToken: expect.any(String),
          ExpiresIn: expect.any(Number),
        });
      });
      await t.check('login: the password gives tokens', async () =>
        expect((await adminAuth(PASSWORD)).AuthenticationResult).toMatchObject({
          AccessToken: expect.any(String),
          RefreshToken: expect.any(String),
        }),
      );
    },
  },
  {
    id: 'admin/set-password',
    title: 'AdminSetUserPassword Permanent confirms the user with that password, and refuses one that breaks the policy',
    doc: `${API}/API_AdminSetUserPassword.html`,
    run: async (t) => {
      const pool = await templatePool(t);
      const email = uniqueEmail('set-password');
      await adminCreate(t, pool, email);
      const set = (password: string) =>
        t.cognito.send(
          new AdminSetUserPasswordCommand({ UserPoolId: pool.userPoolId, Username: email, Password: password, Permanent: true }),
        );
      await t.check('refuses a password that breaks the policy', () => expectFailure(set('short'), { name: 'InvalidPasswordException' }));
      await t.check('sets the password: CONFIRMED, and it signs in', async () => {
        await set(PASSWORD);
        expect((await t.cognito.send(new AdminGetUserCommand({ UserPoolId: pool.userPoolId, Username: email }))).UserStatus).toBe(
          'CONFIRMED',
        );
        expect((await signedIn(t, pool, email)).AccessToken).toEqual(expect.any(String));
      });
    },
  },
  {
    id: 'admin/delete-user',
    title: 'AdminDeleteUser deletes the user: AdminGetUser answers UserNotFoundException and sign-in is refused',
    doc: `${API}/API_AdminDeleteUser.html`,
    run: async (t) => {
      const pool = await templatePool(t);
      const email = await confirmedUser(t, pool, 'admin-delete');
      await t.cognito.send(new AdminDeleteUserCommand({ UserPoolId: pool.userPoolId, Username: email }));
      await t.check('AdminGetUser: UserNotFoundException', () =>
        expectFailure(t.cognito.send(new AdminGetUserCommand({ UserPoolId: pool.userPoolId, Username: email })), {
          name: 'UserNotFoundException',
          message: 'User does not exist.',
        }),
      );
      await t.check('AdminDeleteUser again: UserNotFoundException', () =>
        expectFailure(t.cognito.send(new AdminDeleteUserCommand({ UserPoolId: pool.userPoolId, Username: email })), {
          name: 'UserNotFoundException',
          message: 'User does not exist.',
        }),
      );
      await t.check('sign-in is refused', () =>
        expectFailure(passwordAuth(t, pool, email), { name: 'NotAuthorizedException', message: 'Incorrect username or password.' }),
      );
    },
  },
];
