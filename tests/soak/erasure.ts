// npm run test:soak: DELETE /me for a user with 100,000 messages on the local stack (in this process), timed,
// then checked by scanning both tables: nothing keyed by the user is left but the tombstone, and the other
// user's items are all there. Seeds with BatchWriteItem straight to the local DynamoDB. Prints the figures
// docs/erasure.md records. Options: --messages N (default 100000), --items-per-invocation N (default: the
// template's), --data-dir DIR (on disk, as npm start --data-dir; default in memory).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { BatchWriteItemCommand, DynamoDBClient, QueryCommand, ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { monotonicFactory } from 'ulid';
import { buildAll } from '../../scripts/build.js';
import { HOST } from '../../local/options.js';
import { LOCAL_CREDENTIALS, startStack } from '../../local/stack.js';

const { values } = parseArgs({
  options: {
    messages: { type: 'string', default: '100000' },
    'items-per-invocation': { type: 'string' },
    'data-dir': { type: 'string' },
  },
});
const MESSAGES = Number(values.messages);
const OTHER_MESSAGES = 1_000;
const PASSWORD = 'Correct-horse-battery-42';
const SEED_CONCURRENCY = 16;
const TIMEOUT_MS = 30 * 60_000;
const STALL_MS = 45_000;

type Item = Record<string, AttributeValue>;
const s = (value: string): AttributeValue => ({ S: value });
const ulid = monotonicFactory();
const seconds = (ms: number) => Number((ms / 1000).toFixed(1));

/** One message's item in `owner`'s `box`, shaped as send-message writes it. */
function messageItem(owner: string, box: 'INBOX' | 'SENT', from: { sub: string; email: string }, to: { sub: string; email: string }): Item {
  const id = ulid();
  const party = (p: { sub: string; email: string }): AttributeValue => ({ M: { sub: s(p.sub), email: s(p.email) } });
  return {
    pk: s(`USER#${owner}#${box}`),
    sk: s(id),
    id: s(id),
    from: party(from),
    to: party(to),
    subject: s('Soak'),
    body: s('A message of the erasure soak run.'),
    createdAt: s(new Date().toISOString()),
  };
}

async function batchWrite(dynamodb: DynamoDBClient, table: string, items: Item[]): Promise<number> {
  let requests = items.map((Item) => ({ PutRequest: { Item } }));
  let calls = 0;
  while (requests.length > 0) {
    calls++;
    const { UnprocessedItems } = await dynamodb.send(new BatchWriteItemCommand({ RequestItems: { [table]: requests } }));
    requests = (UnprocessedItems?.[table] ?? []).flatMap((r) => (r.PutRequest?.Item ? [{ PutRequest: { Item: r.PutRequest.Item } }] : []));
  }
  return calls;
}

async function seed(dynamodb: DynamoDBClient, table: string, items: Item[]): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const batch = items.slice(next, next + 25);
      next += 25;
      await batchWrite(dynamodb, table, batch);
    }
  };
  await Promise.all(Array.from({ length: SEED_CONCURRENCY }, worker));
}

async function scan(dynamodb: DynamoDBClient, table: string): Promise<Item[]> {
  const items: Item[] = [];
  let start: Item | undefined;
  do {
    const page = await dynamodb.send(new ScanCommand({ TableName: table, ...(start ? { ExclusiveStartKey: start } : {}) }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'erasure-soak-'));
  const buildDir = join(work, 'build');
  await buildAll(buildDir);
  const lines: string[] = [];
  const parameters: Record<string, string> = values['items-per-invocation']
    ? { ErasureItemsPerInvocation: values['items-per-invocation'] }
    : {};
  const stack = await startStack({
    host: HOST,
    apiPort: 0,
    cognitoPort: 0,
    dynamodbPort: 0,
    ...(values['data-dir'] ? { dataDir: values['data-dir'] } : {}),
    region: 'us-east-1',
    stackName: 'erasure-soak',
    parameters,
    buildDir,
    api: true,
    log: (line) => lines.push(line),
    printCode: () => undefined,
  });
  const dynamodb = new DynamoDBClient({ endpoint: stack.dynamodbEndpoint, region: 'us-east-1', credentials: LOCAL_CREDENTIALS });
  try {
    const api = async (method: string, path: string, body?: unknown, token?: string) => {
      const response = await fetch(`${stack.apiUrl}${path}`, {
        method,
        headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      const text = await response.text();
      return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
    };
    const signedIn = async (email: string) => {
      await api('POST', '/auth/sign-up', { email, password: PASSWORD });
      const { codes } = (await (await fetch(`${stack.codesUrl}?destination=${encodeURIComponent(email)}`)).json()) as {
        codes: Array<{ code: string }>;
      };
      await api('POST', '/auth/confirm-sign-up', { email, code: codes.at(-1)?.code });
      const token = String((await api('POST', '/auth/sign-in', { email, password: PASSWORD })).body?.accessToken);
      const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as { sub: string };
      return { email, token, sub: claims.sub };
    };
    const leaver = await signedIn('leaver@example.com');
    const other = await signedIn('other@example.com');
    const env = stack.configs.find((config) => config.id === 'DeleteMeFunction')?.environment ?? {};
    const tables = { messages: env.MESSAGES_TABLE ?? '', accounts: env.ACCOUNTS_TABLE ?? '' };

    // Half the user's messages received from the other user, half sent to them; the other user keeps 1,000 copies.
    const seedStart = Date.now();
    const items = Array.from({ length: MESSAGES }, (_, i) =>
      i % 2 === 0 ? messageItem(leaver.sub, 'INBOX', other, leaver) : messageItem(leaver.sub, 'SENT', leaver, other),
    );
    items.push(...Array.from({ length: OTHER_MESSAGES }, () => messageItem(other.sub, 'INBOX', leaver, other)));
    // What the messaging paths keep beside the messages: idempotency records and quota counters.
    items.push(
      ...Array.from({ length: 100 }, (_, i) => ({ pk: s(`USER#${leaver.sub}#IDEMPOTENCY`), sk: s(`key-${i}`), requestHash: s('h') })),
      { pk: s(`USER#${leaver.sub}#QUOTA`), sk: s('DAY#2026-12-07'), count: { N: '100' } },
    );
    await seed(dynamodb, tables.messages, items);
    const seedMs = Date.now() - seedStart;
    const otherBefore = (await scan(dynamodb, tables.messages)).filter((item) => item.pk?.S?.includes(other.sub)).length;

    const deleteStart = Date.now();
    const deleted = await api('DELETE', '/me', undefined, leaver.token);
    const answeredMs = Date.now() - deleteStart;
    if (deleted.status !== 204) throw new Error(`DELETE /me answered ${deleted.status}`);
    // Every partition erasure empties; the accounts one keeps the tombstone.
    const partitions: Array<[string, string]> = [
      ...['INBOX', 'SENT', 'IDEMPOTENCY', 'QUOTA'].map((suffix): [string, string] => [tables.messages, `USER#${leaver.sub}#${suffix}`]),
      [tables.accounts, `USER#${leaver.sub}`],
    ];
    const remaining = async () => {
      let count = -1;
      for (const [TableName, pk] of partitions) {
        let start: Item | undefined;
        do {
          const page = await dynamodb.send(
            new QueryCommand({
              TableName,
              KeyConditionExpression: 'pk = :pk',
              ExpressionAttributeValues: { ':pk': s(pk) },
              Select: 'COUNT',
              ...(start ? { ExclusiveStartKey: start } : {}),
            }),
          );
          count += page.Count ?? 0;
          start = page.LastEvaluatedKey;
        } while (start);
      }
      return count;
    };
    // Done when nothing is left, or when nothing has moved for longer than the first job's delay (then the scan below says what is left).
    let last = await remaining();
    let movedAt = Date.now();
    while (last > 0 && Date.now() - movedAt < STALL_MS) {
      if (Date.now() - deleteStart > TIMEOUT_MS) throw new Error('erasure did not finish in time');
      await new Promise((resolve) => setTimeout(resolve, 500));
      const now = await remaining();
      if (now !== last) movedAt = Date.now();
      last = now;
    }
    const erasureMs = Date.now() - deleteStart;

    const leftover = [...(await scan(dynamodb, tables.messages)), ...(await scan(dynamodb, tables.accounts))].filter(
      (item) => item.pk?.S?.includes(leaver.sub) || item.pk?.S === `EMAIL#${leaver.email}`,
    );
    const notTombstone = leftover.filter((item) => !(item.pk?.S === `USER#${leaver.sub}` && item.sk?.S === 'ACCOUNT'));
    const otherAfter = (await scan(dynamodb, tables.messages)).filter((item) => item.pk?.S?.includes(other.sub)).length;
    const erasureLines = lines
      .filter((line) => line.includes('"message":"erasure"'))
      .map((line) => ({
        worker: line.startsWith('[EraseAccountFunction]'),
        ...(JSON.parse(line.slice(line.indexOf('{'))) as { erased: number }),
      }));
    const figures = {
      messages: MESSAGES,
      seedSeconds: seconds(seedMs),
      deleteAnsweredSeconds: seconds(answeredMs),
      erasureSeconds: seconds(erasureMs),
      inlineErased: erasureLines.find((line) => !line.worker)?.erased ?? 0,
      workerJobs: erasureLines.filter((line) => line.worker).length,
      workerErased: erasureLines.filter((line) => line.worker).reduce((sum, line) => sum + line.erased, 0),
      itemsLeftButTombstone: notTombstone.length,
      tombstone: leftover.length - notTombstone.length,
      otherUserItems: { before: otherBefore, after: otherAfter },
    };
    console.log(JSON.stringify(figures, null, 2));
    if (notTombstone.length > 0 || figures.tombstone !== 1 || otherAfter !== otherBefore) process.exitCode = 1;
  } finally {
    dynamodb.destroy();
    await stack.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
