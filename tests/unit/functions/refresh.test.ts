import { GetTokensFromRefreshTokenCommand } from '@aws-sdk/client-cognito-identity-provider';
import { handler } from '../../../functions/refresh/index.js';
import { cognitoError, cognitoMock, networkError, tokens, withClientSecret } from '../../fixtures/cognito.js';
import { invoke, loadEvent, withBody } from '../../fixtures/lambda.js';
import { captureLogs } from '../../fixtures/logs.js';
import { expectProblem, expectValidationError } from '../../fixtures/problem.js';

const event = loadEvent('refresh');
const REFRESH_TOKEN = 'eyJjdHkiOiJKV1QiLCJlbmMiOiJBMjU2R0NNIiwiYWxnIjoiUlNBLU9BRVAifQ.example-refresh-token';
const USERNAME = 'f81d4fae-7dec-11d0-a765-00a0c91e6bf6';
const ROTATED = 'rotated.refresh.token';
const rotated = { AccessToken: tokens.AccessToken, IdToken: tokens.IdToken, RefreshToken: ROTATED, ExpiresIn: 3600, TokenType: 'Bearer' };
const sentInput = () => cognitoMock.commandCalls(GetTokensFromRefreshTokenCommand)[0]?.args[0].input;

describe('POST /auth/refresh', () => {
  let logs: ReturnType<typeof captureLogs>;
  beforeEach(() => {
    cognitoMock.reset();
    logs = captureLogs();
  });
  afterEach(() => logs.restore());

  it('returns new tokens with the rotated refresh token, from GetTokensFromRefreshToken', async () => {
    cognitoMock.on(GetTokensFromRefreshTokenCommand).resolves({ AuthenticationResult: rotated });

    const response = await invoke(handler, event);

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/json');
    expect(response.body).toEqual({
      accessToken: tokens.AccessToken,
      idToken: tokens.IdToken,
      refreshToken: ROTATED,
      expiresIn: 3600,
      tokenType: 'Bearer',
    });
    expect(sentInput()).toEqual({ ClientId: 'test-client-id', RefreshToken: REFRESH_TOKEN });
  });

  it('sends the app client secret itself, not a SECRET_HASH, when the app client has a secret', async () => {
    cognitoMock.on(GetTokensFromRefreshTokenCommand).resolves({ AuthenticationResult: rotated });

    const response = await withClientSecret('client-secret-value', () => invoke(handler, event));

    expect(response.statusCode).toBe(200);
    expect(sentInput()).toEqual({ ClientId: 'test-client-id', RefreshToken: REFRESH_TOKEN, ClientSecret: 'client-secret-value' });
  });

  it.each([
    ['a username (v1 clients)', { refreshToken: REFRESH_TOKEN, username: USERNAME }],
    ['a username of the wrong type', { refreshToken: REFRESH_TOKEN, username: 42 }],
  ])('accepts and ignores %s, with or without a client secret', async (_case, body) => {
    cognitoMock.on(GetTokensFromRefreshTokenCommand).resolves({ AuthenticationResult: rotated });

    const withoutSecret = await invoke(handler, withBody(event, body));
    const withSecret = await withClientSecret('client-secret-value', () => invoke(handler, withBody(event, body)));

    expect([withoutSecret.statusCode, withSecret.statusCode]).toEqual([200, 200]);
    expect(sentInput()).toEqual({ ClientId: 'test-client-id', RefreshToken: REFRESH_TOKEN });
    expect(cognitoMock.commandCalls(GetTokensFromRefreshTokenCommand)[1]?.args[0].input).toEqual({
      ClientId: 'test-client-id',
      RefreshToken: REFRESH_TOKEN,
      ClientSecret: 'client-secret-value',
    });
  });

  it.each([
    ['NotAuthorizedException', 'Invalid Refresh Token'],
    ['RefreshTokenReuseException', 'Refresh token has been rotated and its grace period is over'],
    ['UserNotFoundException', 'User does not exist.'],
  ])("returns 401 InvalidRefreshToken for %s, without Cognito's message", async (name, message) => {
    cognitoMock.on(GetTokensFromRefreshTokenCommand).rejects(cognitoError(name, message));

    const response = await invoke(handler, event);

    expectProblem(response, 401, 'InvalidRefreshToken');
    expect(JSON.stringify(response.body)).not.toContain(message);
  });

  it.each([
    ['TooManyRequestsException', 429, 'TooManyRequests', '1'],
    ['LimitExceededException', 429, 'TooManyRequests', '30'],
    ['InternalErrorException', 503, 'ServiceUnavailable', '2'],
  ])('maps %s to %i %s with retry-after %s', async (name, status, code, retryAfter) => {
    cognitoMock.on(GetTokensFromRefreshTokenCommand).rejects(cognitoError(name));

    const response = await invoke(handler, event);

    expectProblem(response, status, code);
    expect(response.headers['retry-after']).toBe(retryAfter);
  });

  it('answers 503 with retry-after when Cognito cannot be reached', async () => {
    cognitoMock.on(GetTokensFromRefreshTokenCommand).rejects(networkError());

    const response = await invoke(handler, event);

    expectProblem(response, 503, 'ServiceUnavailable');
    expect(response.headers['retry-after']).toBe('2');
  });

  it('answers 503 when Cognito returns neither tokens nor a challenge', async () => {
    cognitoMock.on(GetTokensFromRefreshTokenCommand).resolves({});

    expectProblem(await invoke(handler, event), 503, 'ServiceUnavailable');
  });

  it('answers 500 InternalError, without details, for an unexpected error', async () => {
    cognitoMock.on(GetTokensFromRefreshTokenCommand).rejects(new TypeError('x is undefined'));

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
    ['a refresh token of the wrong type', { refreshToken: 42 }, ['refreshToken']],
    ['an empty refresh token', { refreshToken: '' }, ['refreshToken']],
    ['a refresh token over 8192 characters', { refreshToken: 'x'.repeat(8193) }, ['refreshToken']],
  ])('rejects %s with 400 ValidationError listing the fields', async (_case, body, paths) => {
    expectValidationError(await invoke(handler, withBody(event, body)), paths);
    expect(cognitoMock.calls()).toHaveLength(0);
  });

  it('ignores unknown fields', async () => {
    cognitoMock.on(GetTokensFromRefreshTokenCommand).resolves({ AuthenticationResult: rotated });

    const response = await invoke(handler, withBody(event, { refreshToken: REFRESH_TOKEN, extra: 1 }));

    expect(response.statusCode).toBe(200);
    expect(sentInput()).toEqual({ ClientId: 'test-client-id', RefreshToken: REFRESH_TOKEN });
  });

  it('never writes the refresh token or the new tokens to the logs', async () => {
    cognitoMock
      .on(GetTokensFromRefreshTokenCommand)
      .resolvesOnce({ AuthenticationResult: rotated })
      .rejectsOnce(cognitoError('NotAuthorizedException'))
      .rejects(networkError());

    await invoke(handler, event);
    await invoke(handler, event);
    await invoke(handler, event);
    await invoke(handler, withBody(event, { refreshToken: 42 }));

    const written = logs.text();
    expect(written).toContain('request rejected');
    expect(written).toContain('request failed');
    for (const secret of [REFRESH_TOKEN, tokens.AccessToken, tokens.IdToken, ROTATED]) expect(written).not.toContain(secret);
  });
});
