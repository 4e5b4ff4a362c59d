// Passwordless sign-in and passkeys over HTTP against the local stack (npm start): email codes from the codes
// endpoint, a software authenticator for passkeys, and the enumeration rule of contract v2.
import { InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { SoftwareAuthenticator } from '../fixtures/webauthn-authenticator.js';
import { PASSWORD, startTestStack, uniqueEmail, type ApiResponse, type TestStack } from './local-stack.js';

jest.setTimeout(120_000);

// The local app's origin: passkeys' relying party is localhost (LOCAL_PARAMETERS), whatever the port.
const ORIGIN = 'http://localhost:5173';

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

const signIn = (body: Record<string, unknown>) => stack.call('POST', '/auth/sign-in', { body });
const answer = (body: Record<string, unknown>) => stack.call('POST', '/auth/challenge', { body });
const sessionOf = (response: ApiResponse) => String(response.body?.session);
const optionsOf = (response: ApiResponse) => (response.body?.parameters as { options: { challenge: string; rpId: string } }).options;

/** A body with what differs on every call set aside: the session, a passkey challenge's random bytes, a problem's request id. */
function comparable(response: ApiResponse) {
  const body = structuredClone(response.body ?? {}) as {
    session?: string;
    requestId?: string;
    parameters?: { options?: { challenge?: string } };
  };
  if (body.session !== undefined) body.session = '<session>';
  if (body.requestId !== undefined) body.requestId = '<request id>';
  if (body.parameters?.options?.challenge !== undefined) body.parameters.options.challenge = '<challenge>';
  return { status: response.status, body };
}

/** A user with a password and a registered passkey; their authenticator. */
async function userWithPasskey(email: string) {
  const accessToken = await stack.signedInUser(email);
  const authenticator = new SoftwareAuthenticator(ORIGIN);
  const options = await stack.call('POST', '/me/passkeys/options', { token: accessToken });
  expect(options.status).toBe(200);
  const credential = authenticator.register((options.body as { options: { challenge: string; rp: { id: string } } }).options);
  const registered = await stack.call('POST', '/me/passkeys', { token: accessToken, body: { credential } });
  expect(registered).toMatchObject({ status: 201, body: { id: authenticator.id, createdAt: expect.any(String) } });
  return { accessToken, authenticator };
}

/** Signs in with the passkey: a WEB_AUTHN challenge, then the authenticator's assertion. */
async function passkeySignIn(email: string, authenticator: SoftwareAuthenticator) {
  const challenge = await signIn({ email, preferred: 'WEB_AUTHN' });
  expect(challenge.body).toMatchObject({ challenge: 'WEB_AUTHN' });
  const credential = authenticator.assert(optionsOf(challenge));
  return answer({ email, challenge: 'WEB_AUTHN', session: sessionOf(challenge), credential });
}

describe('local stack: passwordless sign-in', () => {
  it('signs up without a password, confirms, and signs in with an emailed code', async () => {
    const email = newUser('otp');
    expect((await stack.call('POST', '/auth/sign-up', { body: { email } })).status).toBe(201);
    await stack.call('POST', '/auth/confirm-sign-up', { body: { email, code: await stack.codeFor(email, 'SignUp') } });

    const challenge = await signIn({ email, preferred: 'EMAIL_OTP' });
    expect(challenge).toMatchObject({ status: 200, body: { challenge: 'EMAIL_OTP', parameters: { codeDelivery: { medium: 'EMAIL' } } } });
    expect(challenge.headers.get('cache-control')).toBe('no-store');
    const wrong = await answer({ email, challenge: 'EMAIL_OTP', session: sessionOf(challenge), code: '00000000' });
    expect(wrong).toMatchObject({ status: 401, body: { code: 'InvalidCredentials' } });

    const code = await stack.codeFor(email, 'EmailOtp');
    const signedIn = await answer({ email, challenge: 'EMAIL_OTP', session: sessionOf(challenge), code });
    expect(signedIn).toMatchObject({ status: 200, body: { tokenType: 'Bearer', accessToken: expect.any(String) } });
    expect((await stack.call('GET', '/me', { token: String(signedIn.body?.accessToken) })).body).toMatchObject({ email });
  });

  it('answers an unknown email and known ones with and without a passkey alike, at every step', async () => {
    // One initial, so that the masked address (`j***@e***`) is the same for the three.
    const unknown = uniqueEmail('j-nobody');
    const withoutPasskey = newUser('j-nopasskey');
    await stack.signedInUser(withoutPasskey);
    const withPasskey = newUser('j-passkey');
    await userWithPasskey(withPasskey);
    const emails = [unknown, withoutPasskey, withPasskey];

    for (const start of [{}, { preferred: 'EMAIL_OTP' }, { preferred: 'WEB_AUTHN' }]) {
      const answers = await Promise.all(emails.map((email) => signIn({ email, ...start })));
      const [first, ...others] = answers.map(comparable);
      for (const other of others) expect({ start, ...other }).toEqual({ start, ...first });
      expect(first?.status).toBe(200);
    }

    for (const choice of ['EMAIL_OTP', 'WEB_AUTHN']) {
      const chosen = await Promise.all(
        emails.map(async (email) => {
          const select = await signIn({ email });
          return answer({ email, challenge: 'SELECT_CHALLENGE', session: sessionOf(select), answer: choice });
        }),
      );
      const [first, ...others] = chosen.map(comparable);
      for (const other of others) expect({ choice, ...other }).toEqual({ choice, ...first });
      expect(first).toMatchObject({ status: 200, body: { challenge: choice } });
    }

    // A passkey the account does not have fails as a wrong code does, for every email.
    const stranger = new SoftwareAuthenticator(ORIGIN);
    const failures = await Promise.all(
      emails.map(async (email) => {
        const challenge = await signIn({ email, preferred: 'WEB_AUTHN' });
        return answer({ email, challenge: 'WEB_AUTHN', session: sessionOf(challenge), credential: stranger.assert(optionsOf(challenge)) });
      }),
    );
    for (const failure of failures) expect(comparable(failure)).toEqual(comparable(failures[0]!));
    expect(failures[0]).toMatchObject({ status: 401, body: { code: 'InvalidCredentials' } });
  });

  it('registers a passkey, signs in with it, lists it, and no longer signs in with it once removed', async () => {
    const email = newUser('roundtrip');
    const { accessToken, authenticator } = await userWithPasskey(email);

    const signedIn = await passkeySignIn(email, authenticator);
    expect(signedIn).toMatchObject({ status: 200, body: { tokenType: 'Bearer' } });
    const token = String(signedIn.body?.accessToken);
    expect(await stack.call('GET', '/me/passkeys', { token })).toMatchObject({
      status: 200,
      body: { items: [{ id: authenticator.id, createdAt: expect.any(String) }] },
    });

    expect((await stack.call('DELETE', `/me/passkeys/${authenticator.id}`, { token: accessToken })).status).toBe(204);
    expect((await stack.call('DELETE', `/me/passkeys/${authenticator.id}`, { token: accessToken })).body).toMatchObject({
      code: 'PasskeyNotFound',
    });
    expect(await passkeySignIn(email, authenticator)).toMatchObject({ status: 401, body: { code: 'InvalidCredentials' } });
  });

  it('refuses the passkey changes to a session that did not sign in through the API recently', async () => {
    const email = newUser('stale');
    await stack.signedInUser(email);
    // Signed in with Cognito directly: the API has no record of when, so it is not a recent sign-in.
    const direct = await stack.cognito.send(
      new InitiateAuthCommand({
        ClientId: stack.state.clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: email, PASSWORD },
      }),
    );
    const token = String(direct.AuthenticationResult?.AccessToken);

    for (const [method, path, body] of [
      ['POST', '/me/passkeys/options', undefined],
      ['POST', '/me/passkeys', { credential: { id: 'AQID' } }],
      ['DELETE', '/me/passkeys/AQID', undefined],
    ] as const) {
      const response = await stack.call(method, path, { token, ...(body ? { body } : {}) });
      expect({ path, status: response.status, code: response.body?.code }).toEqual({ path, status: 401, code: 'RecentSignInRequired' });
    }
    expect((await stack.call('GET', '/me/passkeys', { token })).status).toBe(200);
  });

  it('sends at most EmailCodeLimitPerHour codes to an address per hour, registered or not', async () => {
    const known = newUser('flood');
    await stack.signedInUser(known);
    for (const email of [known, uniqueEmail('flood-unknown')]) {
      const statuses = [];
      for (let i = 0; i < 6; i += 1) statuses.push((await signIn({ email, preferred: 'EMAIL_OTP' })).status);
      expect({ email: email === known ? 'known' : 'unknown', statuses }).toEqual({
        email: email === known ? 'known' : 'unknown',
        statuses: [200, 200, 200, 200, 200, 429],
      });
      const refused = await signIn({ email, preferred: 'EMAIL_OTP' });
      expect(refused.body).toMatchObject({ code: 'EmailCodeLimitExceeded' });
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    }
  });
});
