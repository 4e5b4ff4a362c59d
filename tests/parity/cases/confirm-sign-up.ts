// ConfirmSignUp and ResendConfirmationCode: right, wrong and used codes, unknown users.
import {
  AdminConfirmSignUpCommand,
  AdminGetUserCommand,
  ConfirmSignUpCommand,
  ResendConfirmationCodeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { CaseContext, ParityCase } from '../harness.js';
import {
  API,
  codeCount,
  expectFailure,
  GUIDE,
  latestCode,
  maskedEmail,
  otherClient,
  signedIn,
  signedUpUser,
  templatePool,
  uniqueEmail,
  type TestPool,
} from '../fixtures.js';

const WRONG_CODE = 'Invalid verification code provided, please try again.';
const NOT_FOUND = 'Username/client id combination not found.';

const confirm = (t: CaseContext, pool: TestPool, email: string, code: string, clientId = pool.clientId) =>
  t.cognito.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: email, ConfirmationCode: code }));

const statusOf = async (t: CaseContext, pool: TestPool, email: string) =>
  (await t.cognito.send(new AdminGetUserCommand({ UserPoolId: pool.userPoolId, Username: email }))).UserStatus;

export const confirmSignUpCases: ParityCase[] = [
  {
    id: 'confirm-sign-up/right-code',
    title: 'confirms the user with the emailed code and, the pool auto-verifying emails, marks the email verified',
    doc: `${GUIDE}/signing-up-users-in-your-app.html`,
    run: async (t) => {
      const pool = await templatePool(t);
      const { email } = await signedUpUser(t, pool, 'confirm');
      let code = '';
      await t.check('a sign-up code was emailed', async () => {
        code = await latestCode(t, email, 'sign-up');
        expect(code).toMatch(/^\d{6}$/);
      });
      await t.check('confirms with the code', () => confirm(t, pool, email, code));
      await t.check('the user is CONFIRMED with email_verified true', async () => {
        const user = await t.cognito.send(new AdminGetUserCommand({ UserPoolId: pool.userPoolId, Username: email }));
        expect(user.UserStatus).toBe('CONFIRMED');
        expect(user.UserAttributes).toContainEqual({ Name: 'email_verified', Value: 'true' });
      });
      await t.check('the user signs in', async () => expect((await signedIn(t, pool, email)).AccessToken).toEqual(expect.any(String)));
    },
  },
  {
    id: 'confirm-sign-up/wrong-code',
    title: 'refuses a wrong code with CodeMismatchException and leaves the user UNCONFIRMED',
    doc: `${API}/API_ConfirmSignUp.html`,
    run: async (t) => {
      const pool = await templatePool(t);
      const { email } = await signedUpUser(t, pool, 'wrong-code');
      await t.check('refuses a wrong code', () =>
        expectFailure(confirm(t, pool, email, '000000'), { name: 'CodeMismatchException', message: WRONG_CODE }),
      );
      await t.check('the user stays UNCONFIRMED', async () => expect(await statusOf(t, pool, email)).toBe('UNCONFIRMED'));
    },
  },
  {
    id: 'confirm-sign-up/used-code',
    title: 'refuses the code once it has confirmed the user: the user is CONFIRMED already',
    doc: `${GUIDE}/cognito-user-pool-managing-errors.html`,
    run: async (t) => {
      const pool = await templatePool(t);
      const { email } = await signedUpUser(t, pool, 'used-code');
      let code = '';
      await t.check('a sign-up code was emailed', async () => {
        code = await latestCode(t, email, 'sign-up');
      });
      await confirm(t, pool, email, code);
      await t.check('refuses the same code again with NotAuthorizedException', () =>
        expectFailure(confirm(t, pool, email, code), {
          name: 'NotAuthorizedException',
          message: 'User cannot be confirmed. Current status is CONFIRMED',
        }),
      );
    },
  },
  {
    id: 'confirm-sign-up/confirmed-user',
    title: 'refuses to confirm a user an administrator confirmed, whatever the code',
    doc: `${GUIDE}/cognito-user-pool-managing-errors.html`,
    run: async (t) => {
      const pool = await templatePool(t);
      const { email } = await signedUpUser(t, pool, 'admin-confirmed');
      await t.cognito.send(new AdminConfirmSignUpCommand({ UserPoolId: pool.userPoolId, Username: email }));
      await t.check('refuses with NotAuthorizedException', () =>
        expectFailure(confirm(t, pool, email, '123456'), {
          name: 'NotAuthorizedException',
          message: 'User cannot be confirmed. Current status is CONFIRMED',
        }),
      );
    },
  },
  {
    id: 'confirm-sign-up/unknown-user',
    title: 'answers an unknown user as a wrong code when PreventUserExistenceErrors is ENABLED, UserNotFoundException when LEGACY',
    doc: `${GUIDE}/cognito-user-pool-managing-errors.html`,
    run: async (t) => {
      const pool = await templatePool(t);
      const legacy = await otherClient(t, pool, { PreventUserExistenceErrors: 'LEGACY' });
      const nobody = uniqueEmail('nobody');
      await t.check('ENABLED: CodeMismatchException', () =>
        expectFailure(confirm(t, pool, nobody, '123456'), { name: 'CodeMismatchException', message: WRONG_CODE }),
      );
      await t.check('LEGACY: UserNotFoundException', () =>
        expectFailure(confirm(t, pool, nobody, '123456', legacy), { name: 'UserNotFoundException', message: NOT_FOUND }),
      );
    },
  },
  {
    id: 'resend-code/unconfirmed',
    title: 'sends an unconfirmed user a new code, which confirms the user',
    doc: `${API}/API_ResendConfirmationCode.html`,
    run: async (t) => {
      const pool = await templatePool(t);
      const { email } = await signedUpUser(t, pool, 'resend');
      await t.check('answers with the masked address', async () => {
        const { CodeDeliveryDetails } = await t.cognito.send(
          new ResendConfirmationCodeCommand({ ClientId: pool.clientId, Username: email }),
        );
        expect(CodeDeliveryDetails).toEqual({
          AttributeName: 'email',
          DeliveryMedium: 'EMAIL',
          Destination: expect.stringMatching(maskedEmail(email)),
        });
      });
      await t.check('a second code was emailed, and it confirms the user', async () => {
        expect(await codeCount(t, email, 'sign-up')).toBe(2);
        await confirm(t, pool, email, await latestCode(t, email, 'sign-up'));
        expect(await statusOf(t, pool, email)).toBe('CONFIRMED');
      });
    },
  },
  {
    id: 'resend-code/unknown-user',
    title:
      'answers an unknown user with a simulated delivery when PreventUserExistenceErrors is ENABLED, UserNotFoundException when LEGACY',
    doc: `${GUIDE}/cognito-user-pool-managing-errors.html`,
    run: async (t) => {
      const pool = await templatePool(t);
      const legacy = await otherClient(t, pool, { PreventUserExistenceErrors: 'LEGACY' });
      const nobody = uniqueEmail('nobody');
      await t.check('ENABLED: a simulated, masked delivery', async () => {
        const { CodeDeliveryDetails } = await t.cognito.send(
          new ResendConfirmationCodeCommand({ ClientId: pool.clientId, Username: nobody }),
        );
        expect(CodeDeliveryDetails).toEqual({
          AttributeName: 'email',
          DeliveryMedium: 'EMAIL',
          Destination: expect.stringMatching(maskedEmail(nobody)),
        });
      });
      await t.check('LEGACY: UserNotFoundException', () =>
        expectFailure(t.cognito.send(new ResendConfirmationCodeCommand({ ClientId: legacy, Username: nobody })), {
          name: 'UserNotFoundException',
          message: NOT_FOUND,
        }),
      );
    },
  },
  {
    id: 'resend-code/confirmed-user',
    title: 'refuses to resend a sign-up code to a confirmed user with InvalidParameterException',
    doc: `${API}/API_ResendConfirmationCode.html`,
    run: async (t) => {
      const pool = await templatePool(t);
      const legacy = await otherClient(t, pool, { PreventUserExistenceErrors: 'LEGACY' });
      const { email } = await signedUpUser(t, pool, 'resend-confirmed');
      await t.cognito.send(new AdminConfirmSignUpCommand({ UserPoolId: pool.userPoolId, Username: email }));
      await t.check('refuses with InvalidParameterException', () =>
        expectFailure(t.cognito.send(new ResendConfirmationCodeCommand({ ClientId: legacy, Username: email })), {
          name: 'InvalidParameterException',
          message: 'User is already confirmed.',
        }),
      );
    },
  },
];
