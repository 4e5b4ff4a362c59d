import { DeleteUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { AuthorizedEvent } from '@authapi/shared/http';
import { handler } from '../../../functions/delete-me/index.js';
import { itAnswersAccessTokenErrors, itAnswersUpstreamFailures, itNeedsTheAccessToken } from '../../fixtures/cases.js';
import { accessTokenIn, cognitoError, cognitoMock } from '../../fixtures/cognito.js';
import { invoke, loadEvent } from '../../fixtures/lambda.js';
import { captureLogs } from '../../fixtures/logs.js';
import { expectProblem } from '../../fixtures/problem.js';
import { documentsMock } from '../../fixtures/dynamodb.js';
import { givenAccounts } from '../../fixtures/sessions.js';

const event = loadEvent<AuthorizedEvent>('delete-me');
const ACCESS = accessTokenIn(event);

describe('DELETE /me', () => {
  let logs: ReturnType<typeof captureLogs>;
  beforeEach(() => {
    cognitoMock.reset();
    documentsMock.reset();
    givenAccounts();
    logs = captureLogs();
  });
  afterEach(() => logs.restore());

  it('deletes the caller, with their own access token, and answers 204 without a body', async () => {
    cognitoMock.on(DeleteUserCommand).resolves({});

    const response = await invoke(handler, event);

    expect(response.statusCode).toBe(204);
    expect(response.body).toBeUndefined();
    expect(cognitoMock.commandCalls(DeleteUserCommand)[0]?.args[0].input).toEqual({ AccessToken: ACCESS });
  });

  it.each(['NotAuthorizedException', 'UserNotFoundException'])(
    'answers 401 NotAuthorized for a revoked token or a deleted user (%s)',
    async (name) => {
      cognitoMock.on(DeleteUserCommand).rejects(cognitoError(name));

      expectProblem(await invoke(handler, event), 401, 'NotAuthorized');
    },
  );

  itAnswersAccessTokenErrors(
    () => invoke(handler, event),
    (error) => cognitoMock.on(DeleteUserCommand).rejects(error),
  );

  itNeedsTheAccessToken(
    event,
    (request) => invoke(handler, request),
    () => cognitoMock.calls().length,
  );

  itAnswersUpstreamFailures(
    () => invoke(handler, event),
    (error) => cognitoMock.on(DeleteUserCommand).rejects(error),
  );

  it('never writes the access token to the logs', async () => {
    cognitoMock.on(DeleteUserCommand).resolves({});
    await invoke(handler, event);
    cognitoMock.on(DeleteUserCommand).rejects(cognitoError('NotAuthorizedException'));
    await invoke(handler, event);
    cognitoMock.on(DeleteUserCommand).rejects(new TypeError('boom'));
    await invoke(handler, event);

    const written = logs.text();
    expect(written).toContain('request rejected');
    expect(written).toContain('request failed');
    expect(written).not.toContain(ACCESS);
  });
});
