// Amplify JS v6 (aws-amplify) with its defaults against the local stack, as an app already on Amplify uses it: its
// signIn is SRP (USER_SRP_AUTH, then PASSWORD_VERIFIER), computed by Amplify's own code (amplify-app.ts) and checked
// by the local Cognito. What its sign-outs do to the API's routes: docs/amplify.md.
import { fork, type ChildProcess } from 'node:child_process';
import type { AmplifyCalls, Reply, Request } from './amplify-app.js';
import { claimsOf, PASSWORD, startTestStack, uniqueEmail, type TestStack } from './local-stack.js';

jest.setTimeout(60_000);

let stack: TestStack;
let app: ChildProcess;
const users: string[] = [];
const pending = new Map<number, (reply: Reply) => void>();
let lastId = 0;

/** Calls the Amplify app: its answer, or its error (name and message) thrown here. */
async function amplify<N extends keyof AmplifyCalls>(
  name: N,
  ...input: Parameters<AmplifyCalls[N]>
): Promise<Awaited<ReturnType<AmplifyCalls[N]>>> {
  const id = ++lastId;
  const reply = await new Promise<Reply>((resolve) => {
    pending.set(id, resolve);
    app.send({ id, name, input: input[0] } satisfies Request);
  });
  if ('error' in reply) throw Object.assign(new Error(reply.error.message), { name: reply.error.name });
  return reply.value as Awaited<ReturnType<AmplifyCalls[N]>>;
}

beforeAll(async () => {
  stack = await startTestStack();
  app = fork('tests/integration/amplify-app.ts', { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  app.on('message', (reply: Reply) => pending.get(reply.id)?.(reply));
  const { userPoolId, clientId, cognitoEndpoint } = stack.state;
  await amplify('configure', { Auth: { Cognito: { userPoolId, userPoolClientId: clientId, userPoolEndpoint: cognitoEndpoint } } });
});
afterEach(async () => {
  await amplify('signOut');
  await Promise.all(users.splice(0).map((email) => stack.deleteUser(email)));
});
afterAll(async () => {
  app?.disconnect();
  await stack?.stop();
});

/** A user signed up and confirmed through Amplify, with the code the local Cognito "emailed". */
async function confirmedUser(label: string): Promise<string> {
  const email = uniqueEmail(label);
  users.push(email);
  const signedUp = await amplify('signUp', { username: email, password: PASSWORD, options: { userAttributes: { email } } });
  expect(signedUp.nextStep).toMatchObject({ signUpStep: 'CONFIRM_SIGN_UP', codeDeliveryDetails: { deliveryMedium: 'EMAIL' } });
  const confirmed = await amplify('confirmSignUp', { username: email, confirmationCode: await stack.codeFor(email, 'SignUp') });
  expect(confirmed).toEqual({ isSignUpComplete: true, nextStep: { signUpStep: 'DONE' } });
  return email;
}

/** Amplify's default signIn, checked to be SRP on the wire; the access token of the session it keeps. */
async function amplifySignIn(email: string): Promise<string> {
  await amplify('cognitoOperations');
  expect(await amplify('signIn', { username: email, password: PASSWORD })).toEqual({ isSignedIn: true, nextStep: { signInStep: 'DONE' } });
  expect(await amplify('cognitoOperations')).toEqual(['InitiateAuth USER_SRP_AUTH', 'RespondToAuthChallenge PASSWORD_VERIFIER']);
  const accessToken = await amplify('accessToken');
  if (!accessToken) throw new Error('Amplify keeps no access token after signIn');
  return accessToken;
}

describe('Amplify JS v6 against the local stack', () => {
  it('signs up, confirms, signs in with SRP by default and calls the API; its global sign-out ends /me at once, not the message routes', async () => {
    const email = await confirmedUser('amplify');
    const accessToken = await amplifySignIn(email);

    const user = await amplify('getCurrentUser');
    expect(user.signInDetails).toEqual({ loginId: email, authFlowType: 'USER_SRP_AUTH' });
    expect(claimsOf(accessToken)).toMatchObject({ sub: user.userId, client_id: stack.state.clientId, token_use: 'access' });
    const me = await stack.call('GET', '/me', { token: accessToken });
    expect(me).toMatchObject({ status: 200, body: { sub: user.userId, email, emailVerified: true } });

    // Amplify refreshes with GetTokensFromRefreshToken, which the API client's refresh-token rotation needs.
    const refreshed = await amplify('accessToken', { forceRefresh: true });
    expect(await amplify('cognitoOperations')).toEqual(['GetTokensFromRefreshToken']);
    expect(refreshed).not.toEqual(accessToken);
    expect(await stack.call('GET', '/me', { token: refreshed })).toMatchObject({ status: 200 });

    await amplify('signOut', { global: true });
    expect(await amplify('cognitoOperations')).toEqual(['GlobalSignOut']);
    expect(await amplify('accessToken')).toBeUndefined();

    // GET /me calls Cognito's GetUser with the token, and Cognito refuses a revoked one.
    for (const token of [accessToken, refreshed]) {
      const me = await stack.call('GET', '/me', { token });
      expect(me).toMatchObject({ status: 401, body: { code: 'NotAuthorized' } });
      expect(me.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
      // The message routes check the API's session records, which a sign-out through Cognito does not write: the
      // token works there until it expires (contract v2; docs/sessions.md#what-the-api-cannot-see).
      expect(await stack.call('GET', '/messages', { token })).toMatchObject({ status: 200 });
    }
  });

  it('refuses a wrong password through SRP as Cognito does', async () => {
    const email = await confirmedUser('amplify-wrong');

    await amplify('cognitoOperations');
    await expect(amplify('signIn', { username: email, password: `${PASSWORD}x` })).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    });
    expect(await amplify('cognitoOperations')).toEqual(['InitiateAuth USER_SRP_AUTH', 'RespondToAuthChallenge PASSWORD_VERIFIER']);
    expect(await amplify('accessToken')).toBeUndefined();
  });

  it('is refused on the recent-sign-in routes: the API has no record of a sign-in through Amplify', async () => {
    const email = await confirmedUser('amplify-recent');
    const accessToken = await amplifySignIn(email);

    // docs/sessions.md#recent-sign-in: only the API's own sign-in routes record one.
    const response = await stack.call('DELETE', '/me/mfa', { token: accessToken });
    expect(response).toMatchObject({ status: 401, body: { code: 'RecentSignInRequired' } });
  });

  it("ends the session on every route when the app signs out through the API's POST /auth/sign-out first", async () => {
    const email = await confirmedUser('amplify-api-sign-out');
    const accessToken = await amplifySignIn(email);

    expect(await stack.call('POST', '/auth/sign-out', { token: accessToken, body: {} })).toMatchObject({ status: 204 });
    await amplify('signOut');
    expect(await amplify('accessToken')).toBeUndefined();

    for (const path of ['/me', '/messages']) {
      const response = await stack.call('GET', path, { token: accessToken });
      expect({ path, status: response.status, code: response.body?.code }).toEqual({ path, status: 401, code: 'SessionEnded' });
    }
  });
});
