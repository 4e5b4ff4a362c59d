// npm start -- --data-dir killed with SIGKILL during bursts of sign-ups, sign-ins and sends: after each
// restart every acknowledged user signs in, every acknowledged message is in both its boxes, and no message
// is in one box only. npm test kills it twice; STACK_CRASH_KILLS=10 (npm run test:crash) ten times.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { PASSWORD, startTestStack, uniqueEmail, type TestStack } from './local-stack.js';

const KILLS = Number(process.env.STACK_CRASH_KILLS ?? 2);
const WORKERS = 4;

jest.setTimeout(60_000 + KILLS * 60_000);

const dataDir = mkdtempSync(join(tmpdir(), 'auth-api-crash-'));
const buildDir = mkdtempSync(join(tmpdir(), 'auth-api-crash-built-'));
let stack: TestStack | undefined;

afterAll(async () => {
  await stack?.stop();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(buildDir, { recursive: true, force: true });
});

interface Acknowledged {
  users: string[];
  messages: Array<{ id: string; from: string; to: string }>;
}

/** One client's burst until the stack dies: new users, each signed in and sending to the one before. */
async function burst(running: TestStack, acknowledged: Acknowledged): Promise<void> {
  let previous = acknowledged.users.at(-1);
  for (;;) {
    const email = uniqueEmail('crash');
    await running.call('POST', '/auth/sign-up', { body: { email, password: PASSWORD } });
    const confirmed = await running.call('POST', '/auth/confirm-sign-up', {
      body: { email, code: await running.codeFor(email, 'SignUp') },
    });
    if (confirmed.status !== 200) continue;
    acknowledged.users.push(email);
    const signIn = await running.call('POST', '/auth/sign-in', { body: { email, password: PASSWORD } });
    const token = String(signIn.body?.accessToken);
    for (const to of previous ? [previous, previous] : []) {
      const sent = await running.call('POST', '/messages', { token, body: { to, subject: 'crash', body: `from ${email}` } });
      if (sent.status === 201) acknowledged.messages.push({ id: String(sent.body?.id), from: email, to });
    }
    previous = email;
  }
}

/** Every message id in the table with the boxes it is in. */
async function boxesOfEveryMessage(running: TestStack): Promise<Map<string, string[]>> {
  const dynamodb = new DynamoDBClient({
    endpoint: running.state.dynamodbEndpoint,
    region: running.state.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const TableName = running.state.functions.SendMessageFunction?.MESSAGES_TABLE;
  const boxes = new Map<string, string[]>();
  let ExclusiveStartKey: Record<string, never> | undefined;
  do {
    const page = await dynamodb.send(new ScanCommand({ TableName, ExclusiveStartKey }));
    for (const item of page.Items ?? []) {
      const box = /#(INBOX|SENT)$/.exec(item.pk?.S ?? '')?.[1];
      if (box && item.sk?.S) boxes.set(item.sk.S, [...(boxes.get(item.sk.S) ?? []), box]);
    }
    ExclusiveStartKey = page.LastEvaluatedKey as Record<string, never> | undefined;
  } while (ExclusiveStartKey);
  dynamodb.destroy();
  return boxes;
}

it(`loses no acknowledged user or message, and leaves no message in one box, through ${KILLS} SIGKILLs`, async () => {
  const acknowledged: Acknowledged = { users: [], messages: [] };
  for (let round = 0; round <= KILLS; round++) {
    stack = await startTestStack({ dataDir, buildDir, build: round === 0 });
    const running = stack;

    for (const email of acknowledged.users) {
      const signIn = await running.call('POST', '/auth/sign-in', { body: { email, password: PASSWORD } });
      expect({ email, status: signIn.status }).toEqual({ email, status: 200 });
    }
    const boxes = await boxesOfEveryMessage(running);
    for (const message of acknowledged.messages)
      expect({ ...message, boxes: boxes.get(message.id)?.sort() }).toEqual({ ...message, boxes: ['INBOX', 'SENT'] });
    const inOneBox = [...boxes].filter(([, found]) => found.length !== 2);
    expect(inOneBox).toEqual([]);

    if (round === KILLS) break;
    const clients = Array.from({ length: WORKERS }, () => burst(running, acknowledged).catch(() => undefined));
    // Kill mid-burst: once the round has had some sends acknowledged (the first ones wait for cold
    // execution environments, longer on a busy machine), then at a random moment within a second.
    const sentBefore = acknowledged.messages.length;
    for (const deadline = Date.now() + 30_000; acknowledged.messages.length < sentBefore + 3 && Date.now() < deadline;)
      await new Promise((resolve) => setTimeout(resolve, 50));
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 1_000));
    await running.stop('SIGKILL');
    stack = undefined;
    await Promise.all(clients);
  }
  console.log(`${KILLS} SIGKILLs: ${acknowledged.users.length} users and ${acknowledged.messages.length} messages acknowledged, all kept`);
  expect(acknowledged.messages.length).toBeGreaterThan(0);
});
