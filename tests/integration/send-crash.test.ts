// A keyed send whose process is killed after its write (npm start --data-dir, SIGKILLed once the message is in
// DynamoDB), then retried with the same key on the restarted stack: one message, and the retry answers it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { PASSWORD, startTestStack, uniqueEmail, type TestStack } from './local-stack.js';

jest.setTimeout(180_000);

const dataDir = mkdtempSync(join(tmpdir(), 'auth-api-send-crash-'));
const buildDir = mkdtempSync(join(tmpdir(), 'auth-api-send-crash-built-'));
let stack: TestStack | undefined;

afterAll(async () => {
  await stack?.stop();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(buildDir, { recursive: true, force: true });
});

/** The copies of the messages with this subject, as box names (INBOX, SENT), read from the table itself. */
async function copiesOf(running: TestStack, subject: string): Promise<Array<{ box: string; id: string }>> {
  const dynamodb = new DynamoDBClient({
    endpoint: running.state.dynamodbEndpoint,
    region: running.state.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const TableName = running.state.functions.SendMessageFunction?.MESSAGES_TABLE;
  const items = ((await dynamodb.send(new ScanCommand({ TableName }))).Items ?? []).map((item) => unmarshall(item));
  dynamodb.destroy();
  return items
    .filter((item) => item.subject === subject && /#(INBOX|SENT)$/.test(String(item.pk)))
    .map((item) => ({ box: String(item.pk).replace(/^.*#/, ''), id: String(item.sk) }));
}

const signIn = async (running: TestStack, email: string) =>
  String((await running.call('POST', '/auth/sign-in', { body: { email, password: PASSWORD } })).body?.accessToken);

it('stores a keyed send once when the stack is killed after its write and the send is retried with the same key', async () => {
  stack = await startTestStack({ dataDir, buildDir });
  const sender = uniqueEmail('crash-sender');
  const recipient = uniqueEmail('crash-recipient');
  await stack.signedInUser(sender);
  await stack.signedInUser(recipient);
  const subject = `crash-${Date.now()}`;
  const message = { to: recipient, subject, body: 'sent once' };
  const key = `crash-key-${Date.now()}`;

  const running = stack;
  const first = running
    .call('POST', '/messages', { token: await signIn(running, sender), body: message, headers: { 'idempotency-key': key } })
    .catch(() => undefined);
  // Kill as soon as the write is in the table: the function's answer may or may not have left.
  for (const deadline = Date.now() + 30_000; (await copiesOf(running, subject)).length === 0;)
    if (Date.now() > deadline) throw new Error('the first send never wrote');
  await running.stop('SIGKILL');
  stack = undefined;
  await first;

  stack = await startTestStack({ dataDir, buildDir, build: false });
  const stored = await copiesOf(stack, subject);
  expect(stored.map((copy) => copy.box).sort()).toEqual(['INBOX', 'SENT']);
  const retry = await stack.call('POST', '/messages', {
    token: await signIn(stack, sender),
    body: message,
    headers: { 'idempotency-key': key },
  });
  expect(retry).toMatchObject({ status: 201, body: { id: stored[0]?.id, subject } });
  expect((await copiesOf(stack, subject)).sort((a, b) => a.box.localeCompare(b.box))).toEqual([
    { box: 'INBOX', id: stored[0]?.id },
    { box: 'SENT', id: stored[0]?.id },
  ]);
});
