import { InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { handler } from '../../../functions/sign-in/index.js';
import { cognitoError, cognitoMock, networkError, tokens, withClientSecret } from '../../fixtures/cognito.js';
import { invoke, loadEvent, withBody } from '../../fixtures/lambda.js';
import { captureLogs } from '../../fixtures/logs.js';
import { expectProblem, expectValidationError } from '../../fixtures/problem.js';
import { documentsMock, dynamodbError } from '../../fixtures/dynamodb.js';
import { ACCOUNTS_TABLE, sessionKey } from '../../fixtures/sessions.js';

const event = loadEvent('sign-in');
const PASSWORD = 'Correct-Horse-9-Battery';

describe('POST /auth/sign-in', () => {
  let logs: ReturnType<typeof captureLogs>;
  beforeEach(() => {
    cognitoMock.reset();
    documentsMock.reset();
    documentsMock.on(PutCommand).resolves({});
    logs = captureLogs();
  });
  afterEach(() => logs.restore());

  it('returns the tokens for a correct email and password', async () => {
    cognitoMock.on(InitiateAuthCommand).resolves({ AuthenticationResult: tokens });

    const response = await invoke(handler, event);

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/json');
    expect(response.body).toEqual({
      accessToken: tokens.AccessToken,
      idToken: tokens.IdToken,
      refreshToken: tokens.RefreshToken,
      expiresIn: 3600,
      tokenType: 'Bearer',
    });
    expect(cognitoMock.commandCalls(InitiateAuthCommand)[0]?.args[0].input).toEqual({
      ClientId: 'test-client-id',
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: 'jane@example.com', PASSWORD },
    });
  });

  it("records when the tokens' session signed in, taken before the call, for the recent sign-in rule", async () => {
    const before = Date.now();
    cognitoMock.on(InitiateAuthCommand).resolves({ AuthenticationResult: tokens });

    await invoke(handler, event);

    const { TableName, Item } = documentsMock.commandCalls(PutCommand)[0]?.args[0].input ?? {};
    expect(TableName).toBe(ACCOUNTS_TABLE);
    expect(Item).toEqual({ ...sessionKey(), signedInAt: expect.any(Number), expiresAt: expect.any(Number) });
    expect(Item?.signedInAt).toBeGreaterThanOrEqual(before);
    expect(documentsMock.commandCalls(PutCommand)[0]?.calledAfter(cognitoMock.commandCalls(InitiateAuthCommand)[0]!)).toBe(true);
  });

  it('answers 503 with retry-after, and no tokens, when the sign-in cannot be recorded', async () => {
    cognitoMock.on(InitiateAuthCommand).resolves({ AuthenticationResult: tokens });
    documentsMock.on(PutCommand).rejects(dynamodbError('InternalServerError', 'server'));

    const response = await invoke(handler, event);

    expectProblem(response, 503, 'ServiceUnavailable');
    expect(response.headers['retry-after']).toBe('2');
    expect(JSON.stringify(response.body)).not.toContain(tokens.AccessToken);
  });

  it('returns a challenge with its session and parameters', async () => {
    cognitoMock.on(InitiateAuthCommand).resolves({
      ChallengeName: 'NEW_PASSWORD_REQUIRED',
      Session: 'session-token',
      ChallengeParameters: { requiredAttributes: '[]' },
    });

    const response = await invoke(handler, event);

    expect(response.statusCode).toBe(200);
    expect(response.body).toEqual({
      challenge: 'NEW_PASSWORD_REQUIRED',
      session: 'session-token',
      parameters: { requiredAttributes: '[]' },
    });
    // No tokens, no session yet: the challenge's answer records it.
    expect(documentsMock.calls()).toHaveLength(0);
  });

  it('sends the SECRET_HASH of the email when the app client has a secret', async () => {
    cognitoMock.on(InitiateAuthCommand).resolves({ AuthenticationResult: tokens });

    await withClientSecret('client-secret-value', () => invoke(handler, event));

    expect(cognitoMock.commandCalls(InitiateAuthCommand)[0]?.args[0].input.AuthParameters).toEqual({
      USERNAME: 'jane@example.com',
      PASSWORD,
      SECRET_HASH: 'hedsqnEeY+TcBDVMLBJ2iDbf7R7lJ1ye9NmSmRMli4I=',
    });
  });

  it('normalises the email (trim, lower case) before calling Cognito', async () => {
    cognitoMock.on(InitiateAuthCommand).resolves({ AuthenticationResult: tokens });

    await invoke(handler, withBody(event, { email: '  Jane@Example.COM ', password: PASSWORD }));

    expect(cognitoMock.commandCalls(InitiateAuthCommand)[0]?.args[0].input.AuthParameters?.USERNAME).toBe('jane@example.com');
  });

  it.each([
    ['a wrong password', cognitoError('NotAuthorizedException', 'Incorrect username or password.')],
    ['an unknown email', cognitoError('UserNotFoundException')],
    // Cognito says so whatever the password: a distinct answer would reveal the account.
    ['an unconfirmed account', cognitoError('UserNotConfirmedException')],
  ])('answers 401 InvalidCredentials, the same way, for %s', async (_case, error) => {
    cognitoMock.on(InitiateAuthCommand).rejects(error);

    const response = await invoke(handler, event);

    expectProblem(response, 401, 'InvalidCredentials');
    expect(response.body?.detail).toBe('Incorrect email or password, or the account is not confirmed yet.');
  });

  it.each([
    ['PasswordResetRequiredException', 403, 'PasswordResetRequired'],
    ['TooManyRequestsException', 429, 'TooManyRequests'],
    ['LimitExceededException', 429, 'TooManyRequests'],
    ['InternalErrorException', 503, 'ServiceUnavailable'],
  ])('maps %s to %i %s', async (name, status, code) => {
    cognitoMock.on(InitiateAuthCommand).rejects(cognitoError(name));

    expectProblem(await invoke(handler, event), status, code);
  });

  it('answers 429 with retry-after when Cognito locks the account after failed attempts', async () => {
    cognitoMock.on(InitiateAuthCommand).rejects(cognitoError('NotAuthorizedException', 'Password attempts exceeded'));

    const response = await invoke(handler, event);

    expectProblem(response, 429, 'TooManyRequests');
    expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('answers 503 with retry-after when Cognito cannot be reached', async () => {
    cognitoMock.on(InitiateAuthCommand).rejects(networkError());

    const response = await invoke(handler, event);

    expectProblem(response, 503, 'ServiceUnavailable');
    expect(response.headers['retry-after']).toBeDefined();
  });

  it('answers 500 InternalError, without details, for an unexpected error', async () => {
    cognitoMock.on(InitiateAuthCommand).rejects(new TypeError('x is undefined'));

    const response = await invoke(handler, event);

    expectProblem(response, 500, 'InternalError');
    expect(JSON.stringify(response.body)).not.toContain('x is undefined');
  });

  it.each([
    ['malformed JSON', 400, 'MalformedJson', '{"email":'],
    ['an oversized body', 413, 'PayloadTooLarge', JSON.stringify({ email: 'jane@example.com', password: 'x'.repeat(20_000) })],
  ])('rejects %s with %i %s', async (_case, status, code, body) => {
    expectProblem(await invoke(handler, withBody(event, body)), status, code);
    expect(cognitoMock.calls()).toHaveLength(0);
  });

  it.each([
    ['missing fields', {}, ['email']], // without a password, a passwordless sign-in (contract v2)
    ['wrong types', { email: 42, password: true }, ['email', 'password']],
    ['an invalid email', { email: 'not-an-email', password: PASSWORD }, ['email']],
  ])('rejects %s with 400 ValidationError listing the fields', async (_case, body, paths) => {
    expectValidationError(await invoke(handler, withBody(event, body)), paths);
    expect(cognitoMock.calls()).toHaveLength(0);
  });

  it('ignores unknown fields', async () => {
    cognitoMock.on(InitiateAuthCommand).resolves({ AuthenticationResult: tokens });

    const response = await invoke(handler, withBody(event, { email: 'jane@example.com', password: PASSWORD, extra: 1 }));

    expect(response.statusCode).toBe(200);
  });

  it('never writes the password or tokens to the logs', async () => {
    cognitoMock.on(InitiateAuthCommand).resolvesOnce({ AuthenticationResult: tokens }).rejects(cognitoError('NotAuthorizedException'));

    await invoke(handler, event);
    await invoke(handler, event);
    await invoke(handler, withBody(event, { email: 'jane@example.com', password: 42 }));

    const written = logs.text();
    expect(written).toContain('request rejected');
    for (const secret of [PASSWORD, tokens.AccessToken, tokens.IdToken, tokens.RefreshToken]) expect(written).not.toContain(secret);
  });
});
