// The client's session: refresh before expiry (single-flight, rotation-aware), and no refresh for ended sessions.
import { ApiProblemError, MemoryTokenStore } from '../../../../clients/typescript/src/index.js';
import { newIdempotencyKey } from '../../../../clients/typescript/src/session.js';
import { fakeApi, json, problem, profile, signedIn, tokens } from './fake-api.js';

const caught = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );

describe('session refresh', () => {
  it('refreshes once for ten parallel calls when the access token is about to expire, and keeps the rotated refresh token', async () => {
    const store = new MemoryTokenStore();
    let release: () => void = () => {};
    const refreshAnswered = new Promise<void>((resolve) => (release = resolve));
    const { client, sent } = fakeApi(
      {
        'POST /auth/sign-in': () => json(200, tokens(1, { expiresIn: 30 })),
        'POST /auth/refresh': async () => {
          await refreshAnswered;
          return json(200, tokens(2));
        },
        'GET /me': () => json(200, profile),
      },
      { tokenStore: store },
    );
    const session = await signedIn(client);
    const calls = Array.from({ length: 10 }, () => session.me());
    // The refresh answers only once all ten calls have had time to ask for one.
    await new Promise((resolve) => setTimeout(resolve, 50));
    release();
    await Promise.all(calls);

    expect(sent('POST /auth/refresh')).toHaveLength(1);
    expect(await sent('POST /auth/refresh')[0]?.json()).toEqual({ refreshToken: 'refresh-1' });
    expect(sent('GET /me').map((request) => request.headers.get('authorization'))).toEqual(Array(10).fill('Bearer access-2'));
    expect(store.load()).toMatchObject({ accessToken: 'access-2', refreshToken: 'refresh-2' });
  });

  it('keeps the refresh token it has when the refresh answer carries none', async () => {
    const { client, sent } = fakeApi({
      'POST /auth/sign-in': () => json(200, tokens(1, { expiresIn: 30 })),
      'POST /auth/refresh': () => json(200, tokens(2, { rotated: false, expiresIn: 30 })),
      'GET /me': () => json(200, profile),
    });
    const session = await signedIn(client);
    await session.me();
    await session.me();
    expect(session.currentTokens).toMatchObject({ accessToken: 'access-2', refreshToken: 'refresh-1' });
    expect(await Promise.all(sent('POST /auth/refresh').map((request) => request.json()))).toEqual([
      { refreshToken: 'refresh-1' },
      { refreshToken: 'refresh-1' },
    ]);
  });

  it('goes on with the current token while it is valid when an early refresh fails, and refreshes at the next call', async () => {
    const { client, sent } = fakeApi({
      'POST /auth/sign-in': () => json(200, tokens(1, { expiresIn: 30 })),
      'POST /auth/refresh': (_request, call) =>
        call === 1 ? problem(503, 'ServiceUnavailable', { 'retry-after': '1' }) : json(200, tokens(2)),
      'GET /me': () => json(200, profile),
    });
    const session = await signedIn(client);
    await expect(session.me()).resolves.toEqual(profile);
    await expect(session.me()).resolves.toEqual(profile);
    expect(sent('GET /me').map((request) => request.headers.get('authorization'))).toEqual(['Bearer access-1', 'Bearer access-2']);
    expect(sent('POST /auth/refresh')).toHaveLength(2);
  });

  it('throws the refresh error when the token has expired already', async () => {
    const { client, sent } = fakeApi({
      'POST /auth/sign-in': () => json(200, tokens(1, { expiresIn: 1 })),
      'POST /auth/refresh': () => problem(503, 'ServiceUnavailable', { 'retry-after': '1' }),
      'GET /me': () => json(200, profile),
    });
    const session = await signedIn(client);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await expect(session.me()).rejects.toMatchObject({ status: 503, code: 'ServiceUnavailable', retryAfter: 1 });
    expect(sent('GET /me')).toHaveLength(0);
    expect(session.active).toBe(true);
  });

  it('does not refresh a token that is not about to expire', async () => {
    const { client, sent } = fakeApi({
      'POST /auth/sign-in': () => json(200, tokens(1)),
      'GET /me': () => json(200, profile),
    });
    const session = await signedIn(client);
    await expect(session.me()).resolves.toEqual(profile);
    expect(sent('GET /me')[0]?.headers.get('authorization')).toBe('Bearer access-1');
  });

  it('refreshes once and retries once when the gateway says the token has expired, and never loops', async () => {
    const expired = { 'www-authenticate': 'Bearer scope="" error="invalid_token" error_description="the token has expired"' };
    const { client, sent } = fakeApi({
      'POST /auth/sign-in': () => json(200, tokens(1)),
      'POST /auth/refresh': (_request, call) => json(200, tokens(call + 1)),
      'GET /me': () => json(401, { message: 'Unauthorized' }, expired),
    });
    const session = await signedIn(client);
    const error = await caught(session.me());
    expect(error).toBeInstanceOf(ApiProblemError);
    expect(error).toMatchObject({ status: 401, code: 'Unauthorized' });
    expect(sent('POST /auth/refresh')).toHaveLength(1);
    expect(sent('GET /me').map((request) => request.headers.get('authorization'))).toEqual(['Bearer access-1', 'Bearer access-2']);
  });

  it('refreshes once when parallel calls each hear that the token has expired, one after the other', async () => {
    const expired = { 'www-authenticate': 'Bearer scope="" error="invalid_token" error_description="the token has expired"' };
    const { client, sent } = fakeApi({
      'POST /auth/sign-in': () => json(200, tokens(1)),
      'POST /auth/refresh': (_request, call) => json(200, tokens(call + 1)),
      // The refusals of the old token arrive 10 ms apart: most of them after the first one's refresh is done.
      'GET /me': async (request, call) => {
        if (request.headers.get('authorization') !== 'Bearer access-1') return json(200, profile);
        await new Promise((resolve) => setTimeout(resolve, call * 10));
        return json(401, { message: 'Unauthorized' }, expired);
      },
    });
    const session = await signedIn(client);
    await Promise.all(Array.from({ length: 10 }, () => session.me()));
    expect(sent('POST /auth/refresh')).toHaveLength(1);
    expect(session.currentTokens).toMatchObject({ accessToken: 'access-2' });
  });

  it('does not refresh when the gateway refuses a token for another reason than its expiry', async () => {
    const forged = { 'www-authenticate': 'Bearer scope="" error="invalid_token" error_description="the token signature is invalid"' };
    const { client, sent } = fakeApi({
      'POST /auth/sign-in': () => json(200, tokens(1)),
      'POST /auth/refresh': () => json(200, tokens(2)),
      'GET /me': () => json(401, { message: 'Unauthorized' }, forged),
    });
    const session = await signedIn(client);
    await expect(session.me()).rejects.toMatchObject({ status: 401, code: 'Unauthorized' });
    expect(sent('POST /auth/refresh')).toHaveLength(0);
  });

  it('ends the session when the refresh token is refused', async () => {
    const onSessionEnded = jest.fn();
    const store = new MemoryTokenStore();
    const { client, sent } = fakeApi(
      {
        'POST /auth/sign-in': () => json(200, tokens(1, { expiresIn: 30 })),
        'POST /auth/refresh': () => problem(401, 'InvalidRefreshToken'),
        'GET /me': () => json(200, profile),
      },
      { onSessionEnded, tokenStore: store },
    );
    const session = await signedIn(client);
    await expect(session.me()).rejects.toMatchObject({ status: 401, code: 'InvalidRefreshToken' });
    await expect(session.me()).rejects.toMatchObject({ status: 401, code: 'SessionEnded' });
    expect(session.active).toBe(false);
    expect(store.load()).toBeUndefined();
    expect(onSessionEnded).toHaveBeenCalledTimes(1);
    expect(sent('POST /auth/refresh')).toHaveLength(1);
    expect(sent('GET /me')).toHaveLength(0);
  });
});

describe('401 problems are not refreshed away', () => {
  const wwwAuthenticate = {
    SessionEnded: 'Bearer error="invalid_token"',
    RecentSignInRequired: 'Bearer error="insufficient_user_authentication", max_age=300',
  };

  it('SessionEnded: throws, sends no refresh, and ends the session here too', async () => {
    const onSessionEnded = jest.fn();
    const store = new MemoryTokenStore();
    const { client, sent } = fakeApi(
      {
        'POST /auth/sign-in': () => json(200, tokens(1)),
        'POST /auth/refresh': () => json(200, tokens(2)),
        'GET /me': () => problem(401, 'SessionEnded', { 'www-authenticate': wwwAuthenticate.SessionEnded }),
      },
      { onSessionEnded, tokenStore: store },
    );
    const session = await signedIn(client);
    const error = await caught(session.me());
    expect(error).toBeInstanceOf(ApiProblemError);
    expect(error).toMatchObject({
      status: 401,
      code: 'SessionEnded',
      title: 'SessionEnded',
      detail: 'SessionEnded detail',
      requestId: 'req-1',
    });
    expect(sent('POST /auth/refresh')).toHaveLength(0);
    expect(session.active).toBe(false);
    expect(store.load()).toBeUndefined();
    expect(onSessionEnded).toHaveBeenCalledWith(error);
    // The ended session sends nothing more.
    await expect(session.me()).rejects.toMatchObject({ code: 'SessionEnded' });
    expect(sent('GET /me')).toHaveLength(1);
  });

  it('RecentSignInRequired: throws, sends no refresh, and the session stays signed in', async () => {
    const { client, sent } = fakeApi({
      'POST /auth/sign-in': () => json(200, tokens(1, { expiresIn: 30 })),
      'POST /auth/refresh': (_request, call) => json(200, tokens(call + 1)),
      'DELETE /me': () => problem(401, 'RecentSignInRequired', { 'www-authenticate': wwwAuthenticate.RecentSignInRequired }),
    });
    const session = await signedIn(client);
    await expect(session.api.DELETE('/me')).rejects.toMatchObject({ status: 401, code: 'RecentSignInRequired' });
    await expect(session.api.DELETE('/me')).rejects.toMatchObject({ status: 401, code: 'RecentSignInRequired' });
    // The one refresh is the one the expiring sign-in token needed, before the first call; none answers the 401s.
    expect(sent('POST /auth/refresh')).toHaveLength(1);
    expect(sent('DELETE /me')).toHaveLength(2);
    expect(session.active).toBe(true);
  });
  it('a problem is not the gateway: no refresh even when its www-authenticate speaks of expiry', async () => {
    const { client, sent } = fakeApi({
      'POST /auth/sign-in': () => json(200, tokens(1)),
      'POST /auth/refresh': () => json(200, tokens(2)),
      'GET /me': () =>
        problem(401, 'SessionEnded', { 'www-authenticate': 'Bearer error="invalid_token", error_description="the session has expired"' }),
    });
    const session = await signedIn(client);
    await expect(session.me()).rejects.toMatchObject({ status: 401, code: 'SessionEnded' });
    expect(sent('POST /auth/refresh')).toHaveLength(0);
  });
});

describe('sign-out', () => {
  it('revokes the current refresh token, ends the session, and sends nothing afterwards', async () => {
    const onSessionEnded = jest.fn();
    const { client, sent, requests } = fakeApi(
      {
        'POST /auth/sign-in': () => json(200, tokens(1, { expiresIn: 30 })),
        'POST /auth/refresh': () => json(200, tokens(2)),
        'POST /auth/sign-out': () => new Response(null, { status: 204 }),
      },
      { onSessionEnded },
    );
    const session = await signedIn(client);
    await session.signOut();
    // The token was about to expire: refreshed first, so the rotated refresh token is the one revoked.
    expect(await sent('POST /auth/sign-out')[0]?.json()).toEqual({ refreshToken: 'refresh-2' });
    expect(session.active).toBe(false);
    expect(onSessionEnded).toHaveBeenCalledTimes(1);
    const count = requests.length;
    await expect(session.me()).rejects.toMatchObject({ status: 401, code: 'SessionEnded' });
    expect(requests).toHaveLength(count);
  });

  it('ends the session even when the API says it had already ended', async () => {
    const { client } = fakeApi({
      'POST /auth/sign-in': () => json(200, tokens(1)),
      'POST /auth/sign-out': () => problem(401, 'SessionEnded'),
    });
    const session = await signedIn(client);
    await expect(session.signOut()).resolves.toBeUndefined();
    expect(session.active).toBe(false);
  });
});

describe('account calls', () => {
  const totp = {
    secretCode: 'JBSWY3DPEHPK3PXP',
    otpauthUri: 'otpauth://totp/serverless-auth-api:alice%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=serverless-auth-api',
  };
  const noContent = () => new Response(null, { status: 204 });

  it('verify the email, set up and verify TOTP and turn MFA off with the session token, answering the bodies', async () => {
    const { client, sent } = fakeApi({
      'POST /auth/sign-in': () => json(200, tokens(1)),
      'POST /me/verify-email': () => json(200, { ...profile, email: 'new@example.com' }),
      'POST /me/mfa/totp': () => json(200, totp),
      'POST /me/mfa/totp/verify': () => json(200, { mfa: { enabled: true, preferred: 'SOFTWARE_TOKEN_MFA' } }),
      'DELETE /me/mfa': noContent,
    });
    const session = await signedIn(client);

    await expect(session.verifyEmail('123456')).resolves.toMatchObject({ email: 'new@example.com' });
    await expect(session.setUpTotp()).resolves.toEqual(totp);
    await expect(session.verifyTotp({ code: '654321', deviceName: 'phone' })).resolves.toEqual({
      mfa: { enabled: true, preferred: 'SOFTWARE_TOKEN_MFA' },
    });
    await expect(session.disableMfa()).resolves.toBeUndefined();

    expect(await sent('POST /me/verify-email')[0]?.json()).toEqual({ code: '123456' });
    expect(await sent('POST /me/mfa/totp/verify')[0]?.json()).toEqual({ code: '654321', deviceName: 'phone' });
    const calls = ['POST /me/verify-email', 'POST /me/mfa/totp', 'POST /me/mfa/totp/verify', 'DELETE /me/mfa'].flatMap(sent);
    expect(calls.map((request) => request.headers.get('authorization'))).toEqual(Array(4).fill('Bearer access-1'));
    expect(session.active).toBe(true);
  });

  it('a password change ends the session here, as the API ends them all', async () => {
    const onSessionEnded = jest.fn();
    const { client, sent, requests } = fakeApi(
      { 'POST /auth/sign-in': () => json(200, tokens(1)), 'POST /me/password': noContent },
      { onSessionEnded },
    );
    const session = await signedIn(client);

    await session.changePassword({ currentPassword: 'Correct-horse-battery-42', newPassword: 'Another-horse-battery-43' });

    expect(await sent('POST /me/password')[0]?.json()).toEqual({
      currentPassword: 'Correct-horse-battery-42',
      newPassword: 'Another-horse-battery-43',
    });
    expect(session.active).toBe(false);
    expect(onSessionEnded).toHaveBeenCalledWith(
      expect.objectContaining({ code: 'SessionEnded', detail: expect.stringMatching(/password/) }),
    );
    const count = requests.length;
    await expect(session.me()).rejects.toMatchObject({ code: 'SessionEnded' });
    expect(requests).toHaveLength(count);
  });

  it('a refused password change (wrong current password) keeps the session', async () => {
    const { client } = fakeApi({
      'POST /auth/sign-in': () => json(200, tokens(1)),
      'POST /me/password': () => problem(401, 'InvalidCredentials'),
    });
    const session = await signedIn(client);
    await expect(session.changePassword({ currentPassword: 'wrong', newPassword: 'Another-horse-battery-43' })).rejects.toMatchObject({
      code: 'InvalidCredentials',
    });
    expect(session.active).toBe(true);
  });

  it('deleting the account ends the session; RecentSignInRequired leaves it signed in', async () => {
    const { client } = fakeApi({
      'POST /auth/sign-in': () => json(200, tokens(1)),
      'DELETE /me': (_request, call) => (call === 1 ? problem(401, 'RecentSignInRequired') : noContent()),
    });
    const session = await signedIn(client);
    await expect(session.deleteAccount()).rejects.toMatchObject({ code: 'RecentSignInRequired' });
    expect(session.active).toBe(true);
    await session.deleteAccount();
    expect(session.active).toBe(false);
  });
});

describe('sign-in', () => {
  it('answers the next challenge, and the challenge answer starts the session', async () => {
    const { client, sent } = fakeApi({
      'POST /auth/sign-in': () => json(200, { challenge: 'SOFTWARE_TOKEN_MFA', session: 'challenge-session-0123456789', parameters: {} }),
      'POST /auth/challenge': () => json(200, tokens(1)),
    });
    const result = await client.signIn({ email: 'alice@example.com', password: 'Correct-horse-battery-42' });
    if (!result.challenge) throw new Error('expected a challenge');
    expect(result.challenge).toMatchObject({ name: 'SOFTWARE_TOKEN_MFA', email: 'alice@example.com' });
    const answered = await client.answerChallenge(result.challenge, { code: '123456' });
    expect(answered.session?.currentTokens).toMatchObject({ accessToken: 'access-1', refreshToken: 'refresh-1' });
    expect(await sent('POST /auth/challenge')[0]?.json()).toEqual({
      email: 'alice@example.com',
      challenge: 'SOFTWARE_TOKEN_MFA',
      session: 'challenge-session-0123456789',
      code: '123456',
    });
  });

  it('throws a typed problem for wrong credentials', async () => {
    const { client } = fakeApi({ 'POST /auth/sign-in': () => problem(401, 'InvalidCredentials') });
    await expect(client.signIn({ email: 'alice@example.com', password: 'wrong' })).rejects.toMatchObject({
      name: 'ApiProblemError',
      status: 401,
      code: 'InvalidCredentials',
    });
  });
});

describe('idempotency keys', () => {
  const uuidV4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

  it('are UUIDs v4, also where crypto.randomUUID is missing (a page served over plain http)', () => {
    expect(newIdempotencyKey()).toMatch(uuidV4);
    // An own property hides Crypto.prototype.randomUUID; deleting it brings the method back.
    Object.defineProperty(crypto, 'randomUUID', { value: undefined, configurable: true });
    try {
      const keys = Array.from({ length: 50 }, newIdempotencyKey);
      for (const key of keys) expect(key).toMatch(uuidV4);
      expect(new Set(keys).size).toBe(50);
    } finally {
      Reflect.deleteProperty(crypto, 'randomUUID');
    }
    expect(typeof crypto.randomUUID).toBe('function');
  });
});
