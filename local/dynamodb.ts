// DynamoDB in this process (dynalite): in memory, or in the data directory to keep items between
// runs. Tables come from the template's AWS::DynamoDB::Table resources, whatever they are.
// dynalite lacks TransactWriteItems and TransactGetItems: they are served in front of it, all or
// nothing, with dynalite's own single-item operations (local/dynamodb/, docs/local-dynamodb.md).
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import dynalite from 'dynalite';
import { CreateTableCommand, ListTablesCommand, waitUntilTableExists, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { close, listen } from './listen.js';
import { ClientRequestTokens } from './dynamodb/client-request-tokens.js';
import { dynaliteClient } from './dynamodb/dynalite-client.js';
import { Gate } from './dynamodb/gate.js';
import { gatedHandler, type Operation, type RequestHandler } from './dynamodb/gated-handler.js';
import { transactGetItems } from './dynamodb/transact-get-items.js';
import { transactWriteItems } from './dynamodb/transact-write-items.js';
import { fileJournal, memoryJournal } from './dynamodb/undo-journal.js';
import { undoInterrupted } from './dynamodb/undo.js';
import { textOf } from '../scripts/lib/template.js';
import { resolvedProperties, type ResolveContext } from './resolve.js';

export interface LocalDynamoDb {
  endpoint: string;
  stop: () => Promise<void>;
}

// CreateTable's own parameters; the other properties (PointInTimeRecoverySpecification, Tags,
// SSESpecification...) change nothing locally.
const CREATE_TABLE_KEYS = [
  'AttributeDefinitions',
  'KeySchema',
  'BillingMode',
  'ProvisionedThroughput',
  'GlobalSecondaryIndexes',
  'LocalSecondaryIndexes',
  'StreamSpecification',
  'TableClass',
] as const;

/** The undo journal of the transaction under way, in the data directory. */
export const TRANSACTION_JOURNAL = 'dynamodb-transaction.json';

export async function startDynamoDb(options: {
  host: string;
  port: number;
  dataDir?: string;
  log?: (line: string) => void;
}): Promise<LocalDynamoDb> {
  const log = options.log ?? ((line: string) => console.log(line));
  const store: Server = dynalite({
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
    ...(options.dataDir ? { path: join(options.dataDir, 'dynamodb') } : {}),
  });
  const [dynaliteHandler] = store.listeners('request') as RequestHandler[];
  if (!dynaliteHandler) throw new Error('dynalite no longer handles requests with a request listener');
  // dynalite's own port serves the transactions' single-item operations only; clients use the gated one.
  const storePort = await listen(store, options.host, 0);
  const dynamo = dynaliteClient(options.host, storePort);
  const journal = options.dataDir ? fileJournal(join(options.dataDir, TRANSACTION_JOURNAL)) : memoryJournal;
  const gate = new Gate();
  const operations = new Map<string, Operation>([
    ['TransactWriteItems', transactWriteItems({ call: dynamo.call, gate, journal, tokens: new ClientRequestTokens() })],
    ['TransactGetItems', transactGetItems({ call: dynamo.call, gate })],
  ]);
  const server = createServer(gatedHandler(gate, dynaliteHandler, operations));
  const stopStore = async () => {
    dynamo.destroy();
    await close(store);
  };
  let port: number;
  try {
    const undone = await undoInterrupted(dynamo.call, journal);
    if (undone > 0) log(`DynamoDB: undid a transaction a crash interrupted (${undone} items put back)`);
    port = await listen(server, options.host, options.port);
  } catch (error) {
    await stopStore();
    throw error;
  }
  return {
    endpoint: `http://${options.host}:${port}`,
    stop: async () => {
      await close(server);
      // A transaction under way finishes (or is undone) before the store closes.
      await gate.enter(true).catch(() => undefined);
      await stopStore();
    },
  };
}

/** Creates the tables that do not exist yet and records their names and ARNs for !Ref / !GetAtt. */
export async function provisionTables(dynamodb: DynamoDBClient, ctx: ResolveContext): Promise<void> {
  const ids = Object.entries(ctx.template.Resources)
    .filter(([, resource]) => resource.Type === 'AWS::DynamoDB::Table')
    .map(([id]) => id);
  if (ids.length === 0) return;
  const { TableNames = [] } = await dynamodb.send(new ListTablesCommand({}));
  for (const id of ids) {
    const properties = resolvedProperties(ctx, id);
    const tableName = textOf(properties.TableName ?? `${ctx.stackName}-${id}`);
    if (!TableNames.includes(tableName)) {
      const input = Object.fromEntries(CREATE_TABLE_KEYS.filter((key) => key in properties).map((key) => [key, properties[key]]));
      // TimeToLiveSpecification is left out: dynalite has no TTL, so items never expire locally
      // (Powertools idempotency checks a record's expiry itself, so expired keys still act expired).
      await dynamodb.send(new CreateTableCommand({ ...input, TableName: tableName }));
      // dynalite answers ResourceNotFoundException until the table is ACTIVE (a moment after, longer on disk).
      await waitUntilTableExists({ client: dynamodb, maxWaitTime: 30, minDelay: 0.05, maxDelay: 0.2 }, { TableName: tableName });
    }
    const arn = `arn:aws:dynamodb:${ctx.region}:${ctx.accountId}:table/${tableName}`;
    ctx.resources[id] = { ref: tableName, attributes: { Arn: arn, StreamArn: `${arn}/stream/local` } };
  }
}
