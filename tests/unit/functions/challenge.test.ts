import {
  AssociateSoftwareTokenCommand,
  RespondToAuthChallengeCommand,
  VerifySoftwareTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { handler } from '../../../functions/challenge/index.js';
import { cognitoError, cognitoMock, networkError, tokens, withClientSecret } from '../../fixtures/cognito.js';
import { invoke, loadEvent, withBody } from '../../fixtures/lambda.js';
import { captureLogs } from '../../fixtures/logs.js';
import { expectProblem, expectValidationError } from '../../fixtures/problem.js';
import { documentsMock } from '../../fixtures/dynamodb.js';
import { ACCOUNTS_TABLE, sessionKey } from '../../fixtures/sessions.js';

const event = loadEvent('challenge');
const SESSION = 'AYABeExampleSessionFromSignIn0123456789';
const NEW_PASSWORD = 'Another-Horse-7-Battery';
// Not '123456': that string is part of the account id in the logged function ARN.
const TOTP_CODE = '918273';
const SECRET_CODE = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const SETUP_SESSION = 'AYABeSessionFromAssociateSoftwareToken0123';
const VERIFIED_SESSION = 'AYABeSessionFromVerifySoftwareToken0123456';
const SECRET_HASH = 'hedsqnEeY+TcBDVMLBJ2iDbf7R7lJ1ye9NmSmRMli4I=';

const tokensBody = {
  accessToken: tokens.AccessToken,
  idToken: tokens.IdToken,
  refreshToken: tokens.RefreshToken,
  expiresIn: 3600,
  tokenType: 'Bearer',
};
const softwareTokenMfa = withBody(event, { email: 'jane@example.com', challenge: 'SOFTWARE_TOKEN_MFA', session: SESSION, code: TOTP_CODE });
const mfaSetup = withBody(event, { email: 'jane@example.com', challenge: 'MFA_SETUP', session: SESSION });
const sessionExpired = () => cognitoError('NotAuthorizedException', 'Invalid session for the user, session is expired.');
const mfaSetupWithCode = withBody(event, { email: 'jane@example.com', challenge: 'MFA_SETUP', session: SESSION, code: TOTP_CODE });

describe('POST /auth/challenge', () => {
  let logs: ReturnType<typeof captureLogs>;
  beforeEach(() => {
    cognitoMock.reset();
    documentsMock.reset();
    documentsMock.on(PutCommand).resolves({});
    logs = captureLogs();
  });
  afterEach(() => logs.restore());

  describe('NEW_PASSWORD_REQUIRED', () => {
    it('returns the tokens once the new password is set', async () => {
      cognitoMock.on(RespondToAuthChallengeCommand).resolves({ AuthenticationResult: tokens });

      const response = await invoke(handler, event);

      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('application/json');
      expect(response.body).toEqual(tokensBody);
      expect(cognitoMock.commandCalls(RespondToAuthChallengeCommand)[0]?.args[0].input).toEqual({
        ClientId: 'test-client-id',
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        Session: SESSION,
        ChallengeResponses: { USERNAME: 'jane@example.com', NEW_PASSWORD },
      });
    });

    it('sends the SECRET_HASH of the email in the challenge responses when the app client has a secret', async () => {
      cognitoMock.on(RespondToAuthChallengeCommand).resolves({ AuthenticationResult: tokens });

      await withClientSecret('client-secret-value', () => invoke(handler, event));

      expect(cognitoMock.commandCalls(RespondToAuthChallengeCommand)[0]?.args[0].input.ChallengeResponses).toEqual({
        USERNAME: 'jane@example.com',
        NEW_PASSWORD,
        SECRET_HASH,
      });
    });

    it('normalises the email (trim, lower case) before answering', async () => {
      cognitoMock.on(RespondToAuthChallengeCommand).resolves({ AuthenticationResult: tokens });

      await invoke(
        handler,
        withBody(event, { email: '  Jane@Example.COM ', challenge: 'NEW_PASSWORD_REQUIRED', session: SESSION, newPassword: NEW_PASSWORD }),
      );

      expect(cognitoMock.commandCalls(RespondToAuthChallengeCommand)[0]?.args[0].input.ChallengeResponses?.USERNAME).toBe(
        'jane@example.com',
      );
    });

    it('returns the next challenge as a challenge body', async () => {
      cognitoMock.on(RespondToAuthChallengeCommand).resolves({
        ChallengeName: 'MFA_SETUP',
        Session: 'AYABeNextChallengeSession0123456789',
        ChallengeParameters: { MFAS_CAN_SETUP: '["SOFTWARE_TOKEN_MFA"]' },
      });

      const response = await invoke(handler, event);

      expect(response.statusCode).toBe(200);
      expect(response.body).toEqual({
        challenge: 'MFA_SETUP',
        session: 'AYABeNextChallengeSession0123456789',
        parameters: { MFAS_CAN_SETUP: '["SOFTWARE_TOKEN_MFA"]' },
      });
      expect(documentsMock.calls()).toHaveLength(0);
    });

    it('returns 400 InvalidPassword naming the newPassword field when the new password breaks the policy', async () => {
      cognitoMock
        .on(RespondToAuthChallengeCommand)
        .rejects(cognitoError('InvalidPasswordException', 'Password does not conform to policy: Password must have numeric characters'));

      const response = await invoke(handler, event);

      expectProblem(response, 400, 'InvalidPassword');
      expect(response.body?.errors).toEqual([{ path: 'newPassword', message: expect.any(String) }]);
      expect(JSON.stringify(response.body)).not.toContain('numeric characters');
    });

    it('rejects a missing new password with 400 ValidationError on newPassword', async () => {
      expectValidationError(
        await invoke(handler, withBody(event, { email: 'jane@example.com', challenge: 'NEW_PASSWORD_REQUIRED', session: SESSION })),
        ['newPassword'],
      );
      expect(cognitoMock.calls()).toHaveLength(0);
    });
  });

  describe('SOFTWARE_TOKEN_MFA', () => {
    it('returns the tokens for a correct authenticator code', async () => {
      cognitoMock.on(RespondToAuthChallengeCommand).resolves({ AuthenticationResult: tokens });

      const response = await invoke(handler, softwareTokenMfa);

      expect(response.statusCode).toBe(200);
      expect(response.body).toEqual(tokensBody);
      expect(cognitoMock.commandCalls(RespondToAuthChallengeCommand)[0]?.args[0].input).toEqual({
        ClientId: 'test-client-id',
        ChallengeName: 'SOFTWARE_TOKEN_MFA',
        Session: SESSION,
        ChallengeResponses: { USERNAME: 'jane@example.com', SOFTWARE_TOKEN_MFA_CODE: TOTP_CODE },
      });
    });

    it('sends the SECRET_HASH of the email in the challenge responses when the app client has a secret', async () => {
      cognitoMock.on(RespondToAuthChallengeCommand).resolves({ AuthenticationResult: tokens });

      await withClientSecret('client-secret-value', () => invoke(handler, softwareTokenMfa));

      expect(cognitoMock.commandCalls(RespondToAuthChallengeCommand)[0]?.args[0].input.ChallengeResponses).toEqual({
        USERNAME: 'jane@example.com',
        SOFTWARE_TOKEN_MFA_CODE: TOTP_CODE,
        SECRET_HASH,
      });
    });

    it('returns 401 CodeMismatch for a wrong authenticator code', async () => {
      cognitoMock.on(RespondToAuthChallengeCommand).rejects(cognitoError('CodeMismatchException'));

      expectProblem(await invoke(handler, softwareTokenMfa), 401, 'CodeMismatch');
    });

    it('returns 401 ExpiredCode for an expired or reused authenticator code', async () => {
      cognitoMock.on(RespondToAuthChallengeCommand).rejects(cognitoError('ExpiredCodeException'));

      expectProblem(await invoke(handler, softwareTokenMfa), 401, 'ExpiredCode');
    });

    it.each([
      ['5 digits', '12345'],
      ['7 digits', '1234567'],
      ['letters', 'abcdef'],
      ['a number instead of a string', 123456],
      ['no code at all', undefined],
    ])('rejects a code of %s with 400 ValidationError on code', async (_case, code) => {
      const body = { email: 'jane@example.com', challenge: 'SOFTWARE_TOKEN_MFA', session: SESSION, code };

      expectValidationError(await invoke(handler, withBody(event, body)), ['code']);
      expect(cognitoMock.calls()).toHaveLength(0);
    });
  });

  it.each([
    ['NEW_PASSWORD_REQUIRED', event],
    ['SOFTWARE_TOKEN_MFA', softwareTokenMfa],
    ['MFA_SETUP', mfaSetupWithCode],
  ])("records when the session of %s's tokens signed in, for the recent sign-in rule", async (_challenge, request) => {
    cognitoMock.on(VerifySoftwareTokenCommand).resolves({ Status: 'SUCCESS', Session: VERIFIED_SESSION });
    cognitoMock.on(RespondToAuthChallengeCommand).resolves({ AuthenticationResult: tokens });

    expect((await invoke(handler, request)).statusCode).toBe(200);
    expect(documentsMock.commandCalls(PutCommand).map((call) => call.args[0].input)).toEqual([
      { TableName: ACCOUNTS_TABLE, Item: { ...sessionKey(), signedInAt: expect.any(Number), expiresAt: expect.any(Number) } },
    ]);
  });

  describe('MFA_SETUP', () => {
    it('returns the MFA_SETUP challenge with the secret and an otpauth URI when no code is given', async () => {
      cognitoMock.on(AssociateSoftwareTokenCommand).resolves({ SecretCode: SECRET_CODE, Session: SETUP_SESSION });

      const response = await invoke(handler, mfaSetup);

      expect(response.statusCode).toBe(200);
      expect(response.body).toEqual({
        challenge: 'MFA_SETUP',
        session: SETUP_SESSION,
        parameters: {
          secretCode: SECRET_CODE,
          otpauthUri: `otpauth://totp/auth-api-test:jane%40example.com?secret=${SECRET_CODE}&issuer=auth-api-test`,
        },
      });
      expect((response.body?.parameters as { otpauthUri: string }).otpauthUri).toMatch(/^otpauth:\/\/totp\/auth-api-test:/);
      expect(cognitoMock.commandCalls(AssociateSoftwareTokenCommand)[0]?.args[0].input).toEqual({ Session: SESSION });
      expect(cognitoMock.commandCalls(RespondToAuthChallengeCommand)).toHaveLength(0);
      expect(cognitoMock.commandCalls(VerifySoftwareTokenCommand)).toHaveLength(0);
      expect(documentsMock.calls()).toHaveLength(0);
    });

    it('answers 503 when Cognito returns no secret to set up', async () => {
      cognitoMock.on(AssociateSoftwareTokenCommand).resolves({ Session: SETUP_SESSION });

      expectProblem(await invoke(handler, mfaSetup), 503, 'ServiceUnavailable');
    });

    it('verifies the first code, then answers the challenge with the verified session and returns the tokens', async () => {
      cognitoMock.on(VerifySoftwareTokenCommand).resolves({ Status: 'SUCCESS', Session: VERIFIED_SESSION });
      cognitoMock.on(RespondToAuthChallengeCommand).resolves({ AuthenticationResult: tokens });

      const response = await invoke(handler, mfaSetupWithCode);

      expect(response.statusCode).toBe(200);
      expect(response.body).toEqual(tokensBody);
      expect(cognitoMock.commandCalls(VerifySoftwareTokenCommand)[0]?.args[0].input).toEqual({ Session: SESSION, UserCode: TOTP_CODE });
      expect(cognitoMock.commandCalls(RespondToAuthChallengeCommand)[0]?.args[0].input).toEqual({
        ClientId: 'test-client-id',
        ChallengeName: 'MFA_SETUP',
        Session: VERIFIED_SESSION,
        ChallengeResponses: { USERNAME: 'jane@example.com' },
      });
      expect(cognitoMock.commandCalls(AssociateSoftwareTokenCommand)).toHaveLength(0);
    });

    it('sends the SECRET_HASH of the email when answering MFA_SETUP with a client secret', async () => {
      cognitoMock.on(VerifySoftwareTokenCommand).resolves({ Status: 'SUCCESS', Session: VERIFIED_SESSION });
      cognitoMock.on(RespondToAuthChallengeCommand).resolves({ AuthenticationResult: tokens });

      await withClientSecret('client-secret-value', () => invoke(handler, mfaSetupWithCode));

      expect(cognitoMock.commandCalls(RespondToAuthChallengeCommand)[0]?.args[0].input.ChallengeResponses).toEqual({
        USERNAME: 'jane@example.com',
        SECRET_HASH,
      });
    });

    it('returns 401 CodeMismatch, without answering the challenge, when verification reports ERROR', async () => {
      cognitoMock.on(VerifySoftwareTokenCommand).resolves({ Status: 'ERROR', Session: VERIFIED_SESSION });

      expectProblem(await invoke(handler, mfaSetupWithCode), 401, 'CodeMismatch');
      expect(cognitoMock.commandCalls(RespondToAuthChallengeCommand)).toHaveLength(0);
    });

    it.each(['CodeMismatchException', 'EnableSoftwareTokenMFAException'])(
      'returns 401 CodeMismatch when verification fails with %s',
      async (name) => {
        cognitoMock.on(VerifySoftwareTokenCommand).rejects(cognitoError(name));

        expectProblem(await invoke(handler, mfaSetupWithCode), 401, 'CodeMismatch');
        expect(cognitoMock.commandCalls(RespondToAuthChallengeCommand)).toHaveLength(0);
      },
    );

    it('rejects a code that is not 6 digits with 400 ValidationError on code', async () => {
      expectValidationError(
        await invoke(handler, withBody(event, { email: 'jane@example.com', challenge: 'MFA_SETUP', session: SESSION, code: '12 34' })),
        ['code'],
      );
      expect(cognitoMock.calls()).toHaveLength(0);
    });
  });

  it.each([
    ['RespondToAuthChallenge', () => cognitoMock.on(RespondToAuthChallengeCommand).rejects(sessionExpired()), event],
    ['AssociateSoftwareToken', () => cognitoMock.on(AssociateSoftwareTokenCommand).rejects(sessionExpired()), mfaSetup],
    ['VerifySoftwareToken', () => cognitoMock.on(VerifySoftwareTokenCommand).rejects(sessionExpired()), mfaSetupWithCode],
  ])('returns 401 InvalidSession when %s rejects the session as expired or reused', async (_name, rejectSession, request) => {
    rejectSession();

    const response = await invoke(handler, request);

    expectProblem(response, 401, 'InvalidSession');
    expect(JSON.stringify(response.body)).not.toContain('session is expired');
  });

  it.each([
    ['TooManyRequestsException', 429, 'TooManyRequests', '1'],
    ['LimitExceededException', 429, 'TooManyRequests', '30'],
    ['InternalErrorException', 503, 'ServiceUnavailable', '2'],
  ])('maps %s to %i %s with retry-after %s', async (name, status, code, retryAfter) => {
    cognitoMock.on(RespondToAuthChallengeCommand).rejects(cognitoError(name));

    const response = await invoke(handler, event);

    expectProblem(response, status, code);
    expect(response.headers['retry-after']).toBe(retryAfter);
  });

  it('answers 503 with retry-after when Cognito cannot be reached', async () => {
    cognitoMock.on(RespondToAuthChallengeCommand).rejects(networkError());

    const response = await invoke(handler, event);

    expectProblem(response, 503, 'ServiceUnavailable');
    expect(response.headers['retry-after']).toBe('2');
  });

  it('answers 503 when Cognito returns neither tokens nor a challenge', async () => {
    cognitoMock.on(RespondToAuthChallengeCommand).resolves({});

    expectProblem(await invoke(handler, event), 503, 'ServiceUnavailable');
  });

  it('answers 500 InternalError, without details, for an unexpected error', async () => {
    cognitoMock.on(RespondToAuthChallengeCommand).rejects(new TypeError('x is undefined'));

    const response = await invoke(handler, event);

    expectProblem(response, 500, 'InternalError');
    expect(JSON.stringify(response.body)).not.toContain('x is undefined');
  });

  it.each([
    ['malformed JSON', 400, 'MalformedJson', '{"challenge":'],
    [
      'an oversized body',
      413,
      'PayloadTooLarge',
      JSON.stringify({
        email: 'jane@example.com',
        challenge: 'NEW_PASSWORD_REQUIRED',
        session: 'x'.repeat(17_000),
        newPassword: NEW_PASSWORD,
      }),
    ],
  ])('rejects %s with %i %s', async (_case, status, code, body) => {
    expectProblem(await invoke(handler, withBody(event, body)), status, code);
    expect(cognitoMock.calls()).toHaveLength(0);
  });

  it.each([
    ['an unknown challenge name', { email: 'jane@example.com', challenge: 'SMS_MFA', session: SESSION, code: TOTP_CODE }, ['challenge']],
    ['a missing challenge name', { email: 'jane@example.com', session: SESSION, newPassword: NEW_PASSWORD }, ['challenge']],
    ['a missing challenge name and session', { email: 'jane@example.com' }, ['challenge', 'session']],
    ['an empty body', {}, ['challenge', 'email', 'session']],
    ['missing fields', { challenge: 'NEW_PASSWORD_REQUIRED' }, ['email', 'session', 'newPassword']],
    ['wrong types', { challenge: 'NEW_PASSWORD_REQUIRED', email: 42, session: 42, newPassword: true }, ['email', 'session', 'newPassword']],
    [
      'a session shorter than 20 characters',
      { challenge: 'NEW_PASSWORD_REQUIRED', email: 'jane@example.com', session: 'short', newPassword: NEW_PASSWORD },
      ['session'],
    ],
    [
      'an invalid email',
      { challenge: 'NEW_PASSWORD_REQUIRED', email: 'not-an-email', session: SESSION, newPassword: NEW_PASSWORD },
      ['email'],
    ],
  ])('rejects %s with 400 ValidationError listing the fields', async (_case, body, paths) => {
    expectValidationError(await invoke(handler, withBody(event, body)), paths);
    expect(cognitoMock.calls()).toHaveLength(0);
  });

  it('ignores unknown fields', async () => {
    cognitoMock.on(RespondToAuthChallengeCommand).resolves({ AuthenticationResult: tokens });

    const response = await invoke(
      handler,
      withBody(event, {
        email: 'jane@example.com',
        challenge: 'NEW_PASSWORD_REQUIRED',
        session: SESSION,
        newPassword: NEW_PASSWORD,
        code: TOTP_CODE,
      }),
    );

    expect(response.statusCode).toBe(200);
    expect(cognitoMock.commandCalls(RespondToAuthChallengeCommand)[0]?.args[0].input.ChallengeResponses).toEqual({
      USERNAME: 'jane@example.com',
      NEW_PASSWORD,
    });
  });

  it('never writes passwords, codes, sessions, TOTP secrets or tokens to the logs', async () => {
    cognitoMock
      .on(RespondToAuthChallengeCommand)
      .resolvesOnce({ AuthenticationResult: tokens })
      .resolvesOnce({ AuthenticationResult: tokens })
      .rejectsOnce(cognitoError('CodeMismatchException'))
      .rejects(networkError());
    cognitoMock.on(AssociateSoftwareTokenCommand).resolves({ SecretCode: SECRET_CODE, Session: SETUP_SESSION });
    cognitoMock.on(VerifySoftwareTokenCommand).resolves({ Status: 'SUCCESS', Session: VERIFIED_SESSION });

    await invoke(handler, event);
    await invoke(handler, mfaSetup);
    await invoke(handler, mfaSetupWithCode);
    await invoke(handler, softwareTokenMfa);
    await invoke(handler, event);
    await invoke(
      handler,
      withBody(event, { email: 'not-an-email', challenge: 'NEW_PASSWORD_REQUIRED', session: SESSION, newPassword: NEW_PASSWORD }),
    );

    const written = logs.text();
    expect(written).toContain('request rejected');
    expect(written).toContain('request failed');
    for (const secret of [
      NEW_PASSWORD,
      TOTP_CODE,
      SESSION,
      SETUP_SESSION,
      VERIFIED_SESSION,
      SECRET_CODE,
      tokens.AccessToken,
      tokens.IdToken,
      tokens.RefreshToken,
    ]) {
      expect(written).not.toContain(secret);
    }
  });
});
