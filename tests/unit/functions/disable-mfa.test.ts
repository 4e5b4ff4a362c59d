import { SetUserMFAPreferenceCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { AuthorizedEvent } from '@authapi/shared';
import { handler } from '../../../functions/disable-mfa/index.js';
import { itAnswersUpstreamFailures } from '../../fixtures/cases.js';
import { accessTokenIn, cognitoError, cognitoMock } from '../../fixtures/cognito.js';
import { invoke, loadEvent } from '../../fixtures/lambda.js';
import { captureLogs } from '../../fixtures/logs.js';
import { expectProblem } from '../../fixtures/problem.js';

const event = loadEvent<AuthorizedEvent>('disable-mfa');
const ACCESS = accessTokenIn(event);

describe('DELETE /me/mfa', () => {
  let logs: ReturnType<typeof captureLogs>;
  beforeEach(() => {
    cognitoMock.reset();
    logs = captureLogs();
  });
  afterEach(() => logs.restore());

  it('turns TOTP MFA off for the caller and answers 204', async () => {
    cognitoMock.on(SetUserMFAPreferenceCommand).resolves({});

    const response = await invoke(handler, event);

    expect(response.statusCode).toBe(204);
    expect(response.body).toBeUndefined();
    expect(cognitoMock.commandCalls(SetUserMFAPreferenceCommand)[0]?.args[0].input).toEqual({
      AccessToken: ACCESS,
      SoftwareTokenMfaSettings: { Enabled: false, PreferredMfa: false },
    });
  });

  it('answers 401 NotAuthorized when Cognito refuses the token', async () => {
    cognitoMock.on(SetUserMFAPreferenceCommand).rejects(cognitoError('NotAuthorizedException'));

    expectProblem(await invoke(handler, event), 401, 'NotAuthorized');
  });

  it('answers 403 Forbidden when the web ACL (WAF) of the user pool blocks the request', async () => {
    cognitoMock.on(SetUserMFAPreferenceCommand).rejects(cognitoError('ForbiddenException'));

    expectProblem(await invoke(handler, event), 403, 'Forbidden');
  });

  it.each([
    ['UserNotFoundException', 401, 'NotAuthorized', undefined],
    ['PasswordResetRequiredException', 403, 'PasswordResetRequired', undefined],
    ['UserNotConfirmedException', 403, 'UserNotConfirmed', undefined],
    ['InvalidParameterException', 400, 'ValidationError', undefined],
    ['ResourceNotFoundException', 503, 'ServiceUnavailable', '2'],
  ])('maps %s to %i %s', async (name, status, code, retryAfter) => {
    cognitoMock.on(SetUserMFAPreferenceCommand).rejects(cognitoError(name));

    const response = await invoke(handler, event);

    expectProblem(response, status, code);
    expect(response.headers['retry-after']).toBe(retryAfter);
  });

  it('answers 401 without calling Cognito when the request carries no token', async () => {
    const { authorization: _, ...headers } = event.headers;

    expectProblem(await invoke(handler, { ...event, headers }), 401, 'NotAuthorized');
    expect(cognitoMock.calls()).toHaveLength(0);
  });

  itAnswersUpstreamFailures(() => invoke(handler, event), (error) => cognitoMock.on(SetUserMFAPreferenceCommand).rejects(error));

  it('never writes the access token to the logs', async () => {
    cognitoMock.on(SetUserMFAPreferenceCommand).resolves({});
    await invoke(handler, event);
    cognitoMock.on(SetUserMFAPreferenceCommand).rejects(cognitoError('NotAuthorizedException'));
    await invoke(handler, event);
    cognitoMock.on(SetUserMFAPreferenceCommand).rejects(new TypeError('boom'));
    await invoke(handler, event);

    const written = logs.text();
    expect(written).toContain('request rejected');
    expect(written).toContain('request failed');
    expect(written).not.toContain(ACCESS);
  });
});
