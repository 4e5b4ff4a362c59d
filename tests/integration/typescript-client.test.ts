// The TypeScript client (clients/typescript) against the local stack: every response it receives is checked against
// openapi.yaml on the way, as `stack.call` does for the other integration tests.
import { AdminCreateUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { generateSync } from 'otplib';
import {
  ApiProblemError,
  AuthApiClient,
  MemoryTokenStore,
  type AuthApiClientOptions,
  type Session,
} from '../../clients/typescript/src/index.js';
import { loadOpenApi } from '../../scripts/lib/openapi.js';
import { OpenApiContract } from '../fixtures/openapi-contract.js';
import { SoftwareAuthenticator } from '../fixtures/webauthn-authenticator.js';
import { PASSWORD, startTestStack, uniqueEmail, type TestStack } from './local-stack.js';

jest.setTimeout(60_000);

const contract = new OpenApiContract(loadOpenApi());
let stack: TestStack;
const users: string[] = [];
/** Every request the clients sent, as "METHOD /path". */
const sent: string[] = [];

beforeAll(async () => {
  stack = await startTestStack();
});
afterEach(async () => {
  await Promise.all(users.splice(0).map((email) => stack.deleteUser(email)));
});
afterAll(() => stack?.stop());

const checkedFetch = async (request: Request) => {
  const url = new URL(request.url);
  sent.push(`${request.method} ${url.pathname}`);
  const response = await fetch(request);
  const body = await response.clone().text();
  const mismatches = contract.mismatches(request.method, url.pathname, { status: response.status, headers: response.headers, body });
  if (mismatches.length > 0)
    throw new Error(`${request.method} ${url.pathname} answered ${response.status}:\n  ${mismatches.join('\n  ')}`);
  return response;
};

function newClient(options: Omit<AuthApiClientOptions, 'baseUrl' | 'fetch'> = {}): AuthApiClient {
  if (!stack.state.apiUrl) throw new Error('the local stack has no API URL');
  return new AuthApiClient({ baseUrl: stack.state.apiUrl, fetch: checkedFetch, ...options });
}

/** Signs a new user up, confirms them with the code the local Cognito "emailed", and signs them in. */
async function signedUpUser(client: AuthApiClient, label: string): Promise<{ email: string; session: Session }> {
  const email = uniqueEmail(label);
  users.push(email);
  const signUp = await client.signUp({ email, password: PASSWORD });
  expect(signUp).toMatchObject({ userConfirmed: false, codeDelivery: { medium: 'EMAIL' } });
  await client.confirmSignUp({ email, code: await stack.codeFor(email, 'SignUp') });
  const result = await client.signIn({ email, password: PASSWORD });
  if (!result.session) throw new Error(`sign-in of ${email} answered the challenge ${result.challenge.name}`);
  return { email, session: result.session };
}

describe('@authapi/client against the local stack', () => {
  it('signs two users up, and one reads the message the other sent', async () => {
    const client = newClient();
    const alice = await signedUpUser(client, 'client-alice');
    const bob = await signedUpUser(client, 'client-bob');

    const message = await alice.session.sendMessage({ to: bob.email, subject: 'Hello Bob', body: 'From the typed client' });
    expect(message).toMatchObject({ from: { email: alice.email }, to: { email: bob.email } });

    const inbox = await bob.session.listMessages({ box: 'inbox' });
    expect(inbox.items.map((item) => item.id)).toEqual([message.id]);
    expect(await bob.session.getMessage(message.id)).toMatchObject({ subject: 'Hello Bob', body: 'From the typed client' });
    expect((await bob.session.markRead(message.id)).readAt).toEqual(expect.any(String));
    expect((await alice.session.listMessages({ box: 'sent' })).items.map((item) => item.id)).toEqual([message.id]);
  });

  it('answers the NEW_PASSWORD_REQUIRED challenge of an administrator-created user', async () => {
    const email = uniqueEmail('client-admin-created');
    users.push(email);
    await stack.cognito.send(
      new AdminCreateUserCommand({
        UserPoolId: stack.state.userPoolId,
        Username: email,
        UserAttributes: [
          { Name: 'email', Value: email },
          { Name: 'email_verified', Value: 'true' },
        ],
        DesiredDeliveryMediums: ['EMAIL'],
      }),
    );
    const client = newClient();
    const first = await client.signIn({ email, password: await stack.codeFor(email, 'AdminCreateUser') });
    if (!first.challenge) throw new Error('expected a challenge');
    expect(first.challenge.name).toBe('NEW_PASSWORD_REQUIRED');
    const answered = await client.answerChallenge(first.challenge, { newPassword: PASSWORD });
    expect(await answered.session?.me()).toMatchObject({ email });
  });

  it('refreshes: one refresh for ten parallel calls, and the API accepts the new access token', async () => {
    // Refreshing 2 hours before expiry makes every access token "about to expire" (the local stack's last an hour).
    const client = newClient({ refreshBeforeExpirySeconds: 7200 });
    const { email, session } = await signedUpUser(client, 'client-refresh');
    const before = session.currentTokens;
    sent.length = 0;

    const profiles = await Promise.all(Array.from({ length: 10 }, () => session.me()));

    expect(profiles.map((profile) => profile.email)).toEqual(Array(10).fill(email));
    expect(sent.filter((request) => request === 'POST /auth/refresh')).toHaveLength(1);
    expect(session.currentTokens?.accessToken).not.toBe(before?.accessToken);
    // Contract v2 rotates the refresh token; an API without rotation answers none and the session keeps its own.
    expect(session.currentTokens?.refreshToken).toEqual(expect.any(String));
  });

  it('signs out: the session ends, and its tokens are then refused with a typed error', async () => {
    const client = newClient();
    const { session } = await signedUpUser(client, 'client-sign-out');
    const tokens = session.currentTokens;
    if (!tokens) throw new Error('expected tokens');

    await session.signOut();

    expect(session.active).toBe(false);
    await expect(session.me()).rejects.toMatchObject({ name: 'ApiProblemError', status: 401, code: 'SessionEnded' });
    // Another copy of the same tokens (another tab that kept them) is refused by the API itself.
    const store = new MemoryTokenStore();
    store.save(tokens);
    const copy = await newClient({ tokenStore: store }).restoreSession();
    const refused: unknown = await copy?.me().catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ApiProblemError);
    // The API's session check refuses it before Cognito is asked (contract v2).
    expect(refused).toMatchObject({ status: 401, code: 'SessionEnded' });
    await expect(copy?.refresh()).rejects.toMatchObject({ status: 401 });
    expect(copy?.active).toBe(false);
  });

  it('changes the email with the emailed code, then the password, which ends the session', async () => {
    const client = newClient();
    const { session } = await signedUpUser(client, 'client-account');
    const newEmail = uniqueEmail('client-account-new');
    users.push(newEmail);

    await session.updateMe({ email: newEmail });
    expect(await session.verifyEmail(await stack.codeFor(newEmail, 'UpdateUserAttribute'))).toMatchObject({
      email: newEmail,
      emailVerified: true,
    });

    await session.changePassword({ currentPassword: PASSWORD, newPassword: 'Another-horse-battery-43' });
    expect(session.active).toBe(false);
    const again = await client.signIn({ email: newEmail, password: 'Another-horse-battery-43' });
    expect(await again.session?.me()).toMatchObject({ email: newEmail });
  });

  it('sets up TOTP from the QR code secret, after which sign-in asks for a code; then turns MFA off', async () => {
    const client = newClient();
    const { email, session } = await signedUpUser(client, 'client-totp');
    const code = (secret: string, stepsAhead = 0) =>
      generateSync({ secret, algorithm: 'sha1', digits: 6, period: 30, epoch: Math.floor(Date.now() / 1000) + 30 * stepsAhead });

    const { secretCode, otpauthUri } = await session.setUpTotp();
    expect(otpauthUri).toContain(`secret=${secretCode}`);
    expect(await session.verifyTotp({ code: code(secretCode) })).toEqual({ mfa: { enabled: true, preferred: 'SOFTWARE_TOKEN_MFA' } });
    expect((await session.me()).mfa.enabled).toBe(true);

    const first = await client.signIn({ email, password: PASSWORD });
    if (!first.challenge) throw new Error('expected the SOFTWARE_TOKEN_MFA challenge');
    expect(first.challenge.name).toBe('SOFTWARE_TOKEN_MFA');
    // A code is taken once per 30-second step: the next step's, which the one-step clock drift allowance accepts.
    const answered = await client.answerChallenge(first.challenge, { code: code(secretCode, 1) });
    if (!answered.session) throw new Error('expected a session');

    await answered.session.disableMfa();
    expect((await answered.session.me()).mfa.enabled).toBe(false);
    expect((await client.signIn({ email, password: PASSWORD })).session).toBeDefined();
  });

  it('deletes the account: the session ends and the credentials are refused', async () => {
    const client = newClient();
    const { email, session } = await signedUpUser(client, 'client-delete');
    await session.deleteAccount();
    expect(session.active).toBe(false);
    await expect(client.signIn({ email, password: PASSWORD })).rejects.toMatchObject({ status: 401 });
  });
});

describe('@authapi/client: passwordless sign-in and passkeys against the local stack', () => {
  // The browser app's origin: passkeys' relying party is localhost (LOCAL_PARAMETERS), whatever the port.
  const ORIGIN = 'http://localhost:5173';

  it('signs in with the code that sign-in emailed, after a wrong one', async () => {
    const client = newClient();
    const { email } = await signedUpUser(client, 'client-otp');
    const started = await client.signIn({ email, preferred: 'EMAIL_OTP' });
    if (started.challenge?.name !== 'EMAIL_OTP') throw new Error(`expected EMAIL_OTP, got ${started.challenge?.name}`);
    expect(started.challenge.parameters.codeDelivery).toMatchObject({ medium: 'EMAIL' });

    await expect(client.answerChallenge(started.challenge, { code: '00000000' })).rejects.toMatchObject({
      status: 401,
      code: 'InvalidCredentials',
    });
    const answered = await client.answerChallenge(started.challenge, { code: await stack.codeFor(email, 'EmailOtp') });
    if (!answered.session) throw new Error('expected a session');
    expect(await answered.session.me()).toMatchObject({ email });
  });

  it('chooses EMAIL_OTP at SELECT_CHALLENGE, then answers the code', async () => {
    const client = newClient();
    const { email } = await signedUpUser(client, 'client-select');
    const started = await client.signIn({ email });
    if (started.challenge?.name !== 'SELECT_CHALLENGE') throw new Error(`expected SELECT_CHALLENGE, got ${started.challenge?.name}`);
    expect(started.challenge.parameters.available).toContain('EMAIL_OTP');
    const chosen = await client.answerChallenge(started.challenge, { answer: 'EMAIL_OTP' });
    if (chosen.challenge?.name !== 'EMAIL_OTP') throw new Error(`expected EMAIL_OTP, got ${chosen.challenge?.name}`);
    const answered = await client.answerChallenge(chosen.challenge, { code: await stack.codeFor(email, 'EmailOtp') });
    expect(answered.session).toBeDefined();
  });

  it('registers a passkey, signs in with it, lists it, and no longer signs in with it once deleted', async () => {
    const client = newClient();
    const { email, session } = await signedUpUser(client, 'client-passkey');
    const authenticator = new SoftwareAuthenticator(ORIGIN);
    expect(await session.listPasskeys()).toEqual([]);
    const options = await session.startPasskeyRegistration();
    const passkey = await session.registerPasskey(authenticator.register(options));
    expect(passkey).toMatchObject({ id: authenticator.id, createdAt: expect.any(String) });

    const passkeySignIn = async () => {
      const started = await client.signIn({ email, preferred: 'WEB_AUTHN' });
      if (started.challenge?.name !== 'WEB_AUTHN') throw new Error(`expected WEB_AUTHN, got ${started.challenge?.name}`);
      return client.answerChallenge(started.challenge, { credential: authenticator.assert(started.challenge.parameters.options) });
    };
    const signedIn = await passkeySignIn();
    if (!signedIn.session) throw new Error('expected a session');
    expect(await signedIn.session.listPasskeys()).toEqual([passkey]);

    await signedIn.session.deletePasskey(passkey.id);
    expect(await signedIn.session.listPasskeys()).toEqual([]);
    await expect(signedIn.session.deletePasskey(passkey.id)).rejects.toMatchObject({ status: 404, code: 'PasskeyNotFound' });
    await expect(passkeySignIn()).rejects.toMatchObject({ status: 401, code: 'InvalidCredentials' });
  });
});
