// With a data directory, a transaction a crash interrupts is undone at the next start, before the
// local DynamoDB serves anything: from the journal it leaves (deterministic), and after SIGKILLs
// at random moments of a burst of transactions (crash-rounds.ts; more rounds: run-crash-rounds.ts).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { startDynamoDb, TRANSACTION_JOURNAL } from '../../local/dynamodb.js';
import { fileJournal } from '../../local/dynamodb/undo-journal.js';
import { crashRounds } from './dynamodb/crash-rounds.js';
import { BOXES, startLocalDynamoDb, stored, type Item, type LocalDynamoDb } from './dynamodb/local-dynamodb.js';

jest.setTimeout(120_000);

let dataDir: string;
let local: LocalDynamoDb | undefined;
beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'dynamodb-recovery-'))));
afterEach(async () => {
  await local?.stop();
  local = undefined;
  rmSync(dataDir, { recursive: true, force: true });
});

const inbox: Item = { pk: { S: 'recovery' }, sk: { S: 'inbox' } };
const sent: Item = { pk: { S: 'recovery' }, sk: { S: 'sent' } };

it('puts back the items of a transaction the journal says was interrupted, before serving', async () => {
  local = await startLocalDynamoDb(dataDir);
  await local.client.send(new PutItemCommand({ TableName: BOXES, Item: { ...inbox, version: { N: '1' } } }));
  // As a kill leaves it: the journal recorded, the inbox overwritten, the sent copy written.
  await fileJournal(join(dataDir, TRANSACTION_JOURNAL)).record([
    { TableName: BOXES, Key: inbox, Item: { ...inbox, version: { N: '1' } } },
    { TableName: BOXES, Key: sent },
  ]);
  await local.client.send(new PutItemCommand({ TableName: BOXES, Item: { ...inbox, version: { N: '2' } } }));
  await local.client.send(new PutItemCommand({ TableName: BOXES, Item: { ...sent, version: { N: '2' } } }));
  await local.stop();

  local = await startLocalDynamoDb(dataDir);
  expect(local.logs).toEqual(['DynamoDB: undid a transaction a crash interrupted (2 items put back)']);
  expect(await stored(local.client, BOXES, inbox)).toEqual({ ...inbox, version: { N: '1' } });
  expect(await stored(local.client, BOXES, sent)).toBeUndefined();
  expect(await fileJournal(join(dataDir, TRANSACTION_JOURNAL)).interrupted()).toBeUndefined();
});

it('refuses to start on a damaged journal, and leaves it', async () => {
  writeFileSync(join(dataDir, TRANSACTION_JOURNAL), '{"version":1,"ima');
  await expect(startLocalDynamoDb(dataDir)).rejects.toThrow(/dynamodb-transaction\.json is damaged/);
  expect(readFileSync(join(dataDir, TRANSACTION_JOURNAL), 'utf8')).toBe('{"version":1,"ima');
});

it('releases the data directory when it cannot start (its port taken)', async () => {
  const holder = await startLocalDynamoDb();
  const taken = Number(new URL(holder.endpoint).port);
  await expect(startDynamoDb({ host: '127.0.0.1', port: taken, dataDir, log: () => undefined })).rejects.toThrow(/EADDRINUSE/);
  await holder.stop();
  local = await startLocalDynamoDb(dataDir);
  await local.client.send(new PutItemCommand({ TableName: BOXES, Item: inbox }));
  expect(await stored(local.client, BOXES, inbox)).toEqual(inbox);
  // A store left open keeps LevelDB's lock, and the requests above then wait for ever.
}, 20_000);

it('keeps every acknowledged transaction whole and none half-applied across SIGKILLs during a burst', async () => {
  const results = await crashRounds(3);
  expect(results.map(({ half, lost }) => ({ half, lost }))).toEqual(results.map(() => ({ half: 0, lost: 0 })));
  expect(results.reduce((sum, { acknowledged }) => sum + acknowledged, 0)).toBeGreaterThan(0);
});
