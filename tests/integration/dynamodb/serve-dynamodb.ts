// The crash test's child process: the local DynamoDB on a free port with a data directory, and
// one table. Prints its endpoint as a JSON line once it serves.
import { CreateTableCommand, DynamoDBClient, ListTablesCommand, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { startDynamoDb } from '../../../local/dynamodb.js';
import { CRASH_TABLE } from './crash-rounds.js';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: serve-dynamodb.ts DATA_DIR');
const { endpoint } = await startDynamoDb({ host: '127.0.0.1', port: 0, dataDir, log: (line) => process.stderr.write(`${line}\n`) });
const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
const { TableNames = [] } = await client.send(new ListTablesCommand({}));
if (!TableNames.includes(CRASH_TABLE)) {
  await client.send(
    new CreateTableCommand({
      TableName: CRASH_TABLE,
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
}
// dynalite answers ResourceNotFoundException until the new table is ACTIVE.
await waitUntilTableExists({ client, maxWaitTime: 30, minDelay: 0.05, maxDelay: 0.2 }, { TableName: CRASH_TABLE });
client.destroy();
process.stdout.write(`${JSON.stringify({ endpoint })}\n`);
