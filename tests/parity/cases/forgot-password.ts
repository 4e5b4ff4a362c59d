// ForgotPassword and ConfirmForgotPassword.
import { AdminConfirmSignUpCommand, ConfirmForgotPasswordCommand, ForgotPasswordCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { CaseContext, ParityCase } from '../harness.js';
import {
  API,
  codeCount,
  confirmedUser,
  expectFailure,
  GUIDE,
  latestCode,
  maskedEmail,
  otherClient,
  OTHER_PASSWORD,
  PASSWORD,
  passwordAuth,
  signedIn,
  signedUpUser,
  templatePool,
  uniqueEmail,
  type TestPool,
} from '../fixtures.js';

const WRONG_CODE = 'Invalid verification code provided, please try again.';

const forgot = (t: CaseContext, pool: TestPool, email: string, clientId = pool.clientId) =>
  t.cognito.send(new ForgotPasswordCommand({ ClientId: clientId, Username: email }));
const confirmReset = (t: CaseContext, pool: TestPool, email: string, code: string, password = OTHER_PASSWORD, clientId = pool.clientId) =>
  t.cognito.send(new ConfirmForgotPasswordCommand({ ClientId: clientId, Username: email, ConfirmationCode: code, Password: password }));

export const forgotPasswordCases: ParityCase[] = [
  {
    id: 'forgot-password/reset',
    title: 'ForgotPassword emails a code to the verified address; ConfirmForgotPassword with it sets the new password',
    doc: `${API}/API_ForgotPassword.html`,
    run: async (t) => {
      const pool = await templatePool(t);
      const email = await confirmedUser(t, pool, 'forgot');
      await t.check('answers with the masked address', async () =>
        expect((await forgot(t, pool, email)).CodeDeliveryDetails).toEqual({
          AttributeName: 'email',
          DeliveryMedium: 'EMAIL',
          Destination: expect.stringMatching(maskedEmail(email)),
        }),
      );
      let code = '';
      await t.check('a reset code was emailed', async () => {
        code = await latestCode(t, email, 'reset');
      });
      await t.check('the code sets the new password', () => confirmReset(t, pool, email, code));
      await t.check('the old password is refused', () =>
        expectFailure(passwordAuth(t, pool, email, PASSWORD), {
          name: 'NotAuthorizedException',
          message: 'Incorrect username or password.',
        }),
      );
      await t.check('the new password signs in', async () =>
        expect((await signedIn(t, pool, email, OTHER_PASSWORD)).AccessToken).toEqual(expect.any(String)),
      );
      // "If a code isn't requested when using ForgotPassword, Amazon Cognito returns the ExpiredCodeException error."
      await t.check('the used code is refused with ExpiredCodeException', () =>
        expectFailure(confirmReset(t, pool, email, code, 'Third-long-password-5'), {
          name: 'ExpiredCodeException',
          message: 'Invalid code provided, please request a code again.',
        }),
      );
    },
  },
  {
    id: 'forgot-password/wrong-code',
    title:
      'ConfirmForgotPassword refuses a wrong code (CodeMismatchException) and a password that breaks the policy, and keeps the password',
    doc: `${API}/API_ConfirmForgotPassword.html`,
    run: async (t) => {
      const pool = await templatePool(t);
      const email = await confirmedUser(t, pool, 'forgot-wrong');
      await forgot(t, pool, email);
      await t.check('refuses a wrong code', () =>
        expectFailure(confirmReset(t, pool, email, '000000'), { name: 'CodeMismatchException', message: WRONG_CODE }),
      );
      await t.check('refuses a password that breaks the policy', async () =>
        expectFailure(confirmReset(t, pool, email, await latestCode(t, email, 'reset'), 'short'), { name: 'InvalidPasswordException' }),
      );
      await t.check('the password is unchanged', async () =>
        expect((await signedIn(t, pool, email)).AccessToken).toEqual(expect.any(String)),
      );
    },
  },
  {
    id: 'forgot-password/unknown-user',
    title:
      'answers an unknown user with a simulated delivery and a wrong code when PreventUserExistenceErrors is ENABLED, UserNotFoundException when LEGACY',
    doc: `${GUIDE}/cognito-user-pool-managing-errors.html`,
    run: async (t) => {
      const pool = await templatePool(t);
      const legacy = await otherClient(t, pool, { PreventUserExistenceErrors: 'LEGACY' });
      const nobody = uniqueEmail('nobody');
      await t.check('ENABLED: ForgotPassword answers a simulated, masked delivery', async () =>
        expect((await forgot(t, pool, nobody)).CodeDeliveryDetails).toEqual({
          AttributeName: 'email',
          DeliveryMedium: 'EMAIL',
          Destination: expect.stringMatching(maskedEmail(nobody)),
        }),
      );
      await t.check('ENABLED: ConfirmForgotPassword answers CodeMismatchException', () =>
        expectFailure(confirmReset(t, pool, nobody, '123456'), { name: 'CodeMismatchException', message: WRONG_CODE }),
      );
      await t.check('LEGACY: ForgotPassword answers UserNotFoundException', () =>
        expectFailure(forgot(t, pool, nobody, legacy), {
          name: 'UserNotFoundException',
          message: 'Username/client id combination not found.',
        }),
      );
      await t.check('LEGACY: ConfirmForgotPassword answers UserNotFoundException', () =>
        expectFailure(confirmReset(t, pool, nobody, '123456', OTHER_PASSWORD, legacy), {
          name: 'UserNotFoundException',
          message: 'Username/client id combination not found.',
        }),
      );
    },
  },
  {
    id: 'forgot-password/unverified-email',
    title: 'sends no reset code to an address that is not verified: InvalidParameterException when LEGACY',
    doc: `${API}/API_ForgotPassword.html`,
    run: async (t) => {
      const pool = await templatePool(t);
      const legacy = await otherClient(t, pool, { PreventUserExistenceErrors: 'LEGACY' });
      // Confirmed by an administrator, so the email was never verified.
      const { email } = await signedUpUser(t, pool, 'unverified');
      await t.cognito.send(new AdminConfirmSignUpCommand({ UserPoolId: pool.userPoolId, Username: email }));
      // "If neither a verified phone number nor a verified email exists, Amazon Cognito responds with an InvalidParameterException error."
      await t.check('LEGACY: InvalidParameterException', () =>
        expectFailure(forgot(t, pool, email, legacy), {
          name: 'InvalidParameterException',
          message: 'Cannot reset password for the user as there is no registered/verified email or phone_number',
        }),
      );
      await t.check('ENABLED: no reset code is emailed', async () => {
        await forgot(t, pool, email).catch((error: Error) => expect(error.name).toBe('InvalidParameterException'));
        expect(await codeCount(t, email, 'reset')).toBe(0);
      });
    },
  },
];
