// The local DynamoDB in this process on a free port, with two tables, driven through the AWS SDK.
import {
  CreateTableCommand,
  DynamoDBClient,
  DynamoDBServiceException,
  GetItemCommand,
  ListTablesCommand,
  TransactionCanceledException,
  waitUntilTableExists,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb';
import { startDynamoDb } from '../../../local/dynamodb.js';

export type Item = Record<string, AttributeValue>;

/** Partition key `pk` and sort key `sk`, both strings. */
export const BOXES = 'boxes';
/** Partition key `id`, a string. */
export const COUNTERS = 'counters';

const TABLES = [
  {
    TableName: BOXES,
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' as const },
      { AttributeName: 'sk', AttributeType: 'S' as const },
    ],
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' as const },
      { AttributeName: 'sk', KeyType: 'RANGE' as const },
    ],
  },
  {
    TableName: COUNTERS,
    AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' as const }],
    KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' as const }],
  },
];

export interface LocalDynamoDb {
  endpoint: string;
  client: DynamoDBClient;
  /** What it logged. */
  logs: string[];
  stop: () => Promise<void>;
}

/** The local DynamoDB on a free port (in `dataDir` if given), with both tables. */
export async function startLocalDynamoDb(dataDir?: string): Promise<LocalDynamoDb> {
  const logs: string[] = [];
  const dynamodb = await startDynamoDb({ host: '127.0.0.1', port: 0, ...(dataDir ? { dataDir } : {}), log: (line) => logs.push(line) });
  const client = new DynamoDBClient({
    endpoint: dynamodb.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  const { TableNames = [] } = await client.send(new ListTablesCommand({}));
  for (const table of TABLES.filter(({ TableName }) => !TableNames.includes(TableName))) {
    await client.send(new CreateTableCommand({ ...table, BillingMode: 'PAY_PER_REQUEST' }));
    // dynalite answers ResourceNotFoundException until the new table is ACTIVE.
    await waitUntilTableExists({ client, maxWaitTime: 30, minDelay: 0.05, maxDelay: 0.2 }, { TableName: table.TableName });
  }
  return {
    endpoint: dynamodb.endpoint,
    client,
    logs,
    stop: async () => {
      client.destroy();
      await dynamodb.stop();
    },
  };
}

/** The item as stored now (strongly consistent), or undefined. */
export async function stored(client: DynamoDBClient, TableName: string, Key: Item): Promise<Item | undefined> {
  return (await client.send(new GetItemCommand({ TableName, Key, ConsistentRead: true }))).Item;
}

/** The error `send` rejects with (the test fails if it resolves). */
export async function refusalOf(send: Promise<unknown>): Promise<DynamoDBServiceException> {
  const error: unknown = await send.then(
    () => new Error('expected a refusal'),
    (reason: unknown) => reason,
  );
  if (!(error instanceof DynamoDBServiceException)) throw error;
  return error;
}

/** The cancellation reasons' codes of a TransactionCanceledException (the test fails on any other error). */
export async function cancellationOf(send: Promise<unknown>): Promise<TransactionCanceledException> {
  const error = await refusalOf(send);
  if (!(error instanceof TransactionCanceledException)) throw error;
  return error;
}
