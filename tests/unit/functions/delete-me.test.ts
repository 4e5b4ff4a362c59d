import { DeleteUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { AuthorizedEvent } from '@authapi/shared/http';
import { handler } from '../../../functions/delete-me/index.js';
import {
  itAnswersAccessTokenErrors,
  itAnswersUpstreamFailures,
  itNeedsARecentSignIn,
  itNeedsTheAccessToken,
} from '../../fixtures/cases.js';
import { accessTokenIn, cognitoError, cognitoMock, SUB } from '../../fixtures/cognito.js';
import { invoke, loadEvent } from '../../fixtures/lambda.js';
import { captureLogs } from '../../fixtures/logs.js';
import { expectProblem } from '../../fixtures/problem.js';
import { documentsMock, dynamodbError } from '../../fixtures/dynamodb.js';
import { accountKey, ACCOUNTS_TABLE, givenAccounts } from '../../fixtures/sessions.js';

const event = loadEvent<AuthorizedEvent>('delete-me');
const ACCESS = accessTokenIn(event);

describe('DELETE /me', () => {
  let logs: ReturnType<typeof captureLogs>;
  beforeEach(() => {
    cognitoMock.reset();
    documentsMock.reset();
    givenAccounts();
    documentsMock.on(PutCommand).resolves({});
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

  it("then, last, replaces the account's item with its tombstone, which refuses the user's unexpired tokens", async () => {
    cognitoMock.on(DeleteUserCommand).resolves({});

    expect((await invoke(handler, event)).statusCode).toBe(204);

    const [tombstone] = documentsMock.commandCalls(PutCommand);
    expect(tombstone?.args[0].input).toEqual({
      TableName: ACCOUNTS_TABLE,
      Item: { ...accountKey(SUB), deletedAt: expect.any(Number), sessionsEndedAt: expect.any(Number), expiresAt: expect.any(Number) },
    });
    expect(tombstone?.calledAfter(cognitoMock.commandCalls(DeleteUserCommand)[0]!)).toBe(true);
  });

  it.each([
    ['NotAuthorizedException', 'User does not exist.'],
    ['UserNotFoundException', 'User does not exist.'],
  ])(
    'finishes a deletion Cognito has already done (a retry, or an administrator): %s "%s" -> 204 and the tombstone',
    async (name, message) => {
      cognitoMock.on(DeleteUserCommand).rejects(cognitoError(name, message));

      expect((await invoke(handler, event)).statusCode).toBe(204);
      expect(documentsMock.commandCalls(PutCommand)).toHaveLength(1);
    },
  );

  it('answers 401 NotAuthorized, writing no tombstone, for a token Cognito revoked', async () => {
    cognitoMock.on(DeleteUserCommand).rejects(cognitoError('NotAuthorizedException', 'Access Token has been revoked'));

    expectProblem(await invoke(handler, event), 401, 'NotAuthorized');
    expect(documentsMock.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('answers 503 when the tombstone cannot be written; the retry then finishes the deletion', async () => {
    cognitoMock.on(DeleteUserCommand).resolves({});
    documentsMock.on(PutCommand).rejects(dynamodbError('InternalServerError', 'server'));
    expectProblem(await invoke(handler, event), 503, 'ServiceUnavailable');

    cognitoMock.on(DeleteUserCommand).rejects(cognitoError('NotAuthorizedException', 'User does not exist.'));
    documentsMock.on(PutCommand).resolves({});
    expect((await invoke(handler, event)).statusCode).toBe(204);
  });

  itAnswersAccessTokenErrors(
    () => invoke(handler, event),
    (error) => cognitoMock.on(DeleteUserCommand).rejects(error),
    '',
    ['UserNotFoundException'],
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
