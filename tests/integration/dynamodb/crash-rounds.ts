// SIGKILLs a child process serving the local DynamoDB (with a data directory) while a burst of
// two-item transactions runs, restarts it, and checks that every acknowledged transaction is whole
// and that no transaction is half-applied. More rounds than npm test runs: run-crash-rounds.ts.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { DynamoDBClient, ScanCommand, TransactWriteItemsCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';

export const CRASH_TABLE = 'crash-test';
// Paths from the repository's root, where npm test and the script run.
const SERVER = join('tests', 'integration', 'dynamodb', 'serve-dynamodb.ts');
const WORKERS = 8;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface RoundResult {
  /** Transactions the server answered 200 before the kill. */
  acknowledged: number;
  /** Transactions with both items after the restart. */
  whole: number;
  /** Transactions of this round with one item of two after the restart. */
  half: number;
  /** Acknowledged transactions missing (in part or whole) after the restart. */
  lost: number;
  /** Whether the restart found a transaction interrupted by the kill and undid it. */
  undidOne: boolean;
}

interface Child {
  process: ChildProcess;
  client: DynamoDBClient;
  /** What it wrote on stderr (its log). */
  log: () => string;
}

async function startChild(dataDir: string): Promise<Child> {
  const child = spawn(process.execPath, ['--import', 'tsx', SERVER, dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const lines = createInterface({ input: child.stdout });
  const endpoint = await new Promise<string>((resolve, reject) => {
    lines.once('line', (line) => resolve((JSON.parse(line) as { endpoint: string }).endpoint));
    child.once('exit', (code) => reject(new Error(`the local DynamoDB exited with ${String(code)} before serving:\n${log}`)));
  });
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  return { process: child, client, log: () => log };
}

async function kill(child: Child): Promise<void> {
  if (child.process.exitCode === null && child.process.signalCode === null) {
    const exited = new Promise((resolve) => child.process.once('exit', resolve));
    child.process.kill('SIGKILL');
    await exited;
  }
  child.client.destroy();
}

/** Transaction id -> how many of its two items are stored. */
async function storedTransactions(client: DynamoDBClient): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  let ExclusiveStartKey: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: CRASH_TABLE, ConsistentRead: true, ExclusiveStartKey }));
    for (const item of page.Items ?? []) {
      const id = item.tx?.S ?? '';
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return counts;
}

/** Sends two-item transactions from several workers until `stop` is set; returns the acknowledged ids. */
async function burst(client: DynamoDBClient, round: number, stop: { now: boolean }, onAcknowledged: () => void): Promise<string[]> {
  const acknowledged: string[] = [];
  let next = 0;
  const worker = async () => {
    while (!stop.now) {
      const tx = `${round}-${next++}`;
      const copy = (box: string) => ({ Put: { TableName: CRASH_TABLE, Item: { pk: { S: `${tx}#${box}` }, tx: { S: tx } } } });
      try {
        await client.send(new TransactWriteItemsCommand({ TransactItems: [copy('inbox'), copy('sent')] }));
        acknowledged.push(tx);
        onAcknowledged();
      } catch {
        // The kill: the request may or may not have been applied; it was not acknowledged.
        return;
      }
    }
  };
  await Promise.all(Array.from({ length: WORKERS }, worker));
  return acknowledged;
}

/** `rounds` kills at a random moment of a burst, each followed by a restart and a check. */
export async function crashRounds(rounds: number, log: (line: string) => void = () => undefined): Promise<RoundResult[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'dynamodb-crash-'));
  const results: RoundResult[] = [];
  const acknowledged = new Set<string>();
  let child: Child | undefined;
  try {
    child = await startChild(dataDir);
    for (let round = 1; round <= rounds; round += 1) {
      const running: Child = child;
      const stop = { now: false };
      let started = () => undefined as void;
      const firstAcknowledged = new Promise<void>((resolve) => (started = resolve));
      const sent = burst(running.client, round, stop, () => started());
      // Killed at a random moment once the burst runs (transactions back to back on the server).
      await Promise.race([firstAcknowledged, new Promise((resolve) => setTimeout(resolve, 5000).unref())]);
      await sleep(Math.random() * 150);
      await kill(running);
      stop.now = true;
      const acked = await sent;
      for (const tx of acked) acknowledged.add(tx);

      child = await startChild(dataDir);
      const stored = await storedTransactions(child.client);
      const ofRound = [...stored].filter(([tx]) => tx.startsWith(`${round}-`));
      const result: RoundResult = {
        acknowledged: acked.length,
        whole: ofRound.filter(([, count]) => count === 2).length,
        half: ofRound.filter(([, count]) => count !== 2).length,
        lost: [...acknowledged].filter((tx) => stored.get(tx) !== 2).length,
        undidOne: child.log().includes('undid a transaction'),
      };
      results.push(result);
      log(`round ${round}: ${JSON.stringify(result)}`);
    }
  } finally {
    if (child) await kill(child);
    rmSync(dataDir, { recursive: true, force: true });
  }
  return results;
}
