import { GetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { AuthorizedEvent } from '@authapi/shared/http';
import { handler } from '../../../functions/get-me/index.js';
import { itAnswersAccessTokenErrors, itAnswersUpstreamFailures, itNeedsTheAccessToken } from '../../fixtures/cases.js';
import { accessTokenIn, cognitoError, cognitoMock, getUserAnswer, profile, SUB } from '../../fixtures/cognito.js';
import { invoke, loadEvent } from '../../fixtures/lambda.js';
import { captureLogs } from '../../fixtures/logs.js';
import { expectProblem } from '../../fixtures/problem.js';
import { documentsMock } from '../../fixtures/dynamodb.js';
import { givenAccounts } from '../../fixtures/sessions.js';

const event = loadEvent<AuthorizedEvent>('get-me');
const ACCESS = accessTokenIn(event);

describe('GET /me', () => {
  let logs: ReturnType<typeof captureLogs>;
  beforeEach(() => {
    cognitoMock.reset();
    documentsMock.reset();
    givenAccounts();
    logs = captureLogs();
  });
  afterEach(() => logs.restore());

  it("returns the caller's profile, read with their own access token", async () => {
    cognitoMock.on(GetUserCommand).resolves(getUserAnswer);

    const response = await invoke(handler, event);

    expect(response.statusCode).toBe(200);
    expect(response.body).toEqual(profile);
    expect(cognitoMock.commandCalls(GetUserCommand)[0]?.args[0].input).toEqual({ AccessToken: ACCESS });
  });

  it('reports TOTP MFA when it is set up and preferred', async () => {
    cognitoMock
      .on(GetUserCommand)
      .resolves({ ...getUserAnswer, UserMFASettingList: ['SOFTWARE_TOKEN_MFA'], PreferredMfaSetting: 'SOFTWARE_TOKEN_MFA' });

    expect((await invoke(handler, event)).body?.mfa).toEqual({ enabled: true, preferred: 'SOFTWARE_TOKEN_MFA' });
  });

  it('omits the name and reports an unverified email as Cognito returns them', async () => {
    cognitoMock.on(GetUserCommand).resolves({
      Username: SUB,
      UserAttributes: [
        { Name: 'sub', Value: SUB },
        { Name: 'email', Value: 'new@example.com' },
        { Name: 'email_verified', Value: 'false' },
      ],
    });

    expect((await invoke(handler, event)).body).toEqual({
      sub: SUB,
      email: 'new@example.com',
      emailVerified: false,
      mfa: { enabled: false },
    });
  });

  it('accepts the token without the Bearer prefix, as the authorizer does', async () => {
    cognitoMock.on(GetUserCommand).resolves(getUserAnswer);

    await invoke(handler, { ...event, headers: { ...event.headers, authorization: ACCESS } });

    expect(cognitoMock.commandCalls(GetUserCommand)[0]?.args[0].input).toEqual({ AccessToken: ACCESS });
  });

  it.each(['NotAuthorizedException', 'UserNotFoundException'])(
    'answers 401 NotAuthorized when Cognito refuses the token (%s: revoked, or user deleted)',
    async (name) => {
      cognitoMock.on(GetUserCommand).rejects(cognitoError(name));

      expectProblem(await invoke(handler, event), 401, 'NotAuthorized');
    },
  );

  itAnswersAccessTokenErrors(
    () => invoke(handler, event),
    (error) => cognitoMock.on(GetUserCommand).rejects(error),
  );

  itNeedsTheAccessToken(
    event,
    (request) => invoke(handler, request),
    () => cognitoMock.calls().length,
  );

  itAnswersUpstreamFailures(
    () => invoke(handler, event),
    (error) => cognitoMock.on(GetUserCommand).rejects(error),
  );

  it('never writes the access token to the logs', async () => {
    cognitoMock.on(GetUserCommand).resolves(getUserAnswer);
    await invoke(handler, event);
    cognitoMock.on(GetUserCommand).rejects(cognitoError('NotAuthorizedException'));
    await invoke(handler, event);
    cognitoMock.on(GetUserCommand).rejects(new TypeError('boom'));
    await invoke(handler, event);

    const written = logs.text();
    expect(written).toContain('request rejected');
    expect(written).toContain('request failed');
    expect(written).not.toContain(ACCESS);
  });
});
