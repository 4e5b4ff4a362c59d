import { readFileSync } from 'node:fs';
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { PostAuthenticationTriggerEvent } from 'aws-lambda';
import { handler } from '../../../functions/post-authentication/index.js';
import { SUB } from '../../fixtures/cognito.js';
import { documentsMock, dynamodbError } from '../../fixtures/dynamodb.js';
import { context } from '../../fixtures/lambda.js';
import { captureLogs } from '../../fixtures/logs.js';
import { ACCOUNTS_TABLE } from '../../fixtures/sessions.js';

const event = JSON.parse(readFileSync('events/post-authentication.json', 'utf8')) as PostAuthenticationTriggerEvent;

describe('Post authentication trigger', () => {
  let logs: ReturnType<typeof captureLogs>;
  beforeEach(() => {
    documentsMock.reset();
    documentsMock.on(GetCommand).resolves({});
    documentsMock.on(TransactWriteCommand).resolves({});
    logs = captureLogs();
  });
  afterEach(() => logs.restore());

  it("writes the signed-in user's email (an administrator-created user's first sign-in) into the directory and the user's account, and returns the event", async () => {
    expect(await handler(event, context)).toEqual(event);
    const [write] = documentsMock.commandCalls(TransactWriteCommand);
    expect(write?.args[0].input.TransactItems).toEqual([
      {
        Put: expect.objectContaining({
          TableName: ACCOUNTS_TABLE,
          Item: { pk: 'EMAIL#jane@example.com', sk: 'EMAIL', sub: SUB, updatedAt: expect.any(Number) },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      },
      {
        Update: expect.objectContaining({
          Key: { pk: `USER#${SUB}`, sk: 'ACCOUNT' },
          UpdateExpression: 'SET email = :email, emailUpdatedAt = :now',
          ConditionExpression: '(attribute_not_exists(pk)) AND attribute_not_exists(deletedAt)',
        }),
      },
    ]);
  });

  it('writes nothing at a later sign-in, once the directory has it', async () => {
    documentsMock.on(GetCommand).callsFake(({ Key }: { Key: { pk: string } }) => ({
      Item: Key.pk.startsWith('EMAIL#') ? { sub: SUB, updatedAt: 1 } : { email: 'jane@example.com', emailUpdatedAt: 1 },
    }));
    expect(await handler(event, context)).toEqual(event);
    expect(documentsMock.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('logs a DynamoDB failure and still returns the event: a sign-in is never refused for it', async () => {
    documentsMock.on(TransactWriteCommand).rejects(dynamodbError('InternalServerError', 'server'));
    expect(await handler(event, context)).toEqual(event);
    expect(logs.text()).toMatch(/directory entry not written/);
  });
});
