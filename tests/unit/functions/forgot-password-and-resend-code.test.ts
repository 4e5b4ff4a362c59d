// forgot-password and resend-code behave alike by design: both ask Cognito to email a code, and both
// answer 202 the same way whoever the email belongs to (no user enumeration). One suite covers both.
import { ForgotPasswordCommand, ResendConfirmationCodeCommand } from '@aws-sdk/client-cognito-identity-provider';
import { handler as forgotPassword } from '../../../functions/forgot-password/index.js';
import { handler as resendCode } from '../../../functions/resend-code/index.js';
import { cognitoError, cognitoMock, networkError, withClientSecret } from '../../fixtures/cognito.js';
import { invoke, loadEvent, withBody } from '../../fixtures/lambda.js';
import { captureLogs } from '../../fixtures/logs.js';
import { expectProblem, expectValidationError } from '../../fixtures/problem.js';

const delivered = { CodeDeliveryDetails: { Destination: 'j***@e***', DeliveryMedium: 'EMAIL' as const, AttributeName: 'email' } };

describe.each([
  {
    route: 'forgot-password',
    handler: forgotPassword,
    Command: ForgotPasswordCommand,
    noCode: [
      ['an unknown email', 'UserNotFoundException'],
      ['an account without a verified email', 'InvalidParameterException'],
      ['an admin-created account without a first password', 'NotAuthorizedException'],
    ] as [string, string][],
  },
  {
    route: 'resend-code',
    handler: resendCode,
    Command: ResendConfirmationCodeCommand,
    noCode: [
      ['an unknown email', 'UserNotFoundException'],
      ['an already-confirmed account', 'InvalidParameterException'],
    ] as [string, string][],
  },
])('POST /auth/$route', ({ route, handler, Command, noCode }) => {
  const event = loadEvent(route);
  let logs: ReturnType<typeof captureLogs>;
  beforeEach(() => {
    cognitoMock.reset();
    logs = captureLogs();
  });
  afterEach(() => logs.restore());

  it('returns 202 with the code delivery Cognito reports', async () => {
    cognitoMock.on(Command).resolves(delivered);

    const response = await invoke(handler, event);

    expect(response.statusCode).toBe(202);
    expect(response.headers['content-type']).toBe('application/json');
    expect(response.body).toEqual({ codeDelivery: { destination: 'j***@e***', medium: 'EMAIL' } });
    expect(cognitoMock.commandCalls(Command)[0]?.args[0].input).toEqual({
      ClientId: 'test-client-id',
      Username: 'jane@example.com',
    });
  });

  it('derives the code delivery from the email when Cognito returns no details', async () => {
    cognitoMock.on(Command).resolves({});

    const response = await invoke(handler, withBody(event, { email: 'bob@mail.example.com' }));

    expect(response.statusCode).toBe(202);
    expect(response.body).toEqual({ codeDelivery: { destination: 'b***@m***', medium: 'EMAIL' } });
  });

  it('sends the SECRET_HASH of the email when the app client has a secret', async () => {
    cognitoMock.on(Command).resolves(delivered);

    await withClientSecret('client-secret-value', () => invoke(handler, event));

    expect(cognitoMock.commandCalls(Command)[0]?.args[0].input).toEqual({
      ClientId: 'test-client-id',
      SecretHash: 'hedsqnEeY+TcBDVMLBJ2iDbf7R7lJ1ye9NmSmRMli4I=',
      Username: 'jane@example.com',
    });
  });

  it('normalises the email (trim, lower case) before calling Cognito', async () => {
    cognitoMock.on(Command).resolves(delivered);

    await invoke(handler, withBody(event, { email: '  Jane@Example.COM ' }));

    expect(cognitoMock.commandCalls(Command)[0]?.args[0].input.Username).toBe('jane@example.com');
  });

  it.each(noCode)('answers 202 with a code delivery derived from the email for %s (%s)', async (_case, name) => {
    cognitoMock.on(Command).rejects(cognitoError(name));

    const response = await invoke(handler, event);

    expect(response.statusCode).toBe(202);
    expect(response.headers['content-type']).toBe('application/json');
    expect(response.body).toEqual({ codeDelivery: { destination: 'j***@e***', medium: 'EMAIL' } });
  });

  it.each(noCode.map(([, name]) => name))('answers %s exactly like a known user (no user enumeration)', async (name) => {
    cognitoMock.on(Command).resolvesOnce(delivered).rejectsOnce(cognitoError(name));

    const known = await invoke(handler, event);
    const unknown = await invoke(handler, event);

    expect(known.statusCode).toBe(202);
    expect(unknown).toEqual(known);
    expect(Object.keys(unknown.body ?? {})).toEqual(['codeDelivery']);
    expect(Object.keys(unknown.body?.codeDelivery as object)).toEqual(Object.keys(known.body?.codeDelivery as object));
  });

  it.each([
    ['TooManyRequestsException', 429, 'TooManyRequests', '1'],
    ['LimitExceededException', 429, 'TooManyRequests', '30'],
    ['CodeDeliveryFailureException', 503, 'ServiceUnavailable', '2'],
    ['InternalErrorException', 503, 'ServiceUnavailable', '2'],
  ])('maps %s to %i %s with retry-after %s', async (name, status, code, retryAfter) => {
    cognitoMock.on(Command).rejects(cognitoError(name));

    const response = await invoke(handler, event);

    expectProblem(response, status, code);
    expect(response.headers['retry-after']).toBe(retryAfter);
  });

  it('answers 503 with retry-after when Cognito cannot be reached', async () => {
    cognitoMock.on(Command).rejects(networkError());

    const response = await invoke(handler, event);

    expectProblem(response, 503, 'ServiceUnavailable');
    expect(response.headers['retry-after']).toBe('2');
  });

  it('answers 500 InternalError, without details, for an unexpected error', async () => {
    cognitoMock.on(Command).rejects(new TypeError('x is undefined'));

    const response = await invoke(handler, event);

    expectProblem(response, 500, 'InternalError');
    expect(JSON.stringify(response.body)).not.toContain('x is undefined');
  });

  it.each([
    ['malformed JSON', 400, 'MalformedJson', '{"email":'],
    ['an oversized body', 413, 'PayloadTooLarge', JSON.stringify({ email: 'jane@example.com', padding: 'x'.repeat(17_000) })],
  ])('rejects %s with %i %s', async (_case, status, code, body) => {
    expectProblem(await invoke(handler, withBody(event, body)), status, code);
    expect(cognitoMock.calls()).toHaveLength(0);
  });

  it.each([
    ['a missing email', {}, ['email']],
    ['a wrong type', { email: 42 }, ['email']],
    ['an invalid email', { email: 'not-an-email' }, ['email']],
  ])('rejects %s with 400 ValidationError listing the fields', async (_case, body, paths) => {
    expectValidationError(await invoke(handler, withBody(event, body)), paths);
    expect(cognitoMock.calls()).toHaveLength(0);
  });

  it('ignores unknown fields', async () => {
    cognitoMock.on(Command).resolves(delivered);

    const response = await invoke(handler, withBody(event, { email: 'jane@example.com', extra: 1 }));

    expect(response.statusCode).toBe(202);
  });

  it('never writes the request body or the client secret to the logs', async () => {
    cognitoMock
      .on(Command)
      .resolvesOnce(delivered)
      .rejectsOnce(cognitoError('UserNotFoundException'))
      .rejectsOnce(cognitoError('LimitExceededException'))
      .rejects(networkError());

    await withClientSecret('client-secret-value', async () => {
      await invoke(handler, event);
      await invoke(handler, event);
      await invoke(handler, event);
      await invoke(handler, event);
    });

    const written = logs.text();
    expect(written).toContain('request rejected');
    expect(written).toContain('request failed');
    for (const secret of ['jane@example.com', 'client-secret-value', 'hedsqnEeY+TcBDVMLBJ2iDbf7R7lJ1ye9NmSmRMli4I='])
      expect(written).not.toContain(secret);
  });
});
