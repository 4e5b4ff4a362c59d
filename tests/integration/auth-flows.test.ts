// The contract's user journeys, over HTTP, against the local stack (npm start).
import { AdminCreateUserCommand, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { generateSync } from 'otplib';
import { claimsOf, PASSWORD, startTestStack, uniqueEmail, type TestStack } from './local-stack.js';

jest.setTimeout(60_000);

let stack: TestStack;
const users: string[] = [];
const newUser = (label: string) => {
  const email = uniqueEmail(label);
  users.push(email);
  return email;
};

beforeAll(async () => {
  stack = await startTestStack();
});
afterEach(async () => {
  await Promise.all(users.splice(0).map((email) => stack.deleteUser(email)));
});
afterAll(() => stack?.stop());

async function signUpAndConfirm(email: string): Promise<void> {
  expect((await stack.call('POST', '/auth/sign-up', { body: { email, password: PASSWORD } })).status).toBe(201);
  const code = await stack.codeFor(email, 'SignUp');
  expect((await stack.call('POST', '/auth/confirm-sign-up', { body: { email, code } })).status).toBe(200);
}

/** A user created by an administrator, as AdminCreateUser does it: returns the emailed temporary password. */
async function adminCreatedUser(email: string, { emailVerified }: { emailVerified: boolean }): Promise<string> {
  await stack.cognito.send(
    new AdminCreateUserCommand({
      UserPoolId: stack.state.userPoolId,
      Username: email,
      UserAttributes: [
        { Name: 'email', Value: email },
        { Name: 'email_verified', Value: String(emailVerified) },
      ],
      DesiredDeliveryMediums: ['EMAIL'],
    }),
  );
  return stack.codeFor(email, 'AdminCreateUser');
}

const totp = (secret: string, epoch?: number) =>
  generateSync({ secret, algorithm: 'sha1', digits: 6, period: 30, ...(epoch ? { epoch } : {}) });
// Cognito accepts a code once per time step; the sign-in after the set-up answers with the next
// step's code, which the one-step clock drift allowance accepts, instead of waiting 30 seconds.
const nextStepTotp = (secret: string) => totp(secret, Math.floor(Date.now() / 1000) + 30);

describe('local stack: auth flows', () => {
  it('signs up, confirms with the emailed code, signs in, reads the profile, refreshes, and refuses the refresh token after sign-out', async () => {
    const email = newUser('journey');
    const signUp = await stack.call('POST', '/auth/sign-up', { body: { email, password: PASSWORD, name: 'Jane' } });
    expect(signUp).toMatchObject({
      status: 201,
      body: { userConfirmed: false, codeDelivery: { medium: 'EMAIL', destination: expect.stringMatching(/^j\*\*\*@e\*\*\*$/) } },
    });

    const code = await stack.codeFor(email, 'SignUp');
    expect(await stack.call('POST', '/auth/confirm-sign-up', { body: { email, code } })).toMatchObject({
      status: 200,
      body: { confirmed: true },
    });

    const signIn = await stack.call('POST', '/auth/sign-in', { body: { email, password: PASSWORD } });
    expect(signIn).toMatchObject({ status: 200, body: { tokenType: 'Bearer', expiresIn: 900 } });
    const { accessToken, refreshToken } = signIn.body as { accessToken: string; refreshToken: string };

    expect(await stack.call('GET', '/me', { token: accessToken })).toMatchObject({
      status: 200,
      body: { sub: signUp.body?.userSub, email, emailVerified: true, name: 'Jane', mfa: { enabled: false } },
    });

    const refreshed = await stack.call('POST', '/auth/refresh', { body: { refreshToken } });
    expect(refreshed).toMatchObject({
      status: 200,
      body: { accessToken: expect.any(String), idToken: expect.any(String), refreshToken: expect.any(String) },
    });
    const rotated = String(refreshed.body?.refreshToken);
    expect(rotated).not.toBe(refreshToken);

    expect((await stack.call('POST', '/auth/sign-out', { token: accessToken, body: { refreshToken: rotated } })).status).toBe(204);
    for (const token of [rotated, refreshToken])
      expect(await stack.call('POST', '/auth/refresh', { body: { refreshToken: token } })).toMatchObject({
        status: 401,
        body: { code: 'InvalidRefreshToken' },
      });
    // The JWT authorizer still lets the unexpired token through; the session check refuses it.
    expect(await stack.call('GET', '/me', { token: accessToken })).toMatchObject({ status: 401, body: { code: 'SessionEnded' } });
  });

  it('refuses a wrong password and a wrong code without saying whether the email exists', async () => {
    const email = newUser('wrong');
    await signUpAndConfirm(email);
    const wrongPassword = await stack.call('POST', '/auth/sign-in', { body: { email, password: 'Wrong-password-123' } });
    const unknownUser = await stack.call('POST', '/auth/sign-in', { body: { email: uniqueEmail('nobody'), password: PASSWORD } });
    expect(wrongPassword).toMatchObject({ status: 401, body: { code: 'InvalidCredentials' } });
    expect(unknownUser).toMatchObject({ status: 401, body: { code: 'InvalidCredentials' } });
    const unknownCode = await stack.call('POST', '/auth/confirm-sign-up', { body: { email: uniqueEmail('nobody'), code: '123456' } });
    const wrongCode = await stack.call('POST', '/auth/confirm-forgot-password', { body: { email, code: '000000', newPassword: PASSWORD } });
    expect(unknownCode).toMatchObject({ status: 401, body: { code: 'CodeMismatch' } });
    expect(wrongCode).toMatchObject({ status: 401, body: { code: 'CodeMismatch' } });
    const forgotUnknown = await stack.call('POST', '/auth/forgot-password', { body: { email: uniqueEmail('nobody') } });
    expect(forgotUnknown).toMatchObject({ status: 202, body: { codeDelivery: { medium: 'EMAIL' } } });
  });

  it('answers an unconfirmed account like a wrong password, sends it no reset code, and still confirms it with the sign-up code', async () => {
    const email = newUser('unconfirmed');
    expect((await stack.call('POST', '/auth/sign-up', { body: { email, password: PASSWORD } })).status).toBe(201);
    const withoutRequestId = ({ status, body }: { status: number; body?: Record<string, unknown> }) => ({
      status,
      body: { ...body, requestId: undefined },
    });

    const rightPassword = await stack.call('POST', '/auth/sign-in', { body: { email, password: PASSWORD } });
    const wrongPassword = await stack.call('POST', '/auth/sign-in', { body: { email, password: 'Wrong-password-123' } });
    const unknownUser = await stack.call('POST', '/auth/sign-in', { body: { email: uniqueEmail('nobody'), password: PASSWORD } });
    expect(rightPassword).toMatchObject({ status: 401, body: { code: 'InvalidCredentials' } });
    expect(withoutRequestId(wrongPassword)).toEqual(withoutRequestId(rightPassword));
    expect(withoutRequestId(unknownUser)).toEqual(withoutRequestId(rightPassword));
    // What the function hears, as from Cognito: the account's state before any password check.
    const direct = new InitiateAuthCommand({
      ClientId: stack.state.clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: email, PASSWORD: 'Wrong-password-123' },
    });
    await expect(stack.cognito.send(direct)).rejects.toMatchObject({ name: 'UserNotConfirmedException' });

    // Cognito sends no reset code to an unverified address, so a reset cannot confirm the account.
    expect((await stack.call('POST', '/auth/forgot-password', { body: { email } })).status).toBe(202);
    await expect(stack.codeFor(email, 'ForgotPassword')).rejects.toThrow();
    const code = await stack.codeFor(email, 'SignUp');
    expect(await stack.call('POST', '/auth/confirm-sign-up', { body: { email, code } })).toMatchObject({
      status: 200,
      body: { confirmed: true },
    });
    expect((await stack.call('POST', '/auth/sign-in', { body: { email, password: PASSWORD } })).status).toBe(200);
  });

  it('answers NEW_PASSWORD_REQUIRED for an admin-created user and issues tokens once the new password is set', async () => {
    const email = newUser('admin');
    const temporaryPassword = await adminCreatedUser(email, { emailVerified: true });
    // Until the first password is set there is no sign-up to confirm and no password to reset.
    expect(await stack.call('POST', '/auth/confirm-sign-up', { body: { email, code: '123456' } })).toMatchObject({
      status: 409,
      body: { code: 'AlreadyConfirmed' },
    });
    expect((await stack.call('POST', '/auth/forgot-password', { body: { email } })).status).toBe(202);
    await expect(stack.codeFor(email, 'ForgotPassword')).rejects.toThrow();

    const signIn = await stack.call('POST', '/auth/sign-in', { body: { email, password: temporaryPassword } });
    expect(signIn).toMatchObject({ status: 200, body: { challenge: 'NEW_PASSWORD_REQUIRED', session: expect.any(String) } });

    const weak = await stack.call('POST', '/auth/challenge', {
      body: { email, challenge: 'NEW_PASSWORD_REQUIRED', session: signIn.body?.session, newPassword: 'short' },
    });
    expect(weak).toMatchObject({ status: 400, body: { code: 'InvalidPassword' } });

    const again = await stack.call('POST', '/auth/sign-in', { body: { email, password: temporaryPassword } });
    const answered = await stack.call('POST', '/auth/challenge', {
      body: { email, challenge: 'NEW_PASSWORD_REQUIRED', session: again.body?.session, newPassword: PASSWORD },
    });
    expect(answered).toMatchObject({
      status: 200,
      body: { accessToken: expect.any(String), refreshToken: expect.any(String), tokenType: 'Bearer' },
    });
    expect(await stack.call('POST', '/auth/refresh', { body: { refreshToken: answered.body?.refreshToken } })).toMatchObject({
      status: 200,
    });
    expect((await stack.call('POST', '/auth/sign-in', { body: { email, password: PASSWORD } })).status).toBe(200);
  });

  it("says in the ID token whether the user's email is verified", async () => {
    const email = newUser('unverified');
    const signIn = await stack.call('POST', '/auth/sign-in', {
      body: { email, password: await adminCreatedUser(email, { emailVerified: false }) },
    });
    const answered = await stack.call('POST', '/auth/challenge', {
      body: { email, challenge: 'NEW_PASSWORD_REQUIRED', session: signIn.body?.session, newPassword: PASSWORD },
    });
    expect(claimsOf(String(answered.body?.idToken))).toMatchObject({ email, email_verified: false });
  });

  it('resets a forgotten password with the emailed code', async () => {
    const email = newUser('forgot');
    await signUpAndConfirm(email);
    expect((await stack.call('POST', '/auth/forgot-password', { body: { email } })).status).toBe(202);
    const code = await stack.codeFor(email, 'ForgotPassword');
    const newPassword = 'Another-long-password-7';

    const reset = await stack.call('POST', '/auth/confirm-forgot-password', { body: { email, code, newPassword } });
    expect(reset).toMatchObject({ status: 200, body: { passwordReset: true } });
    expect((await stack.call('POST', '/auth/sign-in', { body: { email, password: PASSWORD } })).status).toBe(401);
    expect(await stack.call('POST', '/auth/sign-in', { body: { email, password: newPassword } })).toMatchObject({
      status: 200,
      body: { accessToken: expect.any(String) },
    });
  });

  it('changes the email once the code sent to the new address is verified', async () => {
    const email = newUser('mover');
    const moved = newUser('moved');
    const accessToken = await stack.signedInUser(email);

    const changed = await stack.call('PATCH', '/me', { token: accessToken, body: { email: moved } });
    // The old address stays until the new one is verified.
    expect(changed).toMatchObject({ status: 200, body: { email, emailVerified: true } });
    const code = await stack.codeFor(moved, 'UpdateUserAttribute');
    expect(await stack.call('POST', '/me/verify-email', { token: accessToken, body: { code } })).toMatchObject({
      status: 200,
      body: { email: moved, emailVerified: true },
    });
    expect((await stack.call('POST', '/auth/sign-in', { body: { email: moved, password: PASSWORD } })).status).toBe(200);
    expect((await stack.call('POST', '/auth/sign-in', { body: { email, password: PASSWORD } })).status).toBe(401);
  });

  it("refuses another account's email with 409 EmailTaken, on the change and on its verification", async () => {
    const email = newUser('taker');
    const owner = newUser('owner');
    const accessToken = await stack.signedInUser(email);
    await signUpAndConfirm(owner);

    expect(await stack.call('PATCH', '/me', { token: accessToken, body: { email: owner.toUpperCase() } })).toMatchObject({
      status: 409,
      body: { code: 'EmailTaken' },
    });
    await expect(stack.codeFor(owner, 'UpdateUserAttribute')).rejects.toThrow();

    // Another account signs up with the address while the change waits for its code.
    const wanted = newUser('wanted');
    expect((await stack.call('PATCH', '/me', { token: accessToken, body: { email: wanted } })).status).toBe(200);
    const code = await stack.codeFor(wanted, 'UpdateUserAttribute');
    const otherToken = await stack.signedInUser(wanted);
    expect(await stack.call('POST', '/me/verify-email', { token: accessToken, body: { code } })).toMatchObject({
      status: 409,
      body: { code: 'EmailTaken' },
    });

    expect(await stack.call('GET', '/me', { token: accessToken })).toMatchObject({ status: 200, body: { email } });
    const signIn = await stack.call('POST', '/auth/sign-in', { body: { email: wanted, password: PASSWORD } });
    const signedIn = await stack.call('GET', '/me', { token: String(signIn.body?.accessToken) });
    expect(signedIn.body?.sub).toBe((await stack.call('GET', '/me', { token: otherToken })).body?.sub);
  });

  it('answers 409 MfaNotSetUp to a TOTP code sent before an authenticator is set up', async () => {
    const accessToken = await stack.signedInUser(newUser('early-totp'));

    expect(await stack.call('POST', '/me/mfa/totp/verify', { token: accessToken, body: { code: '123456' } })).toMatchObject({
      status: 409,
      body: { code: 'MfaNotSetUp' },
    });
  });

  it('sets up TOTP, then asks for a SOFTWARE_TOKEN_MFA code at sign-in and issues tokens for a right one', async () => {
    const email = newUser('totp');
    await signUpAndConfirm(email);
    const { accessToken } = (await stack.call('POST', '/auth/sign-in', { body: { email, password: PASSWORD } })).body as {
      accessToken: string;
    };

    const setup = await stack.call('POST', '/me/mfa/totp', { token: accessToken });
    expect(setup).toMatchObject({
      status: 200,
      body: { secretCode: expect.any(String), otpauthUri: expect.stringContaining('otpauth://totp/') },
    });
    const secret = String(setup.body?.secretCode);
    const verified = await stack.call('POST', '/me/mfa/totp/verify', { token: accessToken, body: { code: totp(secret) } });
    expect(verified).toMatchObject({ status: 200, body: { mfa: { enabled: true, preferred: 'SOFTWARE_TOKEN_MFA' } } });

    const signIn = await stack.call('POST', '/auth/sign-in', { body: { email, password: PASSWORD } });
    expect(signIn).toMatchObject({ status: 200, body: { challenge: 'SOFTWARE_TOKEN_MFA', session: expect.any(String) } });
    const wrong = await stack.call('POST', '/auth/challenge', {
      body: { email, challenge: 'SOFTWARE_TOKEN_MFA', session: signIn.body?.session, code: '000000' },
    });
    expect(wrong.status).toBe(401);

    const retry = await stack.call('POST', '/auth/sign-in', { body: { email, password: PASSWORD } });
    const answered = await stack.call('POST', '/auth/challenge', {
      body: { email, challenge: 'SOFTWARE_TOKEN_MFA', session: retry.body?.session, code: nextStepTotp(secret) },
    });
    expect(answered).toMatchObject({ status: 200, body: { accessToken: expect.any(String), tokenType: 'Bearer' } });
    const me = await stack.call('GET', '/me', { token: String(answered.body?.accessToken) });
    expect(me).toMatchObject({ status: 200, body: { mfa: { enabled: true, preferred: 'SOFTWARE_TOKEN_MFA' } } });
  });
});
