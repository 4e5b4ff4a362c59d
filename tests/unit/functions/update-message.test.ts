import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { AuthorizedEvent } from '@authapi/shared/http';
import { handler } from '../../../functions/update-message/index.js';
import { itAnswersUpstreamFailures, itRejectsUnreadableBodies } from '../../fixtures/cases.js';
import { SUB } from '../../fixtures/cognito.js';
import { documentsMock, dynamodbError } from '../../fixtures/dynamodb.js';
import { invoke, loadEvent, withBody } from '../../fixtures/lambda.js';
import { captureLogs } from '../../fixtures/logs.js';
import { expectProblem, expectValidationError } from '../../fixtures/problem.js';
import { givenAccounts, outsideAccounts } from '../../fixtures/sessions.js';

const event = loadEvent<AuthorizedEvent>('update-message');
const ID = '01KAR1Z5Q8V7N3M2K4J6H8G0FD';
const message = {
  id: ID,
  from: { sub: 'b', email: 'bob@example.com' },
  to: { sub: SUB, email: 'jane@example.com' },
  subject: 'Hi',
  body: 'Hello',
  createdAt: '2026-11-22T10:00:00.000Z',
};
const inboxKey = { pk: `USER#${SUB}#INBOX`, sk: ID };
const updateInput = () => documentsMock.commandCalls(UpdateCommand)[0]?.args[0].input;

describe('PATCH /messages/{id}', () => {
  let logs: ReturnType<typeof captureLogs>;
  beforeEach(() => {
    documentsMock.reset();
    givenAccounts();
    logs = captureLogs();
  });
  afterEach(() => logs.restore());

  it("marks the caller's received copy read, keeping the first read time", async () => {
    documentsMock.on(UpdateCommand).resolves({ Attributes: { ...inboxKey, ...message, readAt: '2026-11-22T11:00:00.000Z' } });

    const response = await invoke(handler, withBody(event, { read: true }));

    expect(response).toMatchObject({ statusCode: 200, body: { ...message, readAt: '2026-11-22T11:00:00.000Z' } });
    expect(updateInput()).toEqual({
      TableName: 'auth-api-test-messages',
      Key: inboxKey,
      ConditionExpression: 'attribute_exists(pk)',
      UpdateExpression: 'SET readAt = if_not_exists(readAt, :now)',
      ExpressionAttributeValues: { ':now': expect.any(String) },
      ReturnValues: 'ALL_NEW',
    });
    const now = Date.parse(String(updateInput()?.ExpressionAttributeValues?.[':now']));
    expect(Math.abs(now - Date.now())).toBeLessThan(5_000);
    expect(updateInput()?.ExpressionAttributeValues?.[':now']).toBe(new Date(now).toISOString());
    expect(outsideAccounts(documentsMock.commandCalls(GetCommand))).toHaveLength(0);
  });

  it('marks it unread by removing readAt', async () => {
    documentsMock.on(UpdateCommand).resolves({ Attributes: { ...inboxKey, ...message } });

    const response = await invoke(handler, withBody(event, { read: false }));

    expect(response.statusCode).toBe(200);
    expect(response.body).not.toHaveProperty('readAt');
    expect(updateInput()).toMatchObject({ Key: inboxKey, UpdateExpression: 'REMOVE readAt' });
    expect(updateInput()).not.toHaveProperty('ExpressionAttributeValues');
  });

  it('answers 403 NotRecipient for a message the caller sent', async () => {
    documentsMock.on(UpdateCommand).rejects(dynamodbError('ConditionalCheckFailedException'));
    documentsMock.on(GetCommand).resolves({ Item: { pk: `USER#${SUB}#SENT` } });

    expectProblem(await invoke(handler, withBody(event, { read: true })), 403, 'NotRecipient');
    expect(outsideAccounts(documentsMock.commandCalls(GetCommand))[0]?.args[0].input.Key).toEqual({ pk: `USER#${SUB}#SENT`, sk: ID });
  });

  it("answers 404 MessageNotFound for a message in neither of the caller's boxes", async () => {
    documentsMock.on(UpdateCommand).rejects(dynamodbError('ConditionalCheckFailedException'));
    documentsMock.on(GetCommand).resolves({});

    expectProblem(await invoke(handler, withBody(event, { read: true })), 404, 'MessageNotFound');
    expect(outsideAccounts(documentsMock.commandCalls(GetCommand)).map((call) => call.args[0].input.Key)).toEqual([
      { pk: `USER#${SUB}#SENT`, sk: ID },
    ]);
  });

  it('answers 404 for an id that cannot be a message id, without touching the table', async () => {
    expectProblem(await invoke(handler, withBody({ ...event, pathParameters: { id: 'x' } }, { read: true })), 404, 'MessageNotFound');
    expect(outsideAccounts(documentsMock.calls())).toHaveLength(0);
  });

  it.each([
    ['a missing read', {}],
    ['read as a string', { read: 'yes' }],
    ['read as a number', { read: 1 }],
    ['read null', { read: null }],
  ])('rejects %s', async (_case, body) => {
    expectValidationError(await invoke(handler, withBody(event, body)), ['read']);
    expect(outsideAccounts(documentsMock.calls())).toHaveLength(0);
  });

  itRejectsUnreadableBodies(
    (raw) => invoke(handler, withBody(event, raw)),
    () => outsideAccounts(documentsMock.calls()).length,
  );

  itAnswersUpstreamFailures(
    () => invoke(handler, withBody(event, { read: true })),
    (error) => documentsMock.on(UpdateCommand).rejects(error),
  );
});
