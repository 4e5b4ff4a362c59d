import {
  CognitoIdentityProviderClient,
  CognitoIdentityProviderServiceException,
  ConfirmSignUpCommand,
  GetUserCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import type { RetryErrorInfo } from '@smithy/types';
import { noEffectReason, UpstreamRetryStrategy } from '../../../layers/shared/src/aws/retry-strategy.js';
import { UPSTREAM_DEFAULTS, upstreamClientSettings, upstreamTimeouts } from '../../../layers/shared/src/aws/upstream-settings.js';
import { functionsOf, loadTemplate } from '../../../scripts/lib/template.js';
import { BlackHole, refusingEndpoint, unconnectableEndpoint } from '../../fixtures/upstream.js';

const errorNamed = (name: string, extra: object = {}) => Object.assign(new Error(`${name} message`), { name, ...extra });

// Not the shared fixture: it mocks every Cognito client, and these tests send for real.
const cognitoError = (name: string, message = name, fault: 'client' | 'server' = 'client') =>
  new CognitoIdentityProviderServiceException({
    name,
    message,
    $fault: fault,
    $metadata: { httpStatusCode: fault === 'server' ? 500 : 400 },
  });

describe('noEffectReason: what a retry may repeat', () => {
  it.each([
    ['a refused connection', errorNamed('Error', { code: 'ECONNREFUSED' }), 'notConnected'],
    ['an unresolvable host', errorNamed('Error', { code: 'ENOTFOUND' }), 'notConnected'],
    [
      'a connect timeout',
      errorNamed('TimeoutError', {
        message:
          '@smithy/node-http-handler - the request socket did not establish a connection with the server within the configured timeout of 1000 ms.',
      }),
      'notConnected',
    ],
    ["Cognito's request-rate throttling", cognitoError('TooManyRequestsException'), 'throttled'],
    ["DynamoDB's throttling", errorNamed('ProvisionedThroughputExceededException'), 'throttled'],
    [
      'a request timeout',
      errorNamed('TimeoutError', { code: 'ETIMEDOUT', message: 'a request has exceeded the configured 3000 ms requestTimeout' }),
      undefined,
    ],
    ['a socket timeout', errorNamed('TimeoutError', { message: 'the request socket timed out after 3000 ms of inactivity' }), undefined],
    ['a reset connection', errorNamed('TimeoutError', { code: 'ECONNRESET' }), undefined],
    ['a 5xx answer', cognitoError('InternalErrorException', 'x', 'server'), undefined],
    ["a user's attempt limit", cognitoError('LimitExceededException'), undefined],
    ['a client error', cognitoError('CodeMismatchException'), undefined],
    ['not an error', 'ECONNREFUSED', undefined],
  ])('%s', (_, error, reason) => {
    expect(noEffectReason(error)).toBe(reason);
  });
});

describe('UpstreamRetryStrategy', () => {
  const budget = { maxAttempts: 3, callBudgetMs: 5000, attemptMs: 3000 };
  const refused: RetryErrorInfo = {
    errorType: 'TRANSIENT',
    error: errorNamed('Error', { code: 'ECONNREFUSED' }) as RetryErrorInfo['error'],
  };
  const timedOut: RetryErrorInfo = {
    errorType: 'TRANSIENT',
    error: errorNamed('TimeoutError', { code: 'ETIMEDOUT' }) as RetryErrorInfo['error'],
  };
  const throttled: RetryErrorInfo = { errorType: 'THROTTLING', error: errorNamed('TooManyRequestsException') as RetryErrorInfo['error'] };

  it('retries what cannot have taken effect up to maxAttempts, with a backoff it tells the retry middleware', async () => {
    const strategy = new UpstreamRetryStrategy(budget, { random: () => 0.5, now: () => 0 });
    const first = await strategy.acquireInitialRetryToken();
    const second = await strategy.refreshRetryTokenForRetry(first, refused);
    const third = await strategy.refreshRetryTokenForRetry(second, throttled);
    expect([second.getRetryCount(), second.getRetryDelay()]).toEqual([1, 25]);
    expect([third.getRetryCount(), third.getRetryDelay()]).toEqual([2, 500]);
    await expect(strategy.refreshRetryTokenForRetry(third, refused)).rejects.toThrow('attempts exhausted');
  });

  it('never retries what may have taken effect', async () => {
    const strategy = new UpstreamRetryStrategy(budget);
    await expect(strategy.refreshRetryTokenForRetry(await strategy.acquireInitialRetryToken(), timedOut)).rejects.toThrow(
      'may have taken effect',
    );
  });

  it('starts no retry that could end past the call budget', async () => {
    let now = 0;
    const strategy = new UpstreamRetryStrategy(budget, { random: () => 0, now: () => now });
    const first = await strategy.acquireInitialRetryToken();
    now = 2000;
    await expect(strategy.refreshRetryTokenForRetry(first, refused)).resolves.toBeDefined();
    now = 2001;
    await expect(strategy.refreshRetryTokenForRetry(first, refused)).rejects.toThrow('call budget');
  });
});

describe('the clients against upstreams in trouble (real sockets on 127.0.0.1)', () => {
  // Shortened as the build tests shorten them; the production values are checked below. The budget
  // (700 ms) would allow a retry after a request timeout: only the retry rule prevents one.
  const timeouts = upstreamTimeouts({ UPSTREAM_CONNECT_TIMEOUT_MS: '200', UPSTREAM_REQUEST_TIMEOUT_MS: '300' });
  const blackHole = new BlackHole();
  let silent: string;

  const cognitoAt = (endpoint: string) =>
    new CognitoIdentityProviderClient({
      region: 'us-east-1',
      endpoint,
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
      ...upstreamClientSettings(timeouts),
    });
  const confirmSignUp = new ConfirmSignUpCommand({ ClientId: 'client', Username: 'jane@example.com', ConfirmationCode: '123456' });

  /** The error a send ends with, and how long it took. */
  async function failure(
    send: () => Promise<unknown>,
  ): Promise<{ error: Error & { code?: string; $metadata?: { attempts?: number } }; ms: number }> {
    const started = Date.now();
    const error = await send().then(
      () => new Error('no failure'),
      (e: unknown) => e as Error,
    );
    return { error, ms: Date.now() - started };
  }

  beforeAll(async () => {
    silent = await blackHole.listen();
  });
  beforeEach(() => blackHole.reset());
  afterAll(() => blackHole.close());

  it('gives up a code confirmation that got no answer after one request, at the request timeout', async () => {
    const { error, ms } = await failure(() => cognitoAt(silent).send(confirmSignUp));
    expect({ name: error.name, code: error.code, attempts: error.$metadata?.attempts }).toEqual({
      name: 'TimeoutError',
      code: 'ETIMEDOUT',
      attempts: 1,
    });
    await blackHole.settle();
    expect(blackHole.connections).toBe(1);
    expect(blackHole.requests).toEqual([
      { target: 'AWSCognitoIdentityProviderService.ConfirmSignUp', call: expect.any(String), attempt: 1 },
    ]);
    expect(ms).toBeLessThan(timeouts.callBudgetMs + 500);
  });

  it('does not retry a read that got no answer either (DynamoDB GetItem, Cognito GetUser)', async () => {
    const dynamodb = new DynamoDBClient({
      region: 'us-east-1',
      endpoint: silent,
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
      ...upstreamClientSettings(timeouts),
    });
    await failure(() => dynamodb.send(new GetItemCommand({ TableName: 't', Key: { pk: { S: 'k' } } })));
    await failure(() => cognitoAt(silent).send(new GetUserCommand({ AccessToken: 'token' })));
    await blackHole.settle();
    expect(blackHole.requests.map(({ target, attempt }) => [target, attempt])).toEqual([
      ['DynamoDB_20120810.GetItem', 1],
      ['AWSCognitoIdentityProviderService.GetUser', 1],
    ]);
  });

  it('retries a refused connection up to the attempts allowed', async () => {
    const { error, ms } = await failure(async () => cognitoAt(await refusingEndpoint()).send(confirmSignUp));
    // Under jest the SDK wraps Node's error (another realm's Error) and keeps only its text.
    expect(error.message).toContain('ECONNREFUSED');
    expect(error.$metadata?.attempts).toBe(UPSTREAM_DEFAULTS.maxAttempts);
    expect(ms).toBeLessThan(timeouts.callBudgetMs + 500);
  });

  it('retries a connection that never completes within the call budget (the handler’s connect-timeout error is recognised)', async () => {
    const unconnectable = await unconnectableEndpoint();
    try {
      const { error, ms } = await failure(() => cognitoAt(unconnectable.endpoint).send(confirmSignUp));
      expect(noEffectReason(error)).toBe('notConnected');
      // 200 ms, a backoff, 200 ms; a third attempt could not end within the 700 ms budget.
      expect(error.$metadata?.attempts).toBe(2);
      expect(ms).toBeLessThan(timeouts.callBudgetMs + 500);
    } finally {
      unconnectable.close();
    }
  });

  it('keeps the production values such that two calls at their worst end within every function timeout of template.yaml', () => {
    const production = upstreamTimeouts({});
    expect(production).toEqual({ connectTimeoutMs: 1000, requestTimeoutMs: 3000, maxAttempts: 3, callBudgetMs: 5000 });
    // A call ends by its budget: no retry starts unless it ends within it, and one attempt is at most the request timeout.
    const worstCallMs = Math.max(production.callBudgetMs, production.requestTimeoutMs);
    const timeouts = functionsOf(loadTemplate()).map(({ id, properties }) => [id, Number(properties.Timeout) * 1000]);
    expect(timeouts.length).toBeGreaterThan(20);
    expect(timeouts.filter(([, ms]) => !(2 * worstCallMs <= Number(ms)))).toEqual([]);
  });
});
