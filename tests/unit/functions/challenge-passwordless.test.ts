// POST /auth/challenge's passwordless answers: SELECT_CHALLENGE, EMAIL_OTP and WEB_AUTHN (contract v2).
import { InitiateAuthCommand, RespondToAuthChallengeCommand } from '@aws-sdk/client-cognito-identity-provider';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { handler } from '../../../functions/challenge/index.js';
import { cognitoError, cognitoMock, tokens } from '../../fixtures/cognito.js';
import { documentsMock, dynamodbError } from '../../fixtures/dynamodb.js';
import { invoke, loadEvent, withBody } from '../../fixtures/lambda.js';
import { captureLogs } from '../../fixtures/logs.js';
import { expectProblem, expectValidationError } from '../../fixtures/problem.js';

const event = loadEvent('challenge-email-code');
const EMAIL = 'jane@example.com';
const SESSION = 'AYABeC1-example-challenge-session';
const choose = (answer: string, extra: Record<string, string> = {}) =>
  withBody(event, { email: EMAIL, challenge: 'SELECT_CHALLENGE', session: SESSION, answer, ...extra });
const passkey = {
  id: 'AQID',
  rawId: 'AQID',
  type: 'public-key',
  response: { clientDataJSON: 'e30', authenticatorData: 'AA', signature: 'AA' },
};

describe('POST /auth/challenge, passwordless answers', () => {
  let logs: ReturnType<typeof captureLogs>;
  beforeEach(() => {
    cognitoMock.reset();
    documentsMock.reset();
    documentsMock.on(PutCommand).resolves({});
    documentsMock.on(UpdateCommand).resolves({});
    logs = captureLogs();
  });
  afterEach(() => logs.restore());

  it('signs in with the emailed code and records the session', async () => {
    cognitoMock.on(RespondToAuthChallengeCommand).resolves({ AuthenticationResult: tokens });

    const response = await invoke(handler, event);

    expect(response.statusCode).toBe(200);
    expect(response.body).toMatchObject({ accessToken: tokens.AccessToken, tokenType: 'Bearer' });
    expect(cognitoMock.commandCalls(RespondToAuthChallengeCommand)[0]?.args[0].input).toEqual({
      ClientId: 'test-client-id',
      ChallengeName: 'EMAIL_OTP',
      Session: SESSION,
      ChallengeResponses: { USERNAME: EMAIL, EMAIL_OTP_CODE: '12345678' },
    });
    expect(documentsMock.commandCalls(PutCommand)).toHaveLength(1);
    expect(logs.text()).not.toContain('12345678');
  });

  it.each([
    'CodeMismatchException',
    'ExpiredCodeException',
    'NotAuthorizedException',
    'InvalidParameterException',
    'UserNotFoundException',
    'UserNotConfirmedException',
    'PasswordResetRequiredException',
    'MFAMethodNotFoundException',
    'TooManyFailedAttemptsException',
  ])('answers one 401 InvalidCredentials to a code Cognito refuses (%s), whatever the account', async (name) => {
    cognitoMock.on(RespondToAuthChallengeCommand).rejects(cognitoError(name));
    expectProblem(await invoke(handler, event), 401, 'InvalidCredentials');
  });

  it('signs in with a passkey, sending the credential as JSON', async () => {
    cognitoMock.on(RespondToAuthChallengeCommand).resolves({ AuthenticationResult: tokens });

    const response = await invoke(
      handler,
      withBody(event, { email: EMAIL, challenge: 'WEB_AUTHN', session: SESSION, credential: passkey }),
    );

    expect(response.statusCode).toBe(200);
    expect(cognitoMock.commandCalls(RespondToAuthChallengeCommand)[0]?.args[0].input.ChallengeResponses).toEqual({
      USERNAME: EMAIL,
      CREDENTIAL: JSON.stringify(passkey),
    });
  });

  it('answers the same 401 to a passkey Cognito refuses as to a wrong code', async () => {
    cognitoMock.on(RespondToAuthChallengeCommand).rejects(cognitoError('NotAuthorizedException', 'Incorrect username or passkey.'));
    const body = { email: EMAIL, challenge: 'WEB_AUTHN', session: SESSION, credential: passkey };
    expectProblem(await invoke(handler, withBody(event, body)), 401, 'InvalidCredentials');
  });

  it('chooses PASSWORD with the password in the same call', async () => {
    cognitoMock.on(RespondToAuthChallengeCommand).resolves({ AuthenticationResult: tokens });

    const response = await invoke(handler, choose('PASSWORD', { password: 'Correct-Horse-9-Battery' }));

    expect(response.statusCode).toBe(200);
    expect(cognitoMock.commandCalls(RespondToAuthChallengeCommand)[0]?.args[0].input).toMatchObject({
      ChallengeName: 'SELECT_CHALLENGE',
      ChallengeResponses: { USERNAME: EMAIL, ANSWER: 'PASSWORD', PASSWORD: 'Correct-Horse-9-Battery' },
    });
  });

  it.each([
    ['a wrong password', cognitoError('NotAuthorizedException', 'Incorrect username or password.'), 401, 'InvalidCredentials'],
    ['an account without a password', cognitoError('InvalidParameterException'), 401, 'InvalidCredentials'],
    ['the lockout', cognitoError('NotAuthorizedException', 'Password attempts exceeded'), 429, 'TooManyRequests'],
  ])('answers %s with %i %s', async (_case, error, status, code) => {
    cognitoMock.on(RespondToAuthChallengeCommand).rejects(error);
    expectProblem(await invoke(handler, choose('PASSWORD', { password: 'Correct-Horse-9-Battery' })), status, code);
  });

  it('requires the password with PASSWORD', async () => {
    expectValidationError(await invoke(handler, choose('PASSWORD')), ['password']);
    expect(cognitoMock.calls()).toHaveLength(0);
  });

  it('chooses EMAIL_OTP: counts the code, then answers the EMAIL_OTP challenge with the masked address', async () => {
    cognitoMock.on(RespondToAuthChallengeCommand).resolves({ ChallengeName: 'EMAIL_OTP', Session: 'otp-session', ChallengeParameters: {} });

    const response = await invoke(handler, choose('EMAIL_OTP'));

    expect(response.body).toEqual({
      challenge: 'EMAIL_OTP',
      session: 'otp-session',
      parameters: { codeDelivery: { destination: 'j***@e***', medium: 'EMAIL' } },
    });
    expect(documentsMock.commandCalls(UpdateCommand)[0]?.calledBefore(cognitoMock.commandCalls(RespondToAuthChallengeCommand)[0]!)).toBe(
      true,
    );
  });

  it.each(['InvalidParameterException', 'NotAuthorizedException', 'UserNotFoundException'])(
    'answers the same EMAIL_OTP body on a fresh SELECT_CHALLENGE session when Cognito refuses the choice (%s)',
    async (name) => {
      cognitoMock.on(RespondToAuthChallengeCommand).rejects(cognitoError(name));
      cognitoMock.on(InitiateAuthCommand).resolves({ ChallengeName: 'SELECT_CHALLENGE', Session: 'fresh-session' });

      const response = await invoke(handler, choose('EMAIL_OTP'));

      expect(response.body).toEqual({
        challenge: 'EMAIL_OTP',
        session: 'fresh-session',
        parameters: { codeDelivery: { destination: 'j***@e***', medium: 'EMAIL' } },
      });
      expect(cognitoMock.commandCalls(InitiateAuthCommand)[0]?.args[0].input).toMatchObject({
        AuthFlow: 'USER_AUTH',
        AuthParameters: { USERNAME: EMAIL },
      });
    },
  );

  it('chooses WEB_AUTHN: the same options whether Cognito has a passkey challenge or refuses the choice', async () => {
    const options = JSON.stringify({ challenge: 'cognito-challenge', rpId: 'example.com', allowCredentials: [{ id: 'AQID' }] });
    cognitoMock.on(RespondToAuthChallengeCommand).resolves({
      ChallengeName: 'WEB_AUTHN',
      Session: 'passkey-session',
      ChallengeParameters: { CREDENTIAL_REQUEST_OPTIONS: options },
    });
    const own = await invoke(handler, choose('WEB_AUTHN'));
    cognitoMock.reset();
    cognitoMock.on(RespondToAuthChallengeCommand).rejects(cognitoError('InvalidParameterException'));
    cognitoMock.on(InitiateAuthCommand).resolves({ ChallengeName: 'SELECT_CHALLENGE', Session: 'fresh-session' });
    const standIn = await invoke(handler, choose('WEB_AUTHN'));

    const shape = (body: unknown) => {
      const { parameters } = body as { parameters: { options: Record<string, unknown> } };
      return { ...(body as object), session: 'any', parameters: { options: { ...parameters.options, challenge: 'any' } } };
    };
    expect(own.body).toMatchObject({ session: 'passkey-session', parameters: { options: { challenge: 'cognito-challenge' } } });
    expect(shape(standIn.body)).toEqual(shape(own.body));
    expect(JSON.stringify(own.body)).not.toContain('allowCredentials');
  });

  it('answers 429 EmailCodeLimitExceeded to EMAIL_OTP over the limit, and asks Cognito nothing', async () => {
    documentsMock.on(UpdateCommand).rejects(dynamodbError('ConditionalCheckFailedException'));
    expectProblem(await invoke(handler, choose('EMAIL_OTP')), 429, 'EmailCodeLimitExceeded');
    expect(cognitoMock.calls()).toHaveLength(0);
  });

  it.each([
    ['a code with spaces inside', { email: EMAIL, challenge: 'EMAIL_OTP', session: SESSION, code: '12 34' }, ['code']],
    ['a credential that is not an object', { email: EMAIL, challenge: 'WEB_AUTHN', session: SESSION, credential: 'x' }, ['credential']],
    ['an unknown factor', { email: EMAIL, challenge: 'SELECT_CHALLENGE', session: SESSION, answer: 'SMS_OTP' }, ['answer']],
  ])('refuses %s with 400 ValidationError', async (_case, body, paths) => {
    expectValidationError(await invoke(handler, withBody(event, body)), paths);
    expect(cognitoMock.calls()).toHaveLength(0);
  });
});
