import { SetUserMFAPreferenceCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { AuthorizedEvent } from '@authapi/shared/http';
import { handler } from '../../../functions/disable-mfa/index.js';
import {
  itAnswersAccessTokenErrors,
  itAnswersUpstreamFailures,
  itNeedsARecentSignIn,
  itNeedsTheAccessToken,
} from '../../fixtures/cases.js';
import { accessTokenIn, cognitoError, cognitoMock } from '../../fixtures/cognito.js';
import { invoke, loadEvent } from '../../fixtures/lambda.js';
import { captureLogs } from '../../fixtures/logs.js';
import { expectProblem } from '../../fixtures/problem.js';
import { documentsMock } from '../../fixtures/dynamodb.js';
import { givenAccounts } from '../../fixtures/sessions.js';

const event = loadEvent<AuthorizedEvent>('disable-mfa');
const ACCESS = accessTokenIn(event);

describe('DELETE /me/mfa', () => {
  let logs: ReturnType<typeof captureLogs>;
  beforeEach(() => {
    cognitoMock.reset();
    documentsMock.reset();
    givenAccounts();
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

  itAnswersAccessTokenErrors(
    () => invoke(handler, event),
    (error) => cognitoMock.on(SetUserMFAPreferenceCommand).rejects(error),
  );

  itNeedsARecentSignIn(
    () => invoke(handler, event),
    () => cognitoMock.calls().length,
  );

  itNeedsTheAccessToken(
    event,
    (request) => invoke(handler, request),
    () => cognitoMock.calls().length,
  );

  itAnswersUpstreamFailures(
    () => invoke(handler, event),
    (error) => cognitoMock.on(SetUserMFAPreferenceCommand).rejects(error),
  );

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
