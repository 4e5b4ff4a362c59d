// Emailed codes: lifetimes, one use, and the hourly limit of wrong entries (docs/local-emulation.md).
import {
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  ForgotPasswordCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { PASSWORD, startTestEmulator, type TestEmulator } from './emulator.js';

let t: TestEmulator;
beforeEach(async () => {
  t = await startTestEmulator();
});
afterEach(() => t.stop());

const errorOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'ok',
    (error: Error) => `${error.name}: ${error.message}`,
  );
const confirm = (email: string, code: string) =>
  t.cognito.send(new ConfirmSignUpCommand({ ClientId: t.clientId, Username: email, ConfirmationCode: code }));
const reset = (email: string, code: string) =>
  t.cognito.send(
    new ConfirmForgotPasswordCommand({ ClientId: t.clientId, Username: email, ConfirmationCode: code, Password: 'Another-password-77' }),
  );
const wrong = (code: string) => (code === '000000' ? '111111' : '000000');

describe('Cognito emulator: codes', () => {
  it('refuses the 6th code entry within an hour, even the right code, and accepts it an hour later', async () => {
    await t.cognito.send(new SignUpCommand({ ClientId: t.clientId, Username: 'ann@example.com', Password: PASSWORD }));
    const code = t.codeFor('ann@example.com', 'SignUp');
    for (let i = 0; i < 5; i++) expect(await errorOf(confirm('ann@example.com', wrong(code)))).toMatch(/^CodeMismatchException/);
    expect(await errorOf(confirm('ann@example.com', code))).toBe(
      'LimitExceededException: Attempt limit exceeded, please try after some time.',
    );
    t.clock.advance(3_600_000);
    expect(await errorOf(confirm('ann@example.com', code))).toBe('ok');
  });

  it('expires a sign-up code after 24 hours', async () => {
    await t.cognito.send(new SignUpCommand({ ClientId: t.clientId, Username: 'bo@example.com', Password: PASSWORD }));
    t.clock.advance(24 * 3_600_000);
    expect(await errorOf(confirm('bo@example.com', t.codeFor('bo@example.com', 'SignUp')))).toMatch(/^ExpiredCodeException/);
  });

  it('expires a reset code after 1 hour, and a code works once (its reuse reads as expired, as Cognito answers it)', async () => {
    await t.confirmedUser('cy@example.com');
    await t.cognito.send(new ForgotPasswordCommand({ ClientId: t.clientId, Username: 'cy@example.com' }));
    t.clock.advance(3_600_000);
    expect(await errorOf(reset('cy@example.com', t.codeFor('cy@example.com', 'ForgotPassword')))).toMatch(/^ExpiredCodeException/);
    await t.cognito.send(new ForgotPasswordCommand({ ClientId: t.clientId, Username: 'cy@example.com' }));
    const code = t.codeFor('cy@example.com', 'ForgotPassword');
    expect(await errorOf(reset('cy@example.com', code))).toBe('ok');
    expect(await errorOf(reset('cy@example.com', code))).toMatch(/^ExpiredCodeException/);
  });

  it('sends at most 5 reset codes an hour, to known and unknown emails alike', async () => {
    await t.confirmedUser('di@example.com');
    for (const email of ['di@example.com', 'nobody@example.com']) {
      for (let i = 0; i < 5; i++) await t.cognito.send(new ForgotPasswordCommand({ ClientId: t.clientId, Username: email }));
      expect(await errorOf(t.cognito.send(new ForgotPasswordCommand({ ClientId: t.clientId, Username: email })))).toMatch(
        /^LimitExceededException/,
      );
    }
  });

  it('answers an unknown email like a wrong code and gives it a simulated delivery (PreventUserExistenceErrors)', async () => {
    expect(await errorOf(confirm('ghost@example.com', '123456'))).toBe(
      'CodeMismatchException: Invalid verification code provided, please try again.',
    );
    await expect(t.cognito.send(new ForgotPasswordCommand({ ClientId: t.clientId, Username: 'ghost@example.com' }))).resolves.toMatchObject(
      {
        CodeDeliveryDetails: { Destination: 'g***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' },
      },
    );
    const legacy = await t.client({ PreventUserExistenceErrors: 'LEGACY' });
    expect(await errorOf(t.signIn('ghost@example.com', PASSWORD, legacy))).toBe('UserNotFoundException: User does not exist.');
  });
});
