// The client honours retry-after on 429 and 503, retrying only requests that are safe to repeat, a bounded number of times.
import { ApiProblemError } from '../../../../clients/typescript/src/index.js';
import { fakeApi, json, message, problem, profile, signedIn, tokens } from './fake-api.js';

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

const signIn = () => json(200, tokens(1));

describe('retry-after', () => {
  it('retries a GET answered 503 after the seconds retry-after says, not before', async () => {
    const { client, sent } = fakeApi({
      'POST /auth/sign-in': signIn,
      'GET /me': (_request, call) => (call === 1 ? problem(503, 'ServiceUnavailable', { 'retry-after': '3' }) : json(200, profile)),
    });
    const session = await signedIn(client);
    const answer = session.me();
    await jest.advanceTimersByTimeAsync(2999);
    expect(sent('GET /me')).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1);
    await expect(answer).resolves.toEqual(profile);
    expect(sent('GET /me')).toHaveLength(2);
  });

  it('reads retry-after as an HTTP date too', async () => {
    const { client, sent } = fakeApi({
      'POST /auth/sign-in': signIn,
      'GET /me': (_request, call) =>
        call === 1 ? problem(429, 'TooManyRequests', { 'retry-after': new Date(Date.now() + 5000).toUTCString() }) : json(200, profile),
    });
    const session = await signedIn(client);
    const answer = session.me();
    await jest.advanceTimersByTimeAsync(4000);
    expect(sent('GET /me')).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1000);
    await expect(answer).resolves.toEqual(profile);
  });

  it('retries a send, which carries an Idempotency-Key, with the same key', async () => {
    const { client, sent } = fakeApi({
      'POST /auth/sign-in': signIn,
      'POST /messages': (_request, call) => (call === 1 ? problem(429, 'SendQuotaExceeded', { 'retry-after': '1' }) : json(201, message)),
    });
    const session = await signedIn(client);
    const answer = session.sendMessage({ to: 'bob@example.com', subject: 'Hello', body: 'Hi' });
    await jest.advanceTimersByTimeAsync(1000);
    await expect(answer).resolves.toEqual(message);
    const keys = sent('POST /messages').map((request) => request.headers.get('idempotency-key'));
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1]).toBe(keys[0]);
  });

  it('does not retry a POST without an Idempotency-Key: the error carries retryAfter', async () => {
    const { client, sent } = fakeApi({ 'POST /auth/sign-in': () => problem(429, 'TooManyRequests', { 'retry-after': '2' }) });
    const error: unknown = await client
      .signIn({ email: 'alice@example.com', password: 'Correct-horse-battery-42' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiProblemError);
    expect(error).toMatchObject({ status: 429, code: 'TooManyRequests', retryAfter: 2 });
    expect(sent('POST /auth/sign-in')).toHaveLength(1);
  });

  it('gives up after the configured number of retries', async () => {
    const { client, sent } = fakeApi({
      'POST /auth/sign-in': signIn,
      'GET /me': () => problem(503, 'ServiceUnavailable', { 'retry-after': '1' }),
    });
    const session = await signedIn(client);
    const answer = session.me().catch((e: unknown) => e);
    await jest.advanceTimersByTimeAsync(10_000);
    expect(await answer).toMatchObject({ status: 503, code: 'ServiceUnavailable', retryAfter: 1 });
    expect(sent('GET /me')).toHaveLength(3);
  });

  it('does not wait longer than maxDelaySeconds: the error goes to the caller at once', async () => {
    const { client, sent } = fakeApi(
      { 'POST /auth/sign-in': signIn, 'GET /me': () => problem(503, 'ServiceUnavailable', { 'retry-after': '120' }) },
      { retry: { maxDelaySeconds: 30 } },
    );
    const session = await signedIn(client);
    await expect(session.me()).rejects.toMatchObject({ status: 503, retryAfter: 120 });
    expect(sent('GET /me')).toHaveLength(1);
  });

  it('backs off 1 s then 2 s on the gateway 429, which has no retry-after', async () => {
    const { client, sent } = fakeApi({
      'POST /auth/sign-in': signIn,
      'GET /me': (_request, call) => (call < 3 ? json(429, { message: 'Too Many Requests' }) : json(200, profile)),
    });
    const session = await signedIn(client);
    const answer = session.me();
    await jest.advanceTimersByTimeAsync(999);
    expect(sent('GET /me')).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(sent('GET /me')).toHaveLength(2);
    await jest.advanceTimersByTimeAsync(2000);
    await expect(answer).resolves.toEqual(profile);
  });

  it('retries nothing with { retries: 0 }', async () => {
    const { client, sent } = fakeApi(
      { 'POST /auth/sign-in': signIn, 'GET /me': () => problem(503, 'ServiceUnavailable', { 'retry-after': '1' }) },
      { retry: { retries: 0 } },
    );
    const session = await signedIn(client);
    await expect(session.me()).rejects.toMatchObject({ status: 503, code: 'ServiceUnavailable' });
    expect(sent('GET /me')).toHaveLength(1);
  });
});
