// Refresh-token rotation through the API (contract v2, POST /auth/refresh): every refresh returns a new
// refresh token; the one it replaces still works for the grace period, then never again. The stack runs
// with a short grace period so that the test can outwait it.
import { claimsOf, PASSWORD, startTestStack, uniqueEmail, type TestStack } from './local-stack.js';

jest.setTimeout(60_000);

const GRACE_SECONDS = 3;
let stack: TestStack;
const users: string[] = [];

beforeAll(async () => {
  stack = await startTestStack({ parameters: { RefreshTokenGracePeriodSeconds: String(GRACE_SECONDS) } });
});
afterEach(async () => {
  await Promise.all(users.splice(0).map((email) => stack.deleteUser(email)));
});
afterAll(() => stack?.stop());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const refresh = (refreshToken: string, username?: string) =>
  stack.call('POST', '/auth/refresh', { body: { refreshToken, ...(username ? { username } : {}) } });

async function signedIn(label: string) {
  const email = uniqueEmail(label);
  users.push(email);
  await stack.signedInUser(email);
  const signIn = await stack.call('POST', '/auth/sign-in', { body: { email, password: PASSWORD } });
  return { accessToken: String(signIn.body?.accessToken), refreshToken: String(signIn.body?.refreshToken) };
}

describe('local stack: refresh-token rotation', () => {
  it('returns a new refresh token; the old one works within the grace period and is refused after it', async () => {
    const first = await signedIn('rotation');

    const rotated = await refresh(first.refreshToken);
    const rotatedAt = Date.now();
    expect(rotated).toMatchObject({ status: 200, body: { tokenType: 'Bearer', refreshToken: expect.any(String) } });
    const second = String(rotated.body?.refreshToken);
    expect(second).not.toBe(first.refreshToken);
    // Same session: the new tokens carry the sign-in's origin_jti.
    expect(claimsOf(String(rotated.body?.accessToken)).origin_jti).toBe(claimsOf(first.accessToken).origin_jti);

    // A client that lost the answer retries with the old token within the grace period.
    const retried = await refresh(first.refreshToken);
    expect(Date.now() - rotatedAt).toBeLessThan(GRACE_SECONDS * 1000);
    expect(retried).toMatchObject({ status: 200, body: { refreshToken: expect.any(String) } });

    await sleep(rotatedAt + GRACE_SECONDS * 1000 + 500 - Date.now());
    expect(await refresh(first.refreshToken)).toMatchObject({ status: 401, body: { code: 'InvalidRefreshToken' } });
    expect(await refresh(second)).toMatchObject({ status: 200, body: { refreshToken: expect.any(String) } });
  });

  it('accepts and ignores a username, as v1 clients send it', async () => {
    const { refreshToken } = await signedIn('username');

    expect(await refresh(refreshToken, 'not-the-sub@example.com')).toMatchObject({
      status: 200,
      body: { refreshToken: expect.any(String) },
    });
  });
});
