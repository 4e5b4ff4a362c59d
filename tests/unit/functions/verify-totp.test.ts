import { SetUserMFAPreferenceCommand, VerifySoftwareTokenCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { AuthorizedEvent } from '@authapi/shared/http';
import { handler } from '../../../functions/verify-totp/index.js';
import { itAnswersUpstreamFailures, itNeedsTheAccessToken, itRejectsUnreadableBodies } from '../../fixtures/cases.js';
import { accessTokenIn, cognitoError, cognitoMock } from '../../fixtures/cognito.js';
import { invoke, loadEvent, withBody } from '../../fixtures/lambda.js';
import { captureLogs } from '../../fixtures/logs.js';
import { expectProblem, expectValidationError } from '../../fixtures/problem.js';
import { documentsMock } from '../../fixtures/dynamodb.js';
import { givenAccounts } from '../../fixtures/sessions.js';

const event = loadEvent<AuthorizedEvent>('verify-totp');
const ACCESS = accessTokenIn(event);
const CODE = '918273';

describe('POST /me/mfa/totp/verify', () => {
  let logs: ReturnType<typeof captureLogs>;
  beforeEach(() => {
    cognitoMock.reset();
    documentsMock.reset();
    givenAccounts();
    cognitoMock.on(VerifySoftwareTokenCommand).resolves({ Status: 'SUCCESS' });
    cognitoMock.on(SetUserMFAPreferenceCommand).resolves({});
    logs = captureLogs();
  });
  afterEach(() => logs.restore());

  it('verifies the first code, makes TOTP the preferred MFA and says so', async () => {
    const response = await invoke(handler, withBody(event, { code: CODE, deviceName: ' Phone ' }));

    expect(response.statusCode).toBe(200);
    expect(response.body).toEqual({ mfa: { enabled: true, preferred: 'SOFTWARE_TOKEN_MFA' } });
    expect(cognitoMock.commandCalls(VerifySoftwareTokenCommand)[0]?.args[0].input).toEqual({
      AccessToken: ACCESS,
      UserCode: CODE,
      FriendlyDeviceName: 'Phone',
    });
    expect(cognitoMock.commandCalls(SetUserMFAPreferenceCommand)[0]?.args[0].input).toEqual({
      AccessToken: ACCESS,
      SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
    });
  });

  it('sends the trimmed code without a device name when none is given', async () => {
    const response = await invoke(handler, withBody(event, { code: ` ${CODE} ` }));

    expect(response.statusCode).toBe(200);
    expect(cognitoMock.commandCalls(VerifySoftwareTokenCommand)[0]?.args[0].input).toEqual({ AccessToken: ACCESS, UserCode: CODE });
  });

  it('ignores unknown fields, so a client cannot choose other MFA settings', async () => {
    const response = await invoke(handler, withBody(event, { code: CODE, enabled: false, preferred: 'SMS_MFA', session: 'x' }));

    expect(response.statusCode).toBe(200);
    expect(cognitoMock.commandCalls(VerifySoftwareTokenCommand)[0]?.args[0].input).toEqual({ AccessToken: ACCESS, UserCode: CODE });
    expect(cognitoMock.commandCalls(SetUserMFAPreferenceCommand)[0]?.args[0].input).toEqual({
      AccessToken: ACCESS,
      SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
    });
  });

  it('answers 401 CodeMismatch, and leaves MFA off, when Cognito reports the code as wrong', async () => {
    cognitoMock.on(VerifySoftwareTokenCommand).resolves({ Status: 'ERROR' });

    expectProblem(await invoke(handler, withBody(event, { code: CODE })), 401, 'CodeMismatch');
    expect(cognitoMock.commandCalls(SetUserMFAPreferenceCommand)).toHaveLength(0);
  });

  it.each([
    ['CodeMismatchException', 401, 'CodeMismatch'],
    ['EnableSoftwareTokenMFAException', 401, 'CodeMismatch'],
    ['SoftwareTokenMFANotFoundException', 409, 'MfaNotSetUp'],
    ['NotAuthorizedException', 401, 'NotAuthorized'],
    ['UserNotFoundException', 401, 'NotAuthorized'],
    ['PasswordResetRequiredException', 403, 'PasswordResetRequired'],
    ['UserNotConfirmedException', 403, 'UserNotConfirmed'],
    ['ForbiddenException', 403, 'Forbidden'],
    // The body was valid, so this is Cognito saying no authenticator was associated.
    ['InvalidParameterException', 409, 'MfaNotSetUp'],
  ])('maps %s to %i %s', async (name, status, code) => {
    cognitoMock.on(VerifySoftwareTokenCommand).rejects(cognitoError(name));

    const response = await invoke(handler, withBody(event, { code: CODE }));

    expectProblem(response, status, code);
    expect(response.headers['retry-after']).toBeUndefined();
    expect(cognitoMock.commandCalls(SetUserMFAPreferenceCommand)).toHaveLength(0);
  });

  it('maps ResourceNotFoundException to 503 ServiceUnavailable with retry-after 2', async () => {
    cognitoMock.on(VerifySoftwareTokenCommand).rejects(cognitoError('ResourceNotFoundException'));

    const response = await invoke(handler, withBody(event, { code: CODE }));

    expectProblem(response, 503, 'ServiceUnavailable');
    expect(response.headers['retry-after']).toBe('2');
  });

  it.each([
    ['NotAuthorizedException', 401, 'NotAuthorized', undefined],
    ['TooManyRequestsException', 429, 'TooManyRequests', '1'],
    ['InternalErrorException', 503, 'ServiceUnavailable', '2'],
  ])('answers as SetUserMFAPreference fails after a verified code (%s: %i %s)', async (name, status, code, retryAfter) => {
    cognitoMock.on(SetUserMFAPreferenceCommand).rejects(cognitoError(name));

    const response = await invoke(handler, withBody(event, { code: CODE }));

    expectProblem(response, status, code);
    expect(response.headers['retry-after']).toBe(retryAfter);
    expect(cognitoMock.commandCalls(VerifySoftwareTokenCommand)).toHaveLength(1);
  });

  itNeedsTheAccessToken(
    withBody(event, { code: CODE }),
    (request) => invoke(handler, request),
    () => cognitoMock.calls().length,
  );

  it.each([
    ['a missing code', {}, ['code']],
    ['a 5-digit code', { code: '12345' }, ['code']],
    ['a code with letters', { code: '12a456' }, ['code']],
    ['a numeric code and an empty device name', { code: 918273, deviceName: ' ' }, ['code', 'deviceName']],
    ['a 7-digit code', { code: '9182730' }, ['code']],
    ['a device name over 128 characters', { code: '918273', deviceName: 'd'.repeat(129) }, ['deviceName']],
  ])('rejects %s', async (_case, body, paths) => {
    expectValidationError(await invoke(handler, withBody(event, body)), paths);
    expect(cognitoMock.calls()).toHaveLength(0);
  });

  itRejectsUnreadableBodies(
    (raw) => invoke(handler, withBody(event, raw)),
    () => cognitoMock.calls().length,
  );

  itAnswersUpstreamFailures(
    () => invoke(handler, withBody(event, { code: CODE })),
    (error) => cognitoMock.on(VerifySoftwareTokenCommand).rejects(error),
  );

  it('never writes the code or the access token to the logs', async () => {
    await invoke(handler, withBody(event, { code: CODE }));
    await invoke(handler, withBody(event, `{"code":"${CODE}"`));
    await invoke(handler, withBody(event, { code: CODE, deviceName: '' }));
    cognitoMock.on(VerifySoftwareTokenCommand).resolves({ Status: 'ERROR' });
    await invoke(handler, withBody(event, { code: CODE }));
    cognitoMock.on(VerifySoftwareTokenCommand).rejects(cognitoError('CodeMismatchException'));
    await invoke(handler, withBody(event, { code: CODE }));
    cognitoMock.on(VerifySoftwareTokenCommand).rejects(new TypeError('boom'));
    await invoke(handler, withBody(event, { code: CODE }));

    const written = logs.text();
    expect(written).toContain('request rejected');
    expect(written).toContain('request failed');
    for (const secret of [CODE, ACCESS]) expect(written).not.toContain(secret);
  });
});
