import { AdminDeleteUserCommand, AdminGetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { DeleteCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSRecord } from 'aws-lambda';
import { handler } from '../../../functions/erase-account/index.js';
import { cognitoError, cognitoMock, getUserAnswer, SUB } from '../../fixtures/cognito.js';
import { documentsMock, dynamodbError } from '../../fixtures/dynamodb.js';
import { FakeTables, sentJobs, sqsMock } from '../../fixtures/erasure.js';
import { context } from '../../fixtures/lambda.js';
import { captureLogs } from '../../fixtures/logs.js';
import { accountKey, ACCOUNTS_TABLE } from '../../fixtures/sessions.js';
import sqsEvent from '../../../events/erase-account.json';

const OTHER = '0d0d0d0d-1111-4222-8333-444444444444';
const record = (body: unknown, messageId = 'job-1'): SQSRecord => ({
  ...(sqsEvent.Records[0] as SQSRecord),
  messageId,
  body: JSON.stringify(body),
});
const run = (...records: SQSRecord[]) => handler({ Records: records }, context);

describe('erase-account (the erasure queue worker)', () => {
  let logs: ReturnType<typeof captureLogs>;
  let tables: FakeTables;
  /** The ACCOUNT item the worker reads: a tombstone by default. */
  let account: Record<string, unknown> | undefined;
  beforeEach(() => {
    cognitoMock.reset();
    documentsMock.reset();
    sqsMock.reset();
    tables = FakeTables.withUser(40, 30);
    tables.add('auth-api-test-messages', `USER#${OTHER}#INBOX`, 5);
    account = { ...accountKey(), deletedAt: 1, sessionsEndedAt: 1, expiresAt: 2 };
    documentsMock.on(GetCommand, { TableName: ACCOUNTS_TABLE }).callsFake(() => ({ Item: account }));
    documentsMock.on(DeleteCommand).resolves({});
    sqsMock.on(SendMessageCommand).resolves({ MessageId: 'm' });
    cognitoMock.on(AdminGetUserCommand).resolves(getUserAnswer);
    cognitoMock.on(AdminDeleteUserCommand).resolves({});
    logs = captureLogs();
  });
  afterEach(() => {
    logs.restore();
    process.env.ERASURE_ITEMS_PER_INVOCATION = '5000';
  });

  it("erases a confirmed job's user, keeping the tombstone and other users' items, without calling Cognito", async () => {
    expect(await run(record({ sub: SUB, confirmed: true }))).toEqual({ batchItemFailures: [] });

    expect(tables.leftOf()).toEqual([]);
    expect(tables.of(ACCOUNTS_TABLE)).toEqual([accountKey()]);
    expect(tables.leftOf(OTHER)).toHaveLength(5);
    expect(cognitoMock.calls()).toHaveLength(0);
    expect(sentJobs()).toEqual([]);
  });

  it('erases what the budget allows and queues the rest as a new confirmed job', async () => {
    process.env.ERASURE_ITEMS_PER_INVOCATION = '30';

    expect(await run(record({ sub: SUB, confirmed: true }))).toEqual({ batchItemFailures: [] });

    expect(tables.leftOf()).toHaveLength(40 + 30 + 3 - 30);
    expect(sentJobs().map(({ job }) => job)).toEqual([{ sub: SUB, confirmed: true }]);
  });

  it('stops with time to spare: with less than its reserve left, it erases nothing and hands the job on', async () => {
    const late = { ...context, getRemainingTimeInMillis: () => 2_000 };

    expect(await handler({ Records: [record({ sub: SUB, confirmed: true })] }, late)).toEqual({ batchItemFailures: [] });

    expect(tables.leftOf()).toHaveLength(40 + 30 + 3);
    expect(sentJobs().map(({ job }) => job)).toEqual([{ sub: SUB, confirmed: true }]);
  });

  it('gives the same end state when a job is delivered twice', async () => {
    await run(record({ sub: SUB, confirmed: true }));
    expect(await run(record({ sub: SUB, confirmed: true }))).toEqual({ batchItemFailures: [] });
    expect(tables.leftOf()).toEqual([]);
  });

  it('finishes closing an account whose DELETE /me died after the tombstone: Cognito user, directory entry, data', async () => {
    expect(await run(record({ sub: SUB, emails: ['Jane@Example.com'] }))).toEqual({ batchItemFailures: [] });

    expect(cognitoMock.commandCalls(AdminDeleteUserCommand)[0]?.args[0].input).toEqual({ UserPoolId: 'us-east-1_TEST', Username: SUB });
    expect(documentsMock.commandCalls(DeleteCommand)[0]?.args[0].input).toMatchObject({
      Key: { pk: 'EMAIL#jane@example.com', sk: 'EMAIL' },
      ExpressionAttributeValues: { ':sub': SUB },
    });
    expect(tables.leftOf()).toEqual([]);
  });

  it('drops the job of a deletion that never closed the account (no tombstone, Cognito still has the user)', async () => {
    account = undefined;

    expect(await run(record({ sub: SUB, emails: ['jane@example.com'] }))).toEqual({ batchItemFailures: [] });

    expect(tables.leftOf()).toHaveLength(40 + 30 + 3);
    expect(cognitoMock.commandCalls(AdminDeleteUserCommand)).toHaveLength(0);
    expect(documentsMock.commandCalls(DeleteCommand)).toHaveLength(0);
  });

  it('erases for a closed account whose tombstone has already expired (Cognito no longer has the user)', async () => {
    account = undefined;
    cognitoMock.on(AdminGetUserCommand).rejects(cognitoError('UserNotFoundException', 'User does not exist.'));

    expect(await run(record({ sub: SUB, emails: [] }))).toEqual({ batchItemFailures: [] });

    expect(tables.leftOf()).toEqual([]);
  });

  it('reports a failed job alone, so that only it comes back; a body that is not a job fails too', async () => {
    documentsMock.on(DeleteCommand).rejects(dynamodbError('InternalServerError', 'server'));

    const result = await run(
      record({ sub: SUB, emails: ['jane@example.com'] }, 'fails'),
      record({ sub: OTHER, confirmed: true }, 'works'),
      {
        ...record({}, 'junk'),
        body: 'not json',
      },
    );

    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'fails' }, { itemIdentifier: 'junk' }] });
    expect(tables.leftOf(OTHER)).toEqual([]);
    expect(logs.text()).not.toContain('jane@example.com');
  });
});
