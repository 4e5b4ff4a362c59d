// The two Cognito triggers that write the users directory (Post confirmation, Post authentication): the same
// claim of the user's email, and the same rule that a failure is logged, never thrown back at Cognito.
import { readFileSync } from 'node:fs';
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { handler as postAuthentication } from '../../../functions/post-authentication/index.js';
import { handler as postConfirmation } from '../../../functions/post-confirmation/index.js';
import { SUB } from '../../fixtures/cognito.js';
import { documentsMock, dynamodbError } from '../../fixtures/dynamodb.js';
import { context } from '../../fixtures/lambda.js';
import { captureLogs } from '../../fixtures/logs.js';
import { ACCOUNTS_TABLE } from '../../fixtures/sessions.js';

interface TriggerEvent {
  triggerSource: string;
  request: { userAttributes: Record<string, string> };
}
type Trigger = (event: TriggerEvent, context: Context) => Promise<TriggerEvent>;
const eventOf = (name: string) => JSON.parse(readFileSync(`events/${name}.json`, 'utf8')) as TriggerEvent;

describe.each([
  {
    trigger: 'Post confirmation',
    handler: postConfirmation as unknown as Trigger,
    event: eventOf('post-confirmation'),
    // A password reset runs the trigger again, for a user the directory already has.
    repeat: 'PostConfirmation_ConfirmForgotPassword',
  },
  {
    trigger: 'Post authentication',
    handler: postAuthentication as unknown as Trigger,
    // An administrator-created user's first sign-in is where this trigger writes; later sign-ins find the entry.
    event: eventOf('post-authentication'),
    repeat: 'PostAuthentication_Authentication',
  },
])('$trigger trigger', ({ handler, event, repeat }) => {
  let logs: ReturnType<typeof captureLogs>;
  beforeEach(() => {
    documentsMock.reset();
    documentsMock.on(GetCommand).resolves({});
    documentsMock.on(TransactWriteCommand).resolves({});
    logs = captureLogs();
  });
  afterEach(() => logs.restore());

  it("writes the email, in lower case, into the directory and the user's account, and returns the event", async () => {
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

  it('writes nothing when the directory has the entry already', async () => {
    documentsMock.on(GetCommand).callsFake(({ Key }: { Key: { pk: string } }) => ({
      Item: Key.pk.startsWith('EMAIL#') ? { sub: SUB, updatedAt: 1 } : { email: 'jane@example.com', emailUpdatedAt: 1 },
    }));
    const again = { ...event, triggerSource: repeat };
    expect(await handler(again, context)).toEqual(again);
    expect(documentsMock.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('logs a DynamoDB failure and still returns the event: Cognito never refuses the user for it', async () => {
    documentsMock.on(TransactWriteCommand).rejects(dynamodbError('InternalServerError', 'server'));
    expect(await handler(event, context)).toEqual(event);
    expect(logs.text()).toMatch(/directory entry not written/);
  });
});
