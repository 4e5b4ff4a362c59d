// POST /auth/sign-in without a password: choice-based sign-in (USER_AUTH), one answer for every email.
import { InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { handler } from '../../../functions/sign-in/index.js';
import { cognitoError, cognitoMock } from '../../fixtures/cognito.js';
import { documentsMock, dynamodbError } from '../../fixtures/dynamodb.js';
import { invoke, loadEvent, withBody } from '../../fixtures/lambda.js';
import { captureLogs } from '../../fixtures/logs.js';
import { expectProblem, expectValidationError } from '../../fixtures/problem.js';
import { ACCOUNTS_TABLE } from '../../fixtures/sessions.js';

const event = loadEvent('sign-in-email-code');
const EMAIL = 'jane@example.com';
const passkeyOptions = (challenge: string) =>
  JSON.stringify({
    challenge,
    timeout: 300000,
    rpId: 'example.com',
    allowCredentials: [{ id: 'AQID', type: 'public-key' }],
    userVerification: 'required',
  });

describe('POST /auth/sign-in without a password', () => {
  let logs: ReturnType<typeof captureLogs>;
  beforeEach(() => {
    cognitoMock.reset();
    documentsMock.reset();
    documentsMock.on(UpdateCommand).resolves({});
    logs = captureLogs();
  });
  afterEach(() => logs.restore());

  it("starts USER_AUTH and answers SELECT_CHALLENGE with the pool's first factors, whatever Cognito lists", async () => {
    cognitoMock
      .on(InitiateAuthCommand)
      .resolves({ ChallengeName: 'SELECT_CHALLENGE', Session: 'select-session', AvailableChallenges: ['PASSWORD', 'PASSWORD_SRP'] });

    const response = await invoke(handler, withBody(event, { email: EMAIL }));

    expect(response).toMatchObject({ statusCode: 200, headers: { 'cache-control': 'no-store' } });
    expect(response.body).toEqual({
      challenge: 'SELECT_CHALLENGE',
      session: 'select-session',
      parameters: { available: ['PASSWORD', 'EMAIL_OTP', 'WEB_AUTHN'] },
    });
    expect(cognitoMock.commandCalls(InitiateAuthCommand)[0]?.args[0].input).toEqual({
      ClientId: 'test-client-id',
      AuthFlow: 'USER_AUTH',
      AuthParameters: { USERNAME: EMAIL },
    });
    expect(documentsMock.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  it('leaves out the factors the template does not offer', async () => {
    cognitoMock.on(InitiateAuthCommand).resolves({ ChallengeName: 'SELECT_CHALLENGE', Session: 'select-session' });
    process.env.EMAIL_OTP_SIGN_IN = 'false';
    try {
      const response = await invoke(handler, withBody(event, { email: EMAIL }));
      expect(response.body).toMatchObject({ parameters: { available: ['PASSWORD', 'WEB_AUTHN'] } });
      expectValidationError(await invoke(handler, withBody(event, { email: EMAIL, preferred: 'EMAIL_OTP' })), ['preferred']);
    } finally {
      process.env.EMAIL_OTP_SIGN_IN = 'true';
    }
  });

  it('counts the code for the address, then answers EMAIL_OTP with the masked address, not Cognito’s', async () => {
    cognitoMock.on(InitiateAuthCommand).resolves({
      ChallengeName: 'EMAIL_OTP',
      Session: 'otp-session',
      ChallengeParameters: { CODE_DELIVERY_DESTINATION: 'j***@e***.com', CODE_DELIVERY_DELIVERY_MEDIUM: 'EMAIL' },
    });

    const response = await invoke(handler, event);

    expect(response.body).toEqual({
      challenge: 'EMAIL_OTP',
      session: 'otp-session',
      parameters: { codeDelivery: { destination: 'j***@e***', medium: 'EMAIL' } },
    });
    expect(cognitoMock.commandCalls(InitiateAuthCommand)[0]?.args[0].input.AuthParameters).toEqual({
      USERNAME: EMAIL,
      PREFERRED_CHALLENGE: 'EMAIL_OTP',
    });
    const update = documentsMock.commandCalls(UpdateCommand)[0];
    expect(update?.args[0].input).toMatchObject({ TableName: ACCOUNTS_TABLE, ExpressionAttributeValues: { ':one': 1, ':limit': 5 } });
    expect(JSON.stringify(update?.args[0].input.Key)).not.toContain(EMAIL);
    expect(update?.calledBefore(cognitoMock.commandCalls(InitiateAuthCommand)[0]!)).toBe(true);
  });

  it('answers the same EMAIL_OTP body on the SELECT_CHALLENGE session when the user cannot use email codes', async () => {
    cognitoMock
      .on(InitiateAuthCommand)
      .resolves({ ChallengeName: 'SELECT_CHALLENGE', Session: 'select-session', AvailableChallenges: ['PASSWORD'] });

    const response = await invoke(handler, event);

    expect(response.body).toEqual({
      challenge: 'EMAIL_OTP',
      session: 'select-session',
      parameters: { codeDelivery: { destination: 'j***@e***', medium: 'EMAIL' } },
    });
  });

  it('answers 429 EmailCodeLimitExceeded with retry-after, and asks Cognito nothing, over the address’s hourly limit', async () => {
    documentsMock.on(UpdateCommand).rejects(dynamodbError('ConditionalCheckFailedException'));

    const response = await invoke(handler, event);

    expectProblem(response, 429, 'EmailCodeLimitExceeded');
    expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(response.headers['retry-after'])).toBeLessThanOrEqual(3600);
    expect(cognitoMock.commandCalls(InitiateAuthCommand)).toHaveLength(0);
  });

  it("answers WEB_AUTHN with Cognito's challenge and without the user's credential ids", async () => {
    cognitoMock.on(InitiateAuthCommand).resolves({
      ChallengeName: 'WEB_AUTHN',
      Session: 'passkey-session',
      ChallengeParameters: { CREDENTIAL_REQUEST_OPTIONS: passkeyOptions('cognito-challenge') },
    });

    const response = await invoke(handler, withBody(event, { email: EMAIL, preferred: 'WEB_AUTHN' }));

    expect(response.body).toEqual({
      challenge: 'WEB_AUTHN',
      session: 'passkey-session',
      parameters: { options: { challenge: 'cognito-challenge', rpId: 'example.com', timeout: 180000, userVerification: 'required' } },
    });
  });

  it('answers the same WEB_AUTHN body, with a random challenge as long as Cognito’s, for a user without a passkey', async () => {
    cognitoMock.on(InitiateAuthCommand).resolves({ ChallengeName: 'SELECT_CHALLENGE', Session: 'select-session' });

    const response = await invoke(handler, withBody(event, { email: EMAIL, preferred: 'WEB_AUTHN' }));

    expect(response.body).toEqual({
      challenge: 'WEB_AUTHN',
      session: 'select-session',
      parameters: {
        options: { challenge: expect.stringMatching(/^[\w-]{43}$/), rpId: 'example.com', timeout: 180000, userVerification: 'required' },
      },
    });
  });

  it.each(['UserNotFoundException', 'UserNotConfirmedException', 'NotAuthorizedException', 'PasswordResetRequiredException'])(
    'answers the same challenge on a stand-in session when Cognito refuses to start (%s)',
    async (name) => {
      cognitoMock.on(InitiateAuthCommand).rejects(cognitoError(name));

      const response = await invoke(handler, event);

      expect(response.statusCode).toBe(200);
      expect(response.body).toEqual({
        challenge: 'EMAIL_OTP',
        session: expect.stringMatching(/^[\w-]{100,}$/),
        parameters: { codeDelivery: { destination: 'j***@e***', medium: 'EMAIL' } },
      });
    },
  );

  it.each([
    ['TooManyRequestsException', 429, 'TooManyRequests'],
    ['InternalErrorException', 503, 'ServiceUnavailable'],
    ['InvalidParameterException', 400, 'ValidationError'],
    ['FeatureUnavailableInTierException', 503, 'ServiceUnavailable'],
  ])('maps %s to %i %s', async (name, status, code) => {
    cognitoMock.on(InitiateAuthCommand).rejects(cognitoError(name));
    expectProblem(await invoke(handler, event), status, code);
  });

  it('answers 503 when the code cannot be counted', async () => {
    documentsMock.on(UpdateCommand).rejects(dynamodbError('InternalServerError', 'server'));
    expectProblem(await invoke(handler, event), 503, 'ServiceUnavailable');
    expect(cognitoMock.commandCalls(InitiateAuthCommand)).toHaveLength(0);
  });

  it('refuses an unknown preferred factor and an empty password', async () => {
    expectValidationError(await invoke(handler, withBody(event, { email: EMAIL, preferred: 'SMS_OTP' })), ['preferred']);
    expectValidationError(await invoke(handler, withBody(event, { email: EMAIL, password: '' })), ['password']);
    expect(cognitoMock.calls()).toHaveLength(0);
  });
});
