// DELETE /me on the local stack: the account's data erased across both tables, what does not fit one
// invocation carried on by the erasure queue's worker (local/sqs.ts), and other users' items left alone.
import { AdminGetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { BatchWriteItemCommand, DynamoDBClient, ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { claimsOf, PASSWORD, startTestStack, uniqueEmail, type TestStack } from './local-stack.js';

jest.setTimeout(120_000);

/** Small, so that this user's 46 items take DELETE /me and at least three queue jobs (docs/erasure.md). */
const ITEMS_PER_INVOCATION = 15;

let stack: TestStack;
let dynamodb: DynamoDBClient;
let tables: { messages: string; accounts: string };
const leaver = { email: '', token: '', sub: '' };
const stayer = { email: '', token: '', sub: '' };

type Item = Record<string, AttributeValue>;

async function scan(table: string): Promise<Item[]> {
  const items: Item[] = [];
  let start: Item | undefined;
  do {
    const page = await dynamodb.send(
      new ScanCommand({ TableName: table, ConsistentRead: true, ...(start ? { ExclusiveStartKey: start } : {}) }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

/** Items whose key names the user: a partition of theirs, or their directory entry. */
const keyedBy = (user: { sub: string; email: string }) => (item: Item) =>
  (item.pk?.S ?? '').includes(user.sub) || item.pk?.S === `EMAIL#${user.email.toLowerCase()}`;

async function itemsKeyedBy(user: { sub: string; email: string }): Promise<Item[]> {
  return [...(await scan(tables.messages)), ...(await scan(tables.accounts))].filter(keyedBy(user));
}

/** What the messaging paths write beside the messages (idempotency records, quota counters, the directory). */
function extraItems(user: { sub: string; email: string }): Array<[string, Item]> {
  const s = (value: string) => ({ S: value });
  return [
    [tables.messages, { pk: s(`USER#${user.sub}#IDEMPOTENCY`), sk: s('key-1'), requestHash: s('h') }],
    [tables.messages, { pk: s(`USER#${user.sub}#IDEMPOTENCY`), sk: s('key-2'), requestHash: s('h') }],
    [tables.messages, { pk: s(`USER#${user.sub}#QUOTA`), sk: s('MINUTE#2026-12-07T18:00'), count: { N: '3' } }],
    [tables.accounts, { pk: s(`EMAIL#${user.email.toLowerCase()}`), sk: s('EMAIL'), sub: s(user.sub) }],
  ];
}

async function seed(items: Array<[string, Item]>): Promise<void> {
  for (const [table, Item] of items)
    await dynamodb.send(new BatchWriteItemCommand({ RequestItems: { [table]: [{ PutRequest: { Item } }] } }));
}

async function eventually<T>(probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

beforeAll(async () => {
  // The seeding sends more than a person's default per-minute send quota.
  stack = await startTestStack({ parameters: { ErasureItemsPerInvocation: String(ITEMS_PER_INVOCATION), SendRateLimitPerMinute: '100' } });
  const env = stack.state.functions.DeleteMeFunction ?? {};
  tables = { messages: env.MESSAGES_TABLE ?? '', accounts: env.ACCOUNTS_TABLE ?? '' };
  dynamodb = new DynamoDBClient({
    endpoint: stack.state.dynamodbEndpoint,
    region: stack.state.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  for (const [user, label] of [
    [leaver, 'leaver'],
    [stayer, 'stayer'],
  ] as const) {
    user.email = uniqueEmail(label);
    user.token = await stack.signedInUser(user.email);
    user.sub = String(claimsOf(user.token).sub);
  }
});
afterAll(async () => {
  dynamodb?.destroy();
  for (const user of [leaver, stayer]) await stack?.deleteUser(user.email);
  await stack?.stop();
});

describe('DELETE /me erases the account', () => {
  it("leaves no item keyed by the user but the tombstone, through the queue's worker, and every item of the other user", async () => {
    for (let i = 0; i < 15; i++)
      expect(
        (await stack.call('POST', '/messages', { token: leaver.token, body: { to: stayer.email, subject: `to ${i}`, body: 'x' } })).status,
      ).toBe(201);
    for (let i = 0; i < 25; i++)
      expect(
        (await stack.call('POST', '/messages', { token: stayer.token, body: { to: leaver.email, subject: `from ${i}`, body: 'y' } }))
          .status,
      ).toBe(201);
    // A second session of the leaver's, and what the messaging paths keep beside the messages.
    expect((await stack.call('POST', '/auth/sign-in', { body: { email: leaver.email, password: PASSWORD } })).status).toBe(200);
    await seed([...extraItems(leaver), ...extraItems(stayer)]);
    const leaverItems = await itemsKeyedBy(leaver);
    // More than one invocation's worth, so the queue must carry the erasure on.
    expect(leaverItems.length).toBeGreaterThan(3 * ITEMS_PER_INVOCATION);
    const stayerBefore = await itemsKeyedBy(stayer);

    const deleted = await stack.call('DELETE', '/me', { token: leaver.token });
    expect(deleted.status).toBe(204);

    const left = await eventually(
      () => itemsKeyedBy(leaver),
      (items) => items.length === 1,
    );
    expect(left).toEqual([
      {
        pk: { S: `USER#${leaver.sub}` },
        sk: { S: 'ACCOUNT' },
        deletedAt: { N: expect.any(String) },
        sessionsEndedAt: { N: expect.any(String) },
        expiresAt: { N: expect.any(String) },
      },
    ]);
    // The other user's boxes keep every copy: the 15 messages the leaver sent them and the 25 they sent.
    expect(await itemsKeyedBy(stayer)).toEqual(expect.arrayContaining(stayerBefore));
    expect((await itemsKeyedBy(stayer)).length).toBe(stayerBefore.length);
    const inbox = await stack.call('GET', '/messages?box=inbox&limit=100', { token: stayer.token });
    expect((inbox.body?.items as unknown[]).length).toBe(15);
  });

  it('deletes the Cognito user, so the email can sign up again, and refuses the old token (SessionEnded)', async () => {
    await expect(
      stack.cognito.send(new AdminGetUserCommand({ UserPoolId: stack.state.userPoolId, Username: leaver.sub })),
    ).rejects.toHaveProperty('name', 'UserNotFoundException');
    const old = await fetch(`${stack.state.apiUrl}/messages`, { headers: { authorization: `Bearer ${leaver.token}` } });
    expect(old.status).toBe(401);
    expect(((await old.json()) as { code: string }).code).toBe('SessionEnded');
    expect((await stack.call('POST', '/auth/sign-up', { body: { email: leaver.email, password: PASSWORD } })).status).toBe(201);
  });
});
