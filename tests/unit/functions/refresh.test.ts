import { InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { handler } from '../../../functions/refresh/index.js';
import { cognitoError, cognitoMock, networkError, tokens, withClientSecret } from '../../fixtures/cognito.js';
import { invoke, loadEvent, withBody } from '../../fixtures/lambda.js';
import { captureLogs } from '../../fixtures/logs.js';
import { expectProblem, expectValidationError } from '../../fixtures/problem.js';

const event = loadEvent('refresh');
const REFRESH_TOKEN = 'eyJjdHkiOiJKV1QiLCJlbmMiOiJBMjU2R0NNIiwiYWxnIjoiUlNBLU9BRVAifQ.example-refresh-token';
const USERNAME = 'f81d4fae-7dec-11d0-a765-00a0c91e6bf6';
// printf 'f81d4fae-7dec-11d0-a765-00a0c91e6bf6test-client-id' | openssl dgst -sha256 -hmac 'client-secret-value' -binary | base64
const USERNAME_SECRET_HASH = 'HUjRYBPKcmSXsS+jPERmxRFo+h6e1MaXI2Ld0Xvp2rk=';
const refreshed = { AccessToken: tokens.AccessToken, IdToken: tokens.IdToken, ExpiresIn: 3600, TokenType: 'Bearer' };

describe('POST /auth/refresh', () => {
  let logs: ReturnType<typeof captureLogs>;
  beforeEach(() => {
    cognitoMock.reset();
    logs = captureLogs();
  });
  afterEach(() => logs.restore());

  it('returns new tokens without a refreshToken when Cognito does not rotate it', async () => {
    cognitoMock.on(InitiateAuthCommand).resolves({ AuthenticationResult: refreshed });

    const response = await invoke(handler, event);

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/json');
    expect(response.body).toEqual({ accessToken: tokens.AccessToken, idToken: tokens.IdToken, expiresIn: 3600, tokenType: 'Bearer' });
    expect(cognitoMock.commandCalls(InitiateAuthCommand)[0]?.args[0].input).toEqual({
      ClientId: 'test-client-id',
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      AuthParameters: { REFRESH_TOKEN },
    });
  });

  it('returns the new refreshToken when Cognito rotates it', async () => {
    cognitoMock
      .on(InitiateAuthCommand)
      .resolves({ AuthenticationResult: { ...refreshed, RefreshToken: 'rotated.refresh.token', ExpiresIn: 900 } });

    const response = await invoke(handler, event);

    expect(response.body).toEqual({
      accessToken: tokens.AccessToken,
      idToken: tokens.IdToken,
      refreshToken: 'rotated.refresh.token',
      expiresIn: 900,
      tokenType: 'Bearer',
    });
  });

  it('sends no SECRET_HASH when the app client has no secret, even with a username', async () => {
    cognitoMock.on(InitiateAuthCommand).resolves({ AuthenticationResult: refreshed });

    await invoke(handler, withBody(event, { refreshToken: REFRESH_TOKEN, username: USERNAME }));

    expect(cognitoMock.commandCalls(InitiateAuthCommand)[0]?.args[0].input.AuthParameters).toEqual({ REFRESH_TOKEN });
  });

  it('sends the SECRET_HASH of the username (not an email) when the app client has a secret', async () => {
    cognitoMock.on(InitiateAuthCommand).resolves({ AuthenticationResult: refreshed });

    const response = await withClientSecret('client-secret-value', () =>
      invoke(handler, withBody(event, { refreshToken: REFRESH_TOKEN, username: ` ${USERNAME} ` })),
    );

    expect(response.statusCode).toBe(200);
    expect(cognitoMock.commandCalls(InitiateAuthCommand)[0]?.args[0].input).toEqual({
      ClientId: 'test-client-id',
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      AuthParameters: { REFRESH_TOKEN, SECRET_HASH: USERNAME_SECRET_HASH },
    });
  });

  it('rejects a refresh without username with 400 ValidationError on username when the app client has a secret', async () => {
    const response = await withClientSecret('client-secret-value', () => invoke(handler, event));

    expectValidationError(response, ['username']);
    expect(cognitoMock.calls()).toHaveLength(0);
  });

  it('returns 401 InvalidRefreshToken for an invalid, expired or revoked refresh token', async () => {
    cognitoMock.on(InitiateAuthCommand).rejects(cognitoError('NotAuthorizedException', 'Refresh Token has been revoked'));

    const response = await invoke(handler, event);

    expectProblem(response, 401, 'InvalidRefreshToken');
    expect(JSON.stringify(response.body)).not.toContain('has been revoked');
  });

  it.each([
    ['TooManyRequestsException', 429, 'TooManyRequests', '1'],
    ['LimitExceededException', 429, 'TooManyRequests', '30'],
    ['InternalErrorException', 503, 'ServiceUnavailable', '2'],
  ])('maps %s to %i %s with retry-after %s', async (name, status, code, retryAfter) => {
    cognitoMock.on(InitiateAuthCommand).rejects(cognitoError(name));

    const response = await invoke(handler, event);

    expectProblem(response, status, code);
    expect(response.headers['retry-after']).toBe(retryAfter);
  });

  it('answers 503 with retry-after when Cognito cannot be reached', async () => {
    cognitoMock.on(InitiateAuthCommand).rejects(networkError());

    const response = await invoke(handler, event);

    expectProblem(response, 503, 'ServiceUnavailable');
    expect(response.headers['retry-after']).toBe('2');
  });

  it('answers 503 when Cognito returns neither tokens nor a challenge', async () => {
    cognitoMock.on(InitiateAuthCommand).resolves({});

    expectProblem(await invoke(handler, event), 503, 'ServiceUnavailable');
  });

  it('answers 500 InternalError, without details, for an unexpected error', async () => {
    cognitoMock.on(InitiateAuthCommand).rejects(new TypeError('x is undefined'));

    const response = await invoke(handler, event);

    expectProblem(response, 500, 'InternalError');
    expect(JSON.stringify(response.body)).not.toContain('x is undefined');
  });

  it.each([
    ['malformed JSON', 400, 'MalformedJson', '{"refreshToken":'],
    ['an oversized body', 413, 'PayloadTooLarge', JSON.stringify({ refreshToken: 'x'.repeat(17_000) })],
  ])('rejects %s with %i %s', async (_case, status, code, body) => {
    expectProblem(await invoke(handler, withBody(event, body)), status, code);
    expect(cognitoMock.calls()).toHaveLength(0);
  });

  it.each([
    ['a missing refresh token', {}, ['refreshToken']],
    ['wrong types', { refreshToken: 42, username: true }, ['refreshToken', 'username']],
    ['an empty refresh token and a blank username', { refreshToken: '', username: '   ' }, ['refreshToken', 'username']],
    ['a refresh token over 8192 characters', { refreshToken: 'x'.repeat(8193) }, ['refreshToken']],
  ])('rejects %s with 400 ValidationError listing the fields', async (_case, body, paths) => {
    expectValidationError(await invoke(handler, withBody(event, body)), paths);
    expect(cognitoMock.calls()).toHaveLength(0);
  });

  it('ignores unknown fields', async () => {
    cognitoMock.on(InitiateAuthCommand).resolves({ AuthenticationResult: refreshed });

    const response = await invoke(handler, withBody(event, { refreshToken: REFRESH_TOKEN, extra: 1 }));

    expect(response.statusCode).toBe(200);
    expect(cognitoMock.commandCalls(InitiateAuthCommand)[0]?.args[0].input.AuthParameters).toEqual({ REFRESH_TOKEN });
  });

  it('never writes the refresh token or the new tokens to the logs', async () => {
    cognitoMock
      .on(InitiateAuthCommand)
      .resolvesOnce({ AuthenticationResult: { ...refreshed, RefreshToken: 'rotated.refresh.token' } })
      .rejectsOnce(cognitoError('NotAuthorizedException'))
      .rejects(networkError());

    await invoke(handler, event);
    await invoke(handler, event);
    await invoke(handler, event);
    await invoke(handler, withBody(event, { refreshToken: REFRESH_TOKEN, username: 42 }));

    const written = logs.text();
    expect(written).toContain('request rejected');
    expect(written).toContain('request failed');
    for (const secret of [REFRESH_TOKEN, tokens.AccessToken, tokens.IdToken, 'rotated.refresh.token'])
      expect(written).not.toContain(secret);
  });
});
