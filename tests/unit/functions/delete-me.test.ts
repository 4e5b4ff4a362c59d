import { DeleteUserCommand, GetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { SendMessageCommand, SQSServiceException } from '@aws-sdk/client-sqs';
import { BatchWriteCommand, DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { AuthorizedEvent } from '@authapi/shared/http';
import { handler } from '../../../functions/delete-me/index.js';
import {
  itAnswersAccessTokenErrors,
  itAnswersUpstreamFailures,
  itNeedsARecentSignIn,
  itNeedsTheAccessToken,
} from '../../fixtures/cases.js';
import { accessTokenIn, cognitoError, cognitoMock, getUserAnswer, SUB } from '../../fixtures/cognito.js';
import { documentsMock, dynamodbError } from '../../fixtures/dynamodb.js';
import { ERASURE_QUEUE_URL, FakeTables, sentJobs, sqsMock } from '../../fixtures/erasure.js';
import { invoke, loadEvent } from '../../fixtures/lambda.js';
import { captureLogs } from '../../fixtures/logs.js';
import { expectProblem } from '../../fixtures/problem.js';
import { accountKey, ACCOUNTS_TABLE, givenAccounts } from '../../fixtures/sessions.js';

const event = loadEvent<AuthorizedEvent>('delete-me');
const ACCESS = accessTokenIn(event);
const EMAIL = 'jane@example.com';

describe('DELETE /me', () => {
  let logs: ReturnType<typeof captureLogs>;
  let tables: FakeTables;
  beforeEach(() => {
    cognitoMock.reset();
    documentsMock.reset();
    sqsMock.reset();
    givenAccounts();
    tables = FakeTables.withUser(40, 30);
    documentsMock.on(PutCommand).resolves({});
    documentsMock.on(DeleteCommand).resolves({});
    sqsMock.on(SendMessageCommand).resolves({ MessageId: 'm' });
    cognitoMock.on(GetUserCommand).resolves(getUserAnswer);
    cognitoMock.on(DeleteUserCommand).resolves({});
    logs = captureLogs();
  });
  afterEach(() => {
    logs.restore();
    process.env.ERASURE_ITEMS_PER_INVOCATION = '5000';
  });

  it('deletes the caller in Cognito with their own access token, erases their data and answers 204 without a body', async () => {
    const response = await invoke(handler, event);

    expect(response.statusCode).toBe(204);
    expect(response.body).toBeUndefined();
    expect(cognitoMock.commandCalls(DeleteUserCommand)[0]?.args[0].input).toEqual({ AccessToken: ACCESS });
    expect(tables.leftOf()).toEqual([]);
  });

  it('queues the job first (delayed, with the email), then writes the tombstone, then removes the directory entry and the Cognito user', async () => {
    expect((await invoke(handler, event)).statusCode).toBe(204);

    expect(sentJobs()[0]).toEqual({ queue: ERASURE_QUEUE_URL, job: { sub: SUB, emails: [EMAIL] }, delaySeconds: 30 });
    const [tombstone] = documentsMock.commandCalls(PutCommand);
    expect(tombstone?.args[0].input).toEqual({
      TableName: ACCOUNTS_TABLE,
      Item: { ...accountKey(SUB), deletedAt: expect.any(Number), sessionsEndedAt: expect.any(Number), expiresAt: expect.any(Number) },
    });
    const [directory] = documentsMock.commandCalls(DeleteCommand);
    expect(directory?.args[0].input).toMatchObject({
      TableName: ACCOUNTS_TABLE,
      Key: { pk: `EMAIL#${EMAIL}`, sk: 'EMAIL' },
      ConditionExpression: '#sub = :sub',
      ExpressionAttributeValues: { ':sub': SUB },
    });
    const [queued] = sqsMock.commandCalls(SendMessageCommand);
    const [deleted] = cognitoMock.commandCalls(DeleteUserCommand);
    expect(tombstone?.calledAfter(queued!)).toBe(true);
    expect(directory?.calledAfter(tombstone!)).toBe(true);
    expect(deleted?.calledAfter(directory!)).toBe(true);
    expect(documentsMock.commandCalls(BatchWriteCommand)[0]?.calledAfter(deleted!)).toBe(true);
  });

  it('keeps the tombstone and erases everything else inline for a small account: no second job', async () => {
    expect((await invoke(handler, event)).statusCode).toBe(204);
    expect(tables.of(ACCOUNTS_TABLE)).toEqual([accountKey(SUB)]);
    expect(sentJobs()).toHaveLength(1);
  });

  it('hands what does not fit the invocation to the queue as a confirmed job', async () => {
    process.env.ERASURE_ITEMS_PER_INVOCATION = '25';

    expect((await invoke(handler, event)).statusCode).toBe(204);

    expect(tables.leftOf()).toHaveLength(40 + 30 + 3 - 25);
    expect(sentJobs()[1]).toEqual({ queue: ERASURE_QUEUE_URL, job: { sub: SUB, confirmed: true }, delaySeconds: undefined });
  });

  it('answers 503 and closes nothing when the job cannot be queued; the retry then deletes', async () => {
    sqsMock
      .on(SendMessageCommand)
      .rejects(
        new SQSServiceException({ name: 'InternalError', message: 'queue down', $fault: 'server', $metadata: { httpStatusCode: 500 } }),
      );
    expectProblem(await invoke(handler, event), 503, 'ServiceUnavailable');
    expect(documentsMock.commandCalls(PutCommand)).toHaveLength(0);
    expect(cognitoMock.commandCalls(DeleteUserCommand)).toHaveLength(0);

    sqsMock.on(SendMessageCommand).resolves({ MessageId: 'm' });
    expect((await invoke(handler, event)).statusCode).toBe(204);
  });

  it('answers 503 when the tombstone cannot be written: the account stays open, and the retry deletes', async () => {
    documentsMock.on(PutCommand).rejects(dynamodbError('InternalServerError', 'server'));
    expectProblem(await invoke(handler, event), 503, 'ServiceUnavailable');
    expect(cognitoMock.commandCalls(DeleteUserCommand)).toHaveLength(0);

    documentsMock.on(PutCommand).resolves({});
    expect((await invoke(handler, event)).statusCode).toBe(204);
  });

  it('answers 204 once the account is closed even if a later step fails: the queued job finishes it', async () => {
    cognitoMock.on(DeleteUserCommand).rejects(cognitoError('InternalErrorException', 'boom', 'server'));

    expect((await invoke(handler, event)).statusCode).toBe(204);
    expect(documentsMock.commandCalls(PutCommand)).toHaveLength(1);
    expect(logs.text()).toContain('erasure left to the queue');
  });

  it.each([
    ['NotAuthorizedException', 'User does not exist.'],
    ['UserNotFoundException', 'User does not exist.'],
  ])('finishes a deletion whose Cognito user is already gone (an administrator): %s "%s" -> 204', async (name, message) => {
    cognitoMock.on(GetUserCommand).rejects(cognitoError(name, message));
    cognitoMock.on(DeleteUserCommand).rejects(cognitoError(name, message));

    expect((await invoke(handler, event)).statusCode).toBe(204);
    expect(sentJobs()[0]?.job).toEqual({ sub: SUB, emails: [] });
    expect(documentsMock.commandCalls(PutCommand)).toHaveLength(1);
    expect(tables.leftOf()).toEqual([]);
  });

  it('answers 401 NotAuthorized, queueing and writing nothing, for a token Cognito revoked', async () => {
    cognitoMock.on(GetUserCommand).rejects(cognitoError('NotAuthorizedException', 'Access Token has been revoked'));

    expectProblem(await invoke(handler, event), 401, 'NotAuthorized');
    expect(sentJobs()).toEqual([]);
    expect(documentsMock.commandCalls(PutCommand)).toHaveLength(0);
  });

  itAnswersAccessTokenErrors(
    () => invoke(handler, event),
    (error) => cognitoMock.on(GetUserCommand).rejects(error),
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
    (error) => cognitoMock.on(GetUserCommand).rejects(error),
  );

  it('never writes the access token or the email to the logs', async () => {
    await invoke(handler, event);
    cognitoMock.on(DeleteUserCommand).rejects(new TypeError('boom'));
    await invoke(handler, event);
    cognitoMock.on(GetUserCommand).rejects(cognitoError('NotAuthorizedException'));
    await invoke(handler, event);

    const written = logs.text();
    expect(written).toContain('request rejected');
    expect(written).toContain('erasure left to the queue');
    expect(written).not.toContain(ACCESS);
    expect(written).not.toContain(EMAIL);
  });
});
