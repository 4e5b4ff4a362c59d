import { ConfirmSignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import { handler } from '../../../functions/confirm-sign-up/index.js';
import { cognitoError, cognitoMock, networkError, withClientSecret } from '../../fixtures/cognito.js';
import { invoke, loadEvent, withBody } from '../../fixtures/lambda.js';
import { captureLogs } from '../../fixtures/logs.js';
import { expectProblem, expectValidationError } from '../../fixtures/problem.js';

const event = loadEvent('confirm-sign-up');
const CODE = '123456';

describe('POST /auth/confirm-sign-up', () => {
  let logs: ReturnType<typeof captureLogs>;
  beforeEach(() => {
    cognitoMock.reset();
    logs = captureLogs();
  });
  afterEach(() => logs.restore());

  it('returns 200 {"confirmed":true} for a correct code', async () => {
    cognitoMock.on(ConfirmSignUpCommand).resolves({});

    const response = await invoke(handler, event);

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/json');
    expect(response.body).toEqual({ confirmed: true });
    expect(cognitoMock.commandCalls(ConfirmSignUpCommand)[0]?.args[0].input).toEqual({
      ClientId: 'test-client-id',
      Username: 'jane@example.com',
      ConfirmationCode: CODE,
    });
  });

  it('sends the SECRET_HASH of the email when the app client has a secret', async () => {
    cognitoMock.on(ConfirmSignUpCommand).resolves({});

    await withClientSecret('client-secret-value', () => invoke(handler, event));

    expect(cognitoMock.commandCalls(ConfirmSignUpCommand)[0]?.args[0].input).toEqual({
      ClientId: 'test-client-id',
      SecretHash: 'hedsqnEeY+TcBDVMLBJ2iDbf7R7lJ1ye9NmSmRMli4I=',
      Username: 'jane@example.com',
      ConfirmationCode: CODE,
    });
  });

  it('normalises the email and trims the code before calling Cognito', async () => {
    cognitoMock.on(ConfirmSignUpCommand).resolves({});

    await invoke(handler, withBody(event, { email: '  Jane@Example.COM ', code: ' 123456 ' }));

    expect(cognitoMock.commandCalls(ConfirmSignUpCommand)[0]?.args[0].input).toEqual({
      ClientId: 'test-client-id',
      Username: 'jane@example.com',
      ConfirmationCode: CODE,
    });
  });

  it('returns 401 CodeMismatch for a wrong code', async () => {
    cognitoMock.on(ConfirmSignUpCommand).rejects(cognitoError('CodeMismatchException'));

    expectProblem(await invoke(handler, event), 401, 'CodeMismatch');
  });

  it('returns 401 ExpiredCode for an expired code', async () => {
    cognitoMock.on(ConfirmSignUpCommand).rejects(cognitoError('ExpiredCodeException'));

    expectProblem(await invoke(handler, event), 401, 'ExpiredCode');
  });

  it('answers an unknown email exactly like a wrong code (401 CodeMismatch)', async () => {
    cognitoMock
      .on(ConfirmSignUpCommand)
      .rejectsOnce(cognitoError('CodeMismatchException'))
      .rejectsOnce(cognitoError('UserNotFoundException'));

    const wrongCode = await invoke(handler, event);
    const unknownUser = await invoke(handler, event);

    expectProblem(unknownUser, 401, 'CodeMismatch');
    expect(unknownUser).toEqual(wrongCode);
  });

  it('returns 409 AlreadyConfirmed when the account is already confirmed', async () => {
    cognitoMock
      .on(ConfirmSignUpCommand)
      .rejects(cognitoError('NotAuthorizedException', 'User cannot be confirmed. Current status is CONFIRMED'));

    const response = await invoke(handler, event);

    expectProblem(response, 409, 'AlreadyConfirmed');
    expect(JSON.stringify(response.body)).not.toContain('CONFIRMED');
  });

  it.each([
    ['TooManyFailedAttemptsException', 429, 'TooManyRequests', '30'],
    ['TooManyRequestsException', 429, 'TooManyRequests', '1'],
    ['LimitExceededException', 429, 'TooManyRequests', '30'],
    ['InternalErrorException', 503, 'ServiceUnavailable', '2'],
  ])('maps %s to %i %s with retry-after %s', async (name, status, code, retryAfter) => {
    cognitoMock.on(ConfirmSignUpCommand).rejects(cognitoError(name));

    const response = await invoke(handler, event);

    expectProblem(response, status, code);
    expect(response.headers['retry-after']).toBe(retryAfter);
  });

  it('answers 503 with retry-after when Cognito cannot be reached', async () => {
    cognitoMock.on(ConfirmSignUpCommand).rejects(networkError());

    const response = await invoke(handler, event);

    expectProblem(response, 503, 'ServiceUnavailable');
    expect(response.headers['retry-after']).toBe('2');
  });

  it('answers 500 InternalError, without details, for an unexpected error', async () => {
    cognitoMock.on(ConfirmSignUpCommand).rejects(new TypeError('x is undefined'));

    const response = await invoke(handler, event);

    expectProblem(response, 500, 'InternalError');
    expect(JSON.stringify(response.body)).not.toContain('x is undefined');
  });

  it.each([
    ['malformed JSON', 400, 'MalformedJson', '{"email":'],
    ['an oversized body', 413, 'PayloadTooLarge', JSON.stringify({ email: 'jane@example.com', code: CODE, padding: 'x'.repeat(17_000) })],
  ])('rejects %s with %i %s', async (_case, status, code, body) => {
    expectProblem(await invoke(handler, withBody(event, body)), status, code);
    expect(cognitoMock.calls()).toHaveLength(0);
  });

  it.each([
    ['missing fields', {}, ['email', 'code']],
    ['wrong types', { email: 42, code: 123456 }, ['email', 'code']],
    ['an invalid email', { email: 'not-an-email', code: CODE }, ['email']],
    ['a code with spaces', { email: 'jane@example.com', code: '123 456' }, ['code']],
    ['an empty code', { email: 'jane@example.com', code: '' }, ['code']],
  ])('rejects %s with 400 ValidationError listing the fields', async (_case, body, paths) => {
    expectValidationError(await invoke(handler, withBody(event, body)), paths);
    expect(cognitoMock.calls()).toHaveLength(0);
  });

  it('ignores unknown fields', async () => {
    cognitoMock.on(ConfirmSignUpCommand).resolves({});

    const response = await invoke(handler, withBody(event, { email: 'jane@example.com', code: CODE, extra: 1 }));

    expect(response.statusCode).toBe(200);
  });

  it('never writes the code to the logs', async () => {
    // Not CODE ('123456'): that string is part of the account id in the logged function ARN.
    const code = '918273';
    const withCode = withBody(event, { email: 'jane@example.com', code });
    cognitoMock.on(ConfirmSignUpCommand).resolvesOnce({}).rejectsOnce(cognitoError('CodeMismatchException')).rejects(networkError());

    await invoke(handler, withCode);
    await invoke(handler, withCode);
    await invoke(handler, withCode);
    await invoke(handler, withBody(event, { email: 'not-an-email', code }));

    const written = logs.text();
    expect(written).toContain('request rejected');
    expect(written).toContain('request failed');
    expect(written).not.toContain(code);
  });
});
