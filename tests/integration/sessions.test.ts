// Contract v2's sessions, over HTTP, against the local stack run with RecentSignInMinutes=1: every protected
// route refuses the tokens of ended sessions (sign-out, password change, reset, deletion) at once, and a
// sensitive change needs a sign-in younger than the window, which a refresh does not renew.
import { httpRoutesOf, loadTemplate } from '../../scripts/lib/template.js';
import { PASSWORD, startTestStack, uniqueEmail, type ApiResponse, type TestStack } from './local-stack.js';

jest.setTimeout(60_000);

const NEW_PASSWORD = 'Another-long-password-7';
const RECENT_SIGN_IN_SECONDS = 60;

let stack: TestStack;
const users: string[] = [];
const newUser = (label: string) => {
  const email = uniqueEmail(label);
  users.push(email);
  return email;
};

interface Session {
  accessToken: string;
  refreshToken: string;
}

async function signIn(email: string, password = PASSWORD): Promise<Session> {
  const response = await stack.call('POST', '/auth/sign-in', { body: { email, password } });
  if (response.status !== 200) throw new Error(`sign-in of ${email}: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body as unknown as Session;
}

async function confirmedUser(label: string): Promise<string> {
  const email = newUser(label);
  await stack.call('POST', '/auth/sign-up', { body: { email, password: PASSWORD } });
  await stack.call('POST', '/auth/confirm-sign-up', { body: { email, code: await stack.codeFor(email, 'SignUp') } });
  return email;
}

/** A user with two sessions and a message in their inbox from `sender`. */
async function userWithTwoSessions(
  label: string,
  sender: Session,
): Promise<{ email: string; first: Session; second: Session; messageId: string }> {
  const email = await confirmedUser(label);
  const [first, second] = [await signIn(email), await signIn(email)];
  const sent = await stack.call('POST', '/messages', { token: sender.accessToken, body: { to: email, subject: 'Hi', body: 'Hello' } });
  expect(sent.status).toBe(201);
  return { email, first, second, messageId: String(sent.body?.id) };
}

/** One request to each protected route, each with a body it would accept. */
function everyProtectedRoute(email: string, recipient: string, messageId: string) {
  return [
    ['POST', '/auth/sign-out', {}],
    ['GET', '/me', undefined],
    ['PATCH', '/me', { name: 'Mallory' }],
    ['POST', '/me/verify-email', { code: '123456' }],
    ['POST', '/me/password', { currentPassword: PASSWORD, newPassword: NEW_PASSWORD }],
    ['POST', '/me/mfa/totp', undefined],
    ['POST', '/me/mfa/totp/verify', { code: '123456' }],
    ['DELETE', '/me/mfa', undefined],
    ['POST', '/messages', { to: recipient, subject: 'From a stolen token', body: `as ${email}` }],
    ['GET', '/messages', undefined],
    ['GET', `/messages/${messageId}`, undefined],
    ['PATCH', `/messages/${messageId}`, { read: true }],
    ['DELETE', `/messages/${messageId}`, undefined],
    ['GET', '/me/passkeys', undefined],
    ['POST', '/me/passkeys/options', undefined],
    ['POST', '/me/passkeys', { credential: { id: 'a-stolen-registration' } }],
    ['DELETE', '/me/passkeys/a-passkey-id', undefined],
    ['DELETE', '/me', undefined],
  ] as const;
}

/**
 * Sends the token to every protected route, starting at once; returns what each answered and how long after
 * `endedAt` the first request went out.
 */
async function sweep(token: string, routes: ReturnType<typeof everyProtectedRoute>, endedAt: number) {
  const startedAfterMs = Date.now() - endedAt;
  const answers: Array<{ route: string; status: number; code: unknown; challenge: string | null }> = [];
  for (const [method, path, body] of routes) {
    const response: ApiResponse = await stack.call(method, path, { token, ...(body === undefined ? {} : { body }) });
    answers.push({
      route: `${method} ${path}`,
      status: response.status,
      code: response.body?.code,
      challenge: response.headers.get('www-authenticate'),
    });
  }
  return { startedAfterMs, answers };
}

/** A token's `iat`, read without verifying it (the stack issued it). */
const issuedAtOf = (token: string): number =>
  (JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { iat: number }).iat;

const ended = (route: string) => ({ route, status: 401, code: 'SessionEnded', challenge: 'Bearer error="invalid_token"' });

let sender: Session;
let recipient: string;
// Signed in before the ending tests run; the recent sign-in tests wait until their sign-ins are older than the window.
let stale: { victim: { email: string; session: Session }; refresher: { email: string; session: Session }; signedInAt: number };

beforeAll(async () => {
  stack = await startTestStack({ parameters: { RecentSignInMinutes: '1' } });
  recipient = await confirmedUser('recipient');
  sender = await signIn(recipient);
  const [victim, refresher] = [await confirmedUser('victim'), await confirmedUser('refresher')];
  const signedInAt = Date.now();
  stale = {
    victim: { email: victim, session: await signIn(victim) },
    refresher: { email: refresher, session: await signIn(refresher) },
    signedInAt,
  };
}, 120_000);
afterAll(async () => {
  await Promise.all(users.map((email) => stack.deleteUser(email)));
  await stack?.stop();
});

describe('sessions end everywhere', () => {
  it('covers the 18 protected routes of the template', () => {
    const protectedRoutes = httpRoutesOf(loadTemplate())
      .filter((route) => route.authorizer)
      .map((route) => `${route.method} ${route.path}`);
    const swept = everyProtectedRoute('a', 'b', '{id}').map(([method, path]) =>
      `${method} ${path}`.replace('/me/passkeys/a-passkey-id', '/me/passkeys/{id}'),
    );
    expect(swept.sort()).toEqual(protectedRoutes.sort());
    expect(swept).toHaveLength(18);
  });

  it("after sign-out: the session's access token gets 401 SessionEnded on every protected route at once; a new sign-in works", async () => {
    const { email, first, messageId } = await userWithTwoSessions('signed-out', sender);
    expect((await stack.call('GET', '/messages', { token: first.accessToken })).status).toBe(200);

    expect(
      (await stack.call('POST', '/auth/sign-out', { token: first.accessToken, body: { refreshToken: first.refreshToken } })).status,
    ).toBe(204);
    const { startedAfterMs, answers } = await sweep(first.accessToken, everyProtectedRoute(email, recipient, messageId), Date.now());

    expect(answers).toEqual(answers.map(({ route }) => ended(route)));
    expect(startedAfterMs).toBeLessThan(1000);
    expect(await stack.call('POST', '/auth/refresh', { body: { refreshToken: first.refreshToken } })).toMatchObject({ status: 401 });
    // Signed in again at once, often within the second of the sign-out: the new session is live.
    const again = await signIn(email);
    expect((await stack.call('GET', '/messages', { token: again.accessToken })).status).toBe(200);
    expect((await stack.call('GET', `/messages/${messageId}`, { token: again.accessToken })).status).toBe(200);
  });

  it('in the second of a sign-out: refuses the tokens issued before it and accepts a sign-in made after it', async () => {
    // The boundary needs both sign-ins and the sign-out in one second (`iat` has whole seconds): each attempt starts
    // as a second begins, and the test needs one attempt to land in a single second.
    const email = await confirmedUser('same-second');
    let sameSecond = 0;
    for (let attempt = 0; attempt < 5 && sameSecond === 0; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000)));
      const before = await signIn(email);
      expect((await stack.call('POST', '/auth/sign-out', { token: before.accessToken })).status).toBe(204);
      const after = await signIn(email);

      expect(await stack.call('GET', '/messages', { token: before.accessToken })).toMatchObject({
        status: 401,
        body: { code: 'SessionEnded' },
      });
      expect((await stack.call('GET', '/messages', { token: after.accessToken })).status).toBe(200);
      if (issuedAtOf(before.accessToken) === issuedAtOf(after.accessToken)) sameSecond++;
    }
    expect(sameSecond).toBe(1);
  });

  it('after a password change: every session, this one included, ends on every protected route and its refresh token is refused', async () => {
    const { email, first, second, messageId } = await userWithTwoSessions('changed', sender);

    const changed = await stack.call('POST', '/me/password', {
      token: first.accessToken,
      body: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD },
    });
    expect(changed.status).toBe(204);
    const endedAt = Date.now();
    const routes = everyProtectedRoute(email, recipient, messageId);
    for (const session of [second, first]) {
      const { startedAfterMs, answers } = await sweep(session.accessToken, routes, endedAt);
      expect(answers).toEqual(answers.map(({ route }) => ended(route)));
      if (session === second) expect(startedAfterMs).toBeLessThan(1000);
      expect(await stack.call('POST', '/auth/refresh', { body: { refreshToken: session.refreshToken } })).toMatchObject({ status: 401 });
    }
    const again = await signIn(email, NEW_PASSWORD);
    expect((await stack.call('GET', '/me', { token: again.accessToken })).status).toBe(200);
  });

  it('after a password reset: every session of the account ends on every protected route and its refresh token is refused', async () => {
    const { email, first, second, messageId } = await userWithTwoSessions('reset', sender);

    expect((await stack.call('POST', '/auth/forgot-password', { body: { email } })).status).toBe(202);
    const code = await stack.codeFor(email, 'ForgotPassword');
    expect((await stack.call('POST', '/auth/confirm-forgot-password', { body: { email, code, newPassword: NEW_PASSWORD } })).status).toBe(
      200,
    );
    const endedAt = Date.now();
    const routes = everyProtectedRoute(email, recipient, messageId);
    for (const session of [first, second]) {
      const { startedAfterMs, answers } = await sweep(session.accessToken, routes, endedAt);
      expect(answers).toEqual(answers.map(({ route }) => ended(route)));
      if (session === first) expect(startedAfterMs).toBeLessThan(1000);
      expect(await stack.call('POST', '/auth/refresh', { body: { refreshToken: session.refreshToken } })).toMatchObject({ status: 401 });
    }
    expect((await stack.call('GET', '/messages', { token: (await signIn(email, NEW_PASSWORD)).accessToken })).status).toBe(200);
  });

  it('after deletion: every token of the account gets 401 SessionEnded on every protected route (the tombstone), and it cannot sign in', async () => {
    const { email, first, second, messageId } = await userWithTwoSessions('deleted', sender);

    expect((await stack.call('DELETE', '/me', { token: first.accessToken })).status).toBe(204);
    const endedAt = Date.now();
    const routes = everyProtectedRoute(email, recipient, messageId);
    for (const session of [second, first]) {
      const { startedAfterMs, answers } = await sweep(session.accessToken, routes, endedAt);
      expect(answers).toEqual(answers.map(({ route }) => ended(route)));
      if (session === second) expect(startedAfterMs).toBeLessThan(1000);
    }
    expect((await stack.call('POST', '/auth/sign-in', { body: { email, password: PASSWORD } })).status).toBe(401);
  });

  it('answers with cache-control: no-store, and lets a browser read www-authenticate and retry-after (CORS)', async () => {
    const email = await confirmedUser('headers');
    const signedIn = await stack.call('POST', '/auth/sign-in', { body: { email, password: PASSWORD } });
    expect(signedIn.headers.get('cache-control')).toBe('no-store');
    const { accessToken } = signedIn.body as unknown as Session;
    await stack.call('POST', '/auth/sign-out', { token: accessToken });

    const refused = await stack.call('GET', '/messages', { token: accessToken, headers: { origin: 'https://app.example.com' } });

    expect(refused.status).toBe(401);
    expect(refused.headers.get('cache-control')).toBe('no-store');
    expect(refused.headers.get('access-control-allow-origin')).toBe('*');
    expect(refused.headers.get('access-control-expose-headers')?.split(',')).toEqual(['retry-after', 'www-authenticate']);
  });
});

describe('recent sign-in (RecentSignInMinutes=1)', () => {
  it('lets a session signed in a moment ago change its email, also with a refreshed token (it is the sign-in that counts)', async () => {
    const email = await confirmedUser('fresh');
    const { refreshToken } = await signIn(email);
    const refreshed = await stack.call('POST', '/auth/refresh', { body: { refreshToken } });

    const changed = await stack.call('PATCH', '/me', { token: String(refreshed.body?.accessToken), body: { email: newUser('fresh-new') } });

    expect(changed.status).toBe(200);
  });

  describe('once the sign-in is older than the window', () => {
    beforeAll(async () => {
      const wait = stale.signedInAt + (RECENT_SIGN_IN_SECONDS + 2) * 1000 - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }, 90_000);

    it("stops a stolen token's takeover at the email change: 401 RecentSignInRequired, and no code goes to the new address", async () => {
      const { email, session } = stale.victim;
      const attacker = newUser('attacker');

      const change = await stack.call('PATCH', '/me', { token: session.accessToken, body: { email: attacker } });

      expect(change).toMatchObject({ status: 401, body: { code: 'RecentSignInRequired' } });
      expect(change.headers.get('www-authenticate')).toBe(
        `Bearer error="insufficient_user_authentication", max_age=${RECENT_SIGN_IN_SECONDS}`,
      );
      await expect(stack.codeFor(attacker, 'UpdateUserAttribute')).rejects.toThrow();
      expect(await stack.call('GET', '/me', { token: session.accessToken })).toMatchObject({ status: 200, body: { email } });
      // The forgot-password step of the chain reaches the victim's own address only.
      expect((await stack.call('POST', '/auth/forgot-password', { body: { email: attacker } })).status).toBe(202);
      await expect(stack.codeFor(attacker, 'ForgotPassword')).rejects.toThrow();
    });

    it('refuses a token refreshed after the window for every sensitive change, and allows the rest; a new sign-in allows them again', async () => {
      const { email, session } = stale.refresher;
      const refreshed = await stack.call('POST', '/auth/refresh', { body: { refreshToken: session.refreshToken } });
      expect(refreshed.status).toBe(200);
      const token = String(refreshed.body?.accessToken);

      for (const [method, path, body] of [
        ['PATCH', '/me', { email: newUser('refreshed-new') }],
        ['POST', '/me/mfa/totp', undefined],
        ['DELETE', '/me/mfa', undefined],
        ['POST', '/me/passkeys/options', undefined],
        ['POST', '/me/passkeys', { credential: { id: 'a-new-passkey' } }],
        ['DELETE', '/me/passkeys/a-passkey-id', undefined],
        ['DELETE', '/me', undefined],
      ] as const) {
        const response = await stack.call(method, path, { token, ...(body === undefined ? {} : { body }) });
        expect({ route: `${method} ${path}`, status: response.status, code: response.body?.code }).toEqual({
          route: `${method} ${path}`,
          status: 401,
          code: 'RecentSignInRequired',
        });
      }
      expect((await stack.call('GET', '/me', { token })).status).toBe(200);
      expect((await stack.call('PATCH', '/me', { token, body: { name: 'Still Me' } })).status).toBe(200);

      const again = await signIn(email);
      expect((await stack.call('POST', '/me/mfa/totp', { token: again.accessToken })).status).toBe(200);
      expect((await stack.call('DELETE', '/me', { token: again.accessToken })).status).toBe(204);
    });
  });
});
