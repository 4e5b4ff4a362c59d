// DynamoDB in this process (dynalite): in memory, or in the data directory to keep items between
// runs. Tables come from the template's AWS::DynamoDB::Table resources, whatever they are.
import type { Server } from 'node:http';
import { join } from 'node:path';
import dynalite from 'dynalite';
import {
  CreateTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  UpdateTimeToLiveCommand,
  type CreateTableCommandInput,
} from '@aws-sdk/client-dynamodb';
import { close, listen } from './cognito.js';
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
  const server: Server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0, ...(options.dataDir ? { path: join(options.dataDir, 'dynamodb') } : {}) });
  const port = await listen(server, options.host, options.port);
  return { endpoint: `http://${options.host}:${port}`, stop: () => close(server) };
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
    const tableName = String(properties.TableName ?? `${ctx.stackName}-${id}`);
    if (!TableNames.includes(tableName)) {
      const input = Object.fromEntries(CREATE_TABLE_KEYS.filter((key) => key in properties).map((key) => [key, properties[key]]));
      await dynamodb.send(new CreateTableCommand({ ...input, TableName: tableName } as CreateTableCommandInput));
      const ttl = properties.TimeToLiveSpecification as { AttributeName?: string; Enabled?: boolean } | undefined;
      if (ttl?.Enabled && ttl.AttributeName) {
        await dynamodb.send(new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: { AttributeName: ttl.AttributeName, Enabled: true } }));
      }
    }
    const arn = `arn:aws:dynamodb:${ctx.region}:${ctx.accountId}:table/${tableName}`;
    ctx.resources[id] = { ref: tableName, attributes: { Arn: arn, StreamArn: `${arn}/stream/local` } };
  }
}
