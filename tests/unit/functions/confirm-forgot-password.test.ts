import {
  AdminGetUserCommand,
  AdminUserGlobalSignOutCommand,
  ConfirmForgotPasswordCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { handler } from '../../../functions/confirm-forgot-password/index.js';
import { cognitoError, cognitoMock, getUserAnswer, networkError, withClientSecret } from '../../fixtures/cognito.js';
import { documentsMock, dynamodbError } from '../../fixtures/dynamodb.js';
import { accountKey, ACCOUNTS_TABLE } from '../../fixtures/sessions.js';
import { invoke, loadEvent, withBody } from '../../fixtures/lambda.js';
import { captureLogs } from '../../fixtures/logs.js';
import { expectProblem, expectValidationError } from '../../fixtures/problem.js';

const event = loadEvent('confirm-forgot-password');
const CODE = '123456';
const NEW_PASSWORD = 'Another-Horse-7-Battery';

describe('POST /auth/confirm-forgot-password', () => {
  let logs: ReturnType<typeof captureLogs>;
  beforeEach(() => {
    cognitoMock.reset();
    cognitoMock.on(AdminGetUserCommand).resolves(getUserAnswer);
    cognitoMock.on(AdminUserGlobalSignOutCommand).resolves({});
    documentsMock.reset();
    documentsMock.on(UpdateCommand).resolves({});
    logs = captureLogs();
  });
  afterEach(() => logs.restore());

  it('returns 200 {"passwordReset":true} for a correct code and a valid new password', async () => {
    cognitoMock.on(ConfirmForgotPasswordCommand).resolves({});

    const response = await invoke(handler, event);

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/json');
    expect(response.body).toEqual({ passwordReset: true });
    expect(cognitoMock.commandCalls(ConfirmForgotPasswordCommand)[0]?.args[0].input).toEqual({
      ClientId: 'test-client-id',
      Username: 'jane@example.com',
      ConfirmationCode: CODE,
      Password: NEW_PASSWORD,
    });
  });

  it("then ends every session of the account: Cognito's global sign-out, and last the API's record keyed by the user's sub", async () => {
    cognitoMock.on(ConfirmForgotPasswordCommand).resolves({});

    expect((await invoke(handler, event)).statusCode).toBe(200);

    const byAdmin = { UserPoolId: 'us-east-1_TEST', Username: 'jane@example.com' };
    expect(cognitoMock.commandCalls(AdminUserGlobalSignOutCommand).map((call) => call.args[0].input)).toEqual([byAdmin]);
    expect(cognitoMock.commandCalls(AdminGetUserCommand).map((call) => call.args[0].input)).toEqual([byAdmin]);
    const [ending] = documentsMock.commandCalls(UpdateCommand);
    expect(ending?.args[0].input).toMatchObject({
      TableName: ACCOUNTS_TABLE,
      Key: accountKey(),
      UpdateExpression: 'SET sessionsEndedAt = :now',
    });
    expect(ending?.calledAfter(cognitoMock.commandCalls(AdminUserGlobalSignOutCommand)[0]!)).toBe(true);
    expect(
      cognitoMock.commandCalls(AdminUserGlobalSignOutCommand)[0]?.calledAfter(cognitoMock.commandCalls(ConfirmForgotPasswordCommand)[0]!),
    ).toBe(true);
  });

  it('ends nothing when the code is refused', async () => {
    cognitoMock.on(ConfirmForgotPasswordCommand).rejects(cognitoError('CodeMismatchException'));

    expectProblem(await invoke(handler, event), 401, 'CodeMismatch');
    expect(cognitoMock.commandCalls(AdminUserGlobalSignOutCommand)).toHaveLength(0);
    expect(documentsMock.calls()).toHaveLength(0);
  });

  it('answers 200 with nothing left to end when the user was deleted right after the reset', async () => {
    cognitoMock.on(ConfirmForgotPasswordCommand).resolves({});
    cognitoMock.on(AdminGetUserCommand).rejects(cognitoError('UserNotFoundException'));
    cognitoMock.on(AdminUserGlobalSignOutCommand).rejects(cognitoError('UserNotFoundException'));

    expect((await invoke(handler, event)).statusCode).toBe(200);
    expect(documentsMock.calls()).toHaveLength(0);
  });

  it.each([
    [
      'the global sign-out is throttled',
      () => cognitoMock.on(AdminUserGlobalSignOutCommand).rejects(cognitoError('TooManyRequestsException')),
      429,
    ],
    ['the user cannot be read', () => cognitoMock.on(AdminGetUserCommand).rejects(cognitoError('InternalErrorException')), 503],
    ['the ending cannot be recorded', () => documentsMock.on(UpdateCommand).rejects(dynamodbError('InternalServerError', 'server')), 503],
  ])('answers %s with %i and retry-after', async (_case, fail, status) => {
    cognitoMock.on(ConfirmForgotPasswordCommand).resolves({});
    fail();

    const response = await invoke(handler, event);

    expect(response.statusCode).toBe(status);
    expect(response.headers['retry-after']).toEqual(expect.any(String));
  });

  it('sends the SECRET_HASH of the email when the app client has a secret', async () => {
    cognitoMock.on(ConfirmForgotPasswordCommand).resolves({});

    await withClientSecret('client-secret-value', () => invoke(handler, event));

    expect(cognitoMock.commandCalls(ConfirmForgotPasswordCommand)[0]?.args[0].input).toEqual({
      ClientId: 'test-client-id',
      SecretHash: 'hedsqnEeY+TcBDVMLBJ2iDbf7R7lJ1ye9NmSmRMli4I=',
      Username: 'jane@example.com',
      ConfirmationCode: CODE,
      Password: NEW_PASSWORD,
    });
  });

  it('normalises the email and trims the code before calling Cognito', async () => {
    cognitoMock.on(ConfirmForgotPasswordCommand).resolves({});

    await invoke(handler, withBody(event, { email: '  Jane@Example.COM ', code: ' 123456 ', newPassword: NEW_PASSWORD }));

    expect(cognitoMock.commandCalls(ConfirmForgotPasswordCommand)[0]?.args[0].input).toEqual(
      expect.objectContaining({ Username: 'jane@example.com', ConfirmationCode: CODE }),
    );
  });

  it('returns 401 CodeMismatch for a wrong code', async () => {
    cognitoMock.on(ConfirmForgotPasswordCommand).rejects(cognitoError('CodeMismatchException'));

    expectProblem(await invoke(handler, event), 401, 'CodeMismatch');
  });

  it('returns 401 ExpiredCode for an expired code', async () => {
    cognitoMock.on(ConfirmForgotPasswordCommand).rejects(cognitoError('ExpiredCodeException'));

    expectProblem(await invoke(handler, event), 401, 'ExpiredCode');
  });

  it('answers an unknown email exactly like a wrong code (401 CodeMismatch)', async () => {
    cognitoMock
      .on(ConfirmForgotPasswordCommand)
      .rejectsOnce(cognitoError('CodeMismatchException'))
      .rejectsOnce(cognitoError('UserNotFoundException'));

    const wrongCode = await invoke(handler, event);
    const unknownUser = await invoke(handler, event);

    expectProblem(unknownUser, 401, 'CodeMismatch');
    expect(unknownUser).toEqual(wrongCode);
  });

  it('returns 400 InvalidPassword naming the newPassword field when the new password breaks the policy', async () => {
    cognitoMock
      .on(ConfirmForgotPasswordCommand)
      .rejects(cognitoError('InvalidPasswordException', 'Password did not conform with policy: Password not long enough'));

    const response = await invoke(handler, event);

    expectProblem(response, 400, 'InvalidPassword');
    expect(response.body?.errors).toEqual([{ path: 'newPassword', message: expect.any(String) }]);
    expect(JSON.stringify(response.body)).not.toContain('not long enough');
  });

  it('returns 400 PasswordReused when the new password was used recently', async () => {
    cognitoMock.on(ConfirmForgotPasswordCommand).rejects(cognitoError('PasswordHistoryPolicyViolationException'));

    expectProblem(await invoke(handler, event), 400, 'PasswordReused');
  });

  it.each([
    ['TooManyFailedAttemptsException', 429, 'TooManyRequests', '30'],
    ['TooManyRequestsException', 429, 'TooManyRequests', '1'],
    ['LimitExceededException', 429, 'TooManyRequests', '30'],
    ['InternalErrorException', 503, 'ServiceUnavailable', '2'],
  ])('maps %s to %i %s with retry-after %s', async (name, status, code, retryAfter) => {
    cognitoMock.on(ConfirmForgotPasswordCommand).rejects(cognitoError(name));

    const response = await invoke(handler, event);

    expectProblem(response, status, code);
    expect(response.headers['retry-after']).toBe(retryAfter);
  });

  it('answers 503 with retry-after when Cognito cannot be reached', async () => {
    cognitoMock.on(ConfirmForgotPasswordCommand).rejects(networkError());

    const response = await invoke(handler, event);

    expectProblem(response, 503, 'ServiceUnavailable');
    expect(response.headers['retry-after']).toBe('2');
  });

  it('answers 500 InternalError, without details, for an unexpected error', async () => {
    cognitoMock.on(ConfirmForgotPasswordCommand).rejects(new TypeError('x is undefined'));

    const response = await invoke(handler, event);

    expectProblem(response, 500, 'InternalError');
    expect(JSON.stringify(response.body)).not.toContain('x is undefined');
  });

  it.each([
    ['malformed JSON', 400, 'MalformedJson', '{"email":'],
    [
      'an oversized body',
      413,
      'PayloadTooLarge',
      JSON.stringify({ email: 'jane@example.com', code: CODE, newPassword: NEW_PASSWORD, padding: 'x'.repeat(17_000) }),
    ],
  ])('rejects %s with %i %s', async (_case, status, code, body) => {
    expectProblem(await invoke(handler, withBody(event, body)), status, code);
    expect(cognitoMock.calls()).toHaveLength(0);
  });

  it.each([
    ['missing fields', {}, ['email', 'code', 'newPassword']],
    ['wrong types', { email: 42, code: 123456, newPassword: true }, ['email', 'code', 'newPassword']],
    ['an invalid email', { email: 'not-an-email', code: CODE, newPassword: NEW_PASSWORD }, ['email']],
    ['a code with spaces', { email: 'jane@example.com', code: '123 456', newPassword: NEW_PASSWORD }, ['code']],
    ['an empty new password', { email: 'jane@example.com', code: CODE, newPassword: '' }, ['newPassword']],
    ['a new password over 256 characters', { email: 'jane@example.com', code: CODE, newPassword: 'x'.repeat(257) }, ['newPassword']],
  ])('rejects %s with 400 ValidationError listing the fields', async (_case, body, paths) => {
    expectValidationError(await invoke(handler, withBody(event, body)), paths);
    expect(cognitoMock.calls()).toHaveLength(0);
  });

  it('ignores unknown fields', async () => {
    cognitoMock.on(ConfirmForgotPasswordCommand).resolves({});

    const response = await invoke(handler, withBody(event, { email: 'jane@example.com', code: CODE, newPassword: NEW_PASSWORD, extra: 1 }));

    expect(response.statusCode).toBe(200);
  });

  it('never writes the code or the new password to the logs', async () => {
    // Not CODE ('123456'): that string is part of the account id in the logged function ARN.
    const code = '918273';
    const withSecrets = withBody(event, { email: 'jane@example.com', code, newPassword: NEW_PASSWORD });
    cognitoMock
      .on(ConfirmForgotPasswordCommand)
      .resolvesOnce({})
      .rejectsOnce(cognitoError('CodeMismatchException'))
      .rejectsOnce(cognitoError('InvalidPasswordException'))
      .rejects(networkError());

    await invoke(handler, withSecrets);
    await invoke(handler, withSecrets);
    await invoke(handler, withSecrets);
    await invoke(handler, withSecrets);
    await invoke(handler, withBody(event, { email: 'not-an-email', code, newPassword: NEW_PASSWORD }));

    const written = logs.text();
    expect(written).toContain('request rejected');
    expect(written).toContain('request failed');
    for (const secret of [code, NEW_PASSWORD]) expect(written).not.toContain(secret);
  });
});
