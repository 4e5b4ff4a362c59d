// While transactions run on the local DynamoDB, concurrent readers never see part of one: not
// the first items of a transaction being applied, nor those of one a failed condition cancels.
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis.html#transaction-isolation
import { QueryCommand, TransactGetItemsCommand, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { BOXES, startLocalDynamoDb, type LocalDynamoDb } from './dynamodb/local-dynamodb.js';

jest.setTimeout(60_000);

let local: LocalDynamoDb;
beforeAll(async () => (local = await startLocalDynamoDb()));
afterAll(async () => local?.stop());

const TRANSACTIONS = 60;
const box = (n: number, sk: string) => ({ pk: { S: `isolation-${n}` }, sk: { S: sk } });

/** Transaction n writes copies of version n in both boxes; every third is cancelled by its last condition. */
async function writer(done: { now: boolean }): Promise<void> {
  for (let n = 0; n < TRANSACTIONS && !done.now; n += 1) {
    const cancelled = n % 3 === 2;
    await local.client
      .send(
        new TransactWriteItemsCommand({
          TransactItems: [
            { Put: { TableName: BOXES, Item: { ...box(0, 'inbox'), version: { N: String(n) } } } },
            { Put: { TableName: BOXES, Item: { ...box(0, 'sent'), version: { N: String(n) } } } },
            { Put: { TableName: BOXES, Item: box(n, 'extra') } },
            {
              ConditionCheck: {
                TableName: BOXES,
                Key: box(n, 'marker'),
                ConditionExpression: cancelled ? 'attribute_exists(pk)' : 'attribute_not_exists(pk)',
              },
            },
          ],
        }),
      )
      .catch((error: Error) => {
        if (!cancelled || error.name !== 'TransactionCanceledException') throw error;
      });
  }
}

/** Reads both boxes in one request until the writer is done; returns the versions it saw. */
async function reader(done: { now: boolean }, read: () => Promise<Array<string | undefined>>): Promise<Set<string>> {
  const seen = new Set<string>();
  while (!done.now) {
    const [inbox, sent] = await read();
    if (inbox !== sent) throw new Error(`saw inbox at version ${String(inbox)} and sent at ${String(sent)}`);
    if (inbox !== undefined) seen.add(inbox);
  }
  return seen;
}

const byQuery = async () => {
  const { Items = [] } = await local.client.send(
    new QueryCommand({
      TableName: BOXES,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': box(0, '').pk },
      ConsistentRead: true,
    }),
  );
  const version = (sk: string) => Items.find((item) => item.sk?.S === sk)?.version?.N;
  return [version('inbox'), version('sent')];
};

const byTransactGet = async () => {
  const { Responses = [] } = await local.client.send(
    new TransactGetItemsCommand({
      TransactItems: [{ Get: { TableName: BOXES, Key: box(0, 'inbox') } }, { Get: { TableName: BOXES, Key: box(0, 'sent') } }],
    }),
  );
  return Responses.map((response) => response.Item?.version?.N);
};

it('shows readers each transaction whole or not at all, and never one that was cancelled', async () => {
  // The first to finish or fail stops the others, so nothing runs on once the test is over.
  const done = { now: false };
  const stop = () => (done.now = true);
  const readers = [reader(done, byQuery), reader(done, byQuery), reader(done, byTransactGet)].map((read) => read.finally(stop));
  const [written, ...read] = await Promise.allSettled([writer(done).finally(stop), ...readers]);
  for (const result of [written, ...read]) if (result?.status === 'rejected') throw result.reason;
  const seen = new Set(read.flatMap((result) => (result.status === 'fulfilled' ? [...result.value] : [])));
  const cancelledVersions = [...seen].filter((version) => Number(version) % 3 === 2);
  expect(cancelledVersions).toEqual([]);
  expect(seen.size).toBeGreaterThan(1);
  for (let n = 0; n < TRANSACTIONS; n += 1) {
    const { Items = [] } = await local.client.send(
      new QueryCommand({ TableName: BOXES, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': box(n, '').pk } }),
    );
    const extras = Items.filter((item) => item.sk?.S === 'extra').length;
    expect([n, extras]).toEqual([n, n % 3 === 2 ? 0 : 1]);
  }
});
