// DynamoDB in this process (dynalite): in memory, or in the data directory to keep items between
// runs. Tables come from the template's AWS::DynamoDB::Table resources, whatever they are.
// TransactWriteItems, which dynalite lacks, is served in front of it (dynamodb-transactions.ts).
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { join } from 'node:path';
import dynalite from 'dynalite';
import { CreateTableCommand, DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { close, listen } from './listen.js';
import { isTransactWrite, transactWrite } from './dynamodb-transactions.js';
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

export async function startDynamoDb(options: { host: string; port: number; dataDir?: string }): Promise<LocalDynamoDb> {
  const server: Server = dynalite({
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
    ...(options.dataDir ? { path: join(options.dataDir, 'dynamodb') } : {}),
  });
  const port = await listen(server, options.host, options.port);
  const endpoint = `http://${options.host}:${port}`;
  const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const transactions = transactWrite(client);
  const [dynaliteHandler] = server.listeners('request') as Array<(request: IncomingMessage, response: ServerResponse) => void>;
  server.removeAllListeners('request');
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    if (isTransactWrite(request)) void transactions(request, response);
    else dynaliteHandler?.(request, response);
  });
  return {
    endpoint,
    stop: async () => {
      client.destroy();
      await close(server);
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
    }
    const arn = `arn:aws:dynamodb:${ctx.region}:${ctx.accountId}:table/${tableName}`;
    ctx.resources[id] = { ref: tableName, attributes: { Arn: arn, StreamArn: `${arn}/stream/local` } };
  }
}
