import { SignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import { handler } from '../../../functions/sign-up/index.js';
import { cognitoError, cognitoMock, networkError, withClientSecret } from '../../fixtures/cognito.js';
import { invoke, loadEvent, withBody } from '../../fixtures/lambda.js';
import { captureLogs } from '../../fixtures/logs.js';
import { expectProblem, expectValidationError } from '../../fixtures/problem.js';

const event = loadEvent('sign-up');
const PASSWORD = 'Correct-Horse-9-Battery';
const USER_SUB = 'f81d4fae-7dec-11d0-a765-00a0c91e6bf6';
const signedUp = {
  UserSub: USER_SUB,
  UserConfirmed: false,
  CodeDeliveryDetails: { Destination: 'j***@e***', DeliveryMedium: 'EMAIL' as const, AttributeName: 'email' },
};

describe('POST /auth/sign-up', () => {
  let logs: ReturnType<typeof captureLogs>;
  beforeEach(() => {
    cognitoMock.reset();
    logs = captureLogs();
  });
  afterEach(() => logs.restore());

  it('returns 201 with the user sub, confirmation state and code delivery', async () => {
    cognitoMock.on(SignUpCommand).resolves(signedUp);

    const response = await invoke(handler, event);

    expect(response.statusCode).toBe(201);
    expect(response.headers['content-type']).toBe('application/json');
    expect(response.body).toEqual({ userSub: USER_SUB, userConfirmed: false, codeDelivery: { destination: 'j***@e***', medium: 'EMAIL' } });
    expect(cognitoMock.commandCalls(SignUpCommand)[0]?.args[0].input).toEqual({
      ClientId: 'test-client-id',
      Username: 'jane@example.com',
      Password: PASSWORD,
      UserAttributes: [
        { Name: 'email', Value: 'jane@example.com' },
        { Name: 'name', Value: 'Jane Doe' },
      ],
    });
  });

  it('sends only the email attribute when no name is given', async () => {
    cognitoMock.on(SignUpCommand).resolves(signedUp);

    await invoke(handler, withBody(event, { email: 'jane@example.com', password: PASSWORD }));

    expect(cognitoMock.commandCalls(SignUpCommand)[0]?.args[0].input.UserAttributes).toEqual([
      { Name: 'email', Value: 'jane@example.com' },
    ]);
  });

  it('reports userConfirmed true when Cognito auto-confirms the user', async () => {
    cognitoMock.on(SignUpCommand).resolves({ ...signedUp, UserConfirmed: true });

    const response = await invoke(handler, event);

    expect(response.body?.userConfirmed).toBe(true);
  });

  it('derives the code delivery from the email when Cognito returns no details', async () => {
    cognitoMock.on(SignUpCommand).resolves({ UserSub: USER_SUB, UserConfirmed: false });

    const response = await invoke(handler, event);

    expect(response.statusCode).toBe(201);
    expect(response.body).toEqual({ userSub: USER_SUB, userConfirmed: false, codeDelivery: { destination: 'j***@e***', medium: 'EMAIL' } });
  });

  it('sends the SECRET_HASH of the email when the app client has a secret', async () => {
    cognitoMock.on(SignUpCommand).resolves(signedUp);

    await withClientSecret('client-secret-value', () => invoke(handler, event));

    expect(cognitoMock.commandCalls(SignUpCommand)[0]?.args[0].input).toEqual(
      expect.objectContaining({ ClientId: 'test-client-id', SecretHash: 'hedsqnEeY+TcBDVMLBJ2iDbf7R7lJ1ye9NmSmRMli4I=' }),
    );
  });

  it('normalises the email (trim, lower case) and computes the SECRET_HASH over the normalised email', async () => {
    cognitoMock.on(SignUpCommand).resolves(signedUp);

    await withClientSecret('client-secret-value', () =>
      invoke(handler, withBody(event, { email: '  Jane.Doe@Example.ORG ', password: PASSWORD, name: '  Jane Doe  ' })),
    );

    expect(cognitoMock.commandCalls(SignUpCommand)[0]?.args[0].input).toEqual({
      ClientId: 'test-client-id',
      SecretHash: 'ZQz7I12ewDy366F8geNp2/JpWaFgjGB3EsUXIniFlpA=',
      Username: 'jane.doe@example.org',
      Password: PASSWORD,
      UserAttributes: [
        { Name: 'email', Value: 'jane.doe@example.org' },
        { Name: 'name', Value: 'Jane Doe' },
      ],
    });
  });

  it.each([
    ['AliasExistsException', 409, 'EmailTaken'],
    ['InvalidParameterException', 400, 'ValidationError'],
  ])('maps %s to %i %s', async (name, status, code) => {
    cognitoMock.on(SignUpCommand).rejects(cognitoError(name));

    expectProblem(await invoke(handler, event), status, code);
  });

  it('returns 409 EmailTaken when the email is registered', async () => {
    cognitoMock.on(SignUpCommand).rejects(cognitoError('UsernameExistsException', 'An account with the given email already exists.'));

    const response = await invoke(handler, event);

    expectProblem(response, 409, 'EmailTaken');
    expect(response.body?.detail).toBe('An account with this email already exists.');
  });

  it('returns 400 InvalidPassword naming the password field when the password breaks the policy', async () => {
    cognitoMock
      .on(SignUpCommand)
      .rejects(cognitoError('InvalidPasswordException', 'Password did not conform with policy: Password must have symbol characters'));

    const response = await invoke(handler, event);

    expectProblem(response, 400, 'InvalidPassword');
    expect(response.body?.errors).toEqual([{ path: 'password', message: expect.any(String) }]);
    expect(JSON.stringify(response.body)).not.toContain('symbol characters');
  });

  it.each([
    ['TooManyRequestsException', 429, 'TooManyRequests', '1'],
    ['LimitExceededException', 429, 'TooManyRequests', '30'],
    ['InternalErrorException', 503, 'ServiceUnavailable', '2'],
    ['CodeDeliveryFailureException', 503, 'ServiceUnavailable', '2'],
  ])('maps %s to %i %s with retry-after %s', async (name, status, code, retryAfter) => {
    cognitoMock.on(SignUpCommand).rejects(cognitoError(name));

    const response = await invoke(handler, event);

    expectProblem(response, status, code);
    expect(response.headers['retry-after']).toBe(retryAfter);
  });

  it('answers 503 with retry-after when Cognito cannot be reached', async () => {
    cognitoMock.on(SignUpCommand).rejects(networkError());

    const response = await invoke(handler, event);

    expectProblem(response, 503, 'ServiceUnavailable');
    expect(response.headers['retry-after']).toBe('2');
  });

  it('answers 500 InternalError, without details, for an unexpected error', async () => {
    cognitoMock.on(SignUpCommand).rejects(new TypeError('x is undefined'));

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
      JSON.stringify({ email: 'jane@example.com', password: PASSWORD, name: 'x'.repeat(17_000) }),
    ],
  ])('rejects %s with %i %s', async (_case, status, code, body) => {
    expectProblem(await invoke(handler, withBody(event, body)), status, code);
    expect(cognitoMock.calls()).toHaveLength(0);
  });

  it.each([
    ['missing fields', {}, ['email']],
    ['wrong types', { email: 42, password: true, name: 7 }, ['email', 'password', 'name']],
    ['an invalid email', { email: 'not-an-email', password: PASSWORD }, ['email']],
    ['an empty password and a blank name', { email: 'jane@example.com', password: '', name: '   ' }, ['password', 'name']],
  ])('rejects %s with 400 ValidationError listing the fields', async (_case, body, paths) => {
    expectValidationError(await invoke(handler, withBody(event, body)), paths);
    expect(cognitoMock.calls()).toHaveLength(0);
  });

  it('registers without a password when none is given (a passwordless first factor)', async () => {
    cognitoMock.on(SignUpCommand).resolves(signedUp);

    const response = await invoke(handler, withBody(event, { email: 'jane@example.com' }));

    expect(response.statusCode).toBe(201);
    const input = cognitoMock.commandCalls(SignUpCommand)[0]?.args[0].input;
    expect(input).toMatchObject({ Username: 'jane@example.com' });
    expect(input).not.toHaveProperty('Password');
  });

  it('ignores unknown fields', async () => {
    cognitoMock.on(SignUpCommand).resolves(signedUp);

    const response = await invoke(handler, withBody(event, { email: 'jane@example.com', password: PASSWORD, role: 'admin' }));

    expect(response.statusCode).toBe(201);
    expect(cognitoMock.commandCalls(SignUpCommand)[0]?.args[0].input.UserAttributes).toEqual([
      { Name: 'email', Value: 'jane@example.com' },
    ]);
  });

  it('never writes the password to the logs', async () => {
    cognitoMock
      .on(SignUpCommand)
      .resolvesOnce(signedUp)
      .resolvesOnce(signedUp)
      .rejectsOnce(cognitoError('UsernameExistsException'))
      .rejects(networkError());

    await withClientSecret('client-secret-value', () => invoke(handler, event));
    await invoke(handler, event);
    await invoke(handler, event);
    await invoke(handler, event);
    await invoke(handler, withBody(event, { email: 'not-an-email', password: PASSWORD }));

    const written = logs.text();
    expect(written).toContain('request rejected');
    expect(written).toContain('request failed');
    for (const secret of [PASSWORD, 'client-secret-value', 'hedsqnEeY+TcBDVMLBJ2iDbf7R7lJ1ye9NmSmRMli4I='])
      expect(written).not.toContain(secret);
  });
});
