// POST /messages reads the directory, never Cognito: the message functions answer with Cognito's endpoint
// closed. And the send quotas of a stack started with small limits (--param).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LocalFunction } from '../../local/lambda.js';
import { claimsOf, startTestStack, uniqueEmail, type TestStack } from './local-stack.js';

jest.setTimeout(90_000);

const LIMIT_PER_MINUTE = 3;
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({ parameters: { SendRateLimitPerMinute: String(LIMIT_PER_MINUTE), MachineSendRateLimitPerMinute: '2' } });
});
afterAll(async () => stack?.stop());

/** A built message function with the stack's environment, but Cognito's endpoint a closed port. */
function withoutCognito(id: string): LocalFunction {
  return new LocalFunction(
    {
      id,
      file: join(stack.buildDir, id, 'index.mjs'),
      handlerName: 'handler',
      environment: { ...stack.state.functions[id], COGNITO_ENDPOINT: 'http://127.0.0.1:1' },
      timeoutSeconds: 10,
      memorySize: 512,
    },
    () => undefined,
  );
}

/** events/<name>.json as the JWT authorizer would pass it for `token` (its verified claims), with `changes`. */
function eventFor(name: string, token: string, changes: Record<string, unknown> = {}): Record<string, unknown> {
  const event = JSON.parse(readFileSync(join('events', `${name}.json`), 'utf8')) as {
    requestContext: { authorizer: { jwt: { claims: Record<string, string> } } };
  };
  const claims = Object.fromEntries(Object.entries(claimsOf(token)).map(([name, value]) => [name, String(value)]));
  event.requestContext.authorizer.jwt.claims = claims;
  return { ...event, ...changes };
}

async function invoke(fn: LocalFunction, event: Record<string, unknown>): Promise<{ statusCode: number; body: Record<string, unknown> }> {
  const result = await fn.invoke(event);
  if (!result.ok) throw new Error(result.error.errorMessage);
  const { statusCode, body } = result.payload as { statusCode: number; body?: string };
  return { statusCode, body: body ? (JSON.parse(body) as Record<string, unknown>) : {} };
}

describe('the message routes with Cognito down', () => {
  it('send, list, read, mark and delete answer as ever: none of them calls Cognito', async () => {
    const alice = uniqueEmail('no-cognito-alice');
    const bob = uniqueEmail('no-cognito-bob');
    const aliceToken = await stack.signedInUser(alice);
    const bobToken = await stack.signedInUser(bob);
    const fns = ['SendMessageFunction', 'ListMessagesFunction', 'GetMessageFunction', 'UpdateMessageFunction', 'DeleteMessageFunction'].map(
      withoutCognito,
    );
    const [send, list, get, update, remove] = fns as [LocalFunction, LocalFunction, LocalFunction, LocalFunction, LocalFunction];
    try {
      const sent = await invoke(
        send,
        eventFor('send-message', aliceToken, { body: JSON.stringify({ to: bob, subject: 'Down', body: 'Cognito is down' }) }),
      );
      expect(sent).toMatchObject({ statusCode: 201, body: { from: { email: alice }, to: { email: bob } } });
      const id = String(sent.body.id);
      const inbox = await invoke(
        list,
        eventFor('list-messages', bobToken, { queryStringParameters: { box: 'inbox' }, rawQueryString: 'box=inbox' }),
      );
      expect(inbox).toMatchObject({ statusCode: 200, body: { items: [{ id }] } });
      const path = { pathParameters: { id }, rawPath: `/messages/${id}` };
      expect(await invoke(get, eventFor('get-message', bobToken, path))).toMatchObject({ statusCode: 200, body: { id } });
      const marked = await invoke(update, eventFor('update-message', bobToken, { ...path, body: JSON.stringify({ read: true }) }));
      expect(marked).toMatchObject({ statusCode: 200, body: { id, readAt: expect.any(String) } });
      expect((await invoke(remove, eventFor('delete-message', bobToken, path))).statusCode).toBe(204);
    } finally {
      await Promise.all(fns.map((fn) => fn.stop()));
    }
  });
});

describe('send quotas (the stack runs with SendRateLimitPerMinute=3, MachineSendRateLimitPerMinute=2)', () => {
  it('answers 429 SendQuotaExceeded with retry-after up to the end of the minute, per sender, and stores nothing over the limit', async () => {
    const sender = await stack.signedInUser(uniqueEmail('quota-sender'));
    const other = await stack.signedInUser(uniqueEmail('quota-other'));
    const to = uniqueEmail('quota-recipient');
    await stack.signedInUser(to);
    // Start at the beginning of a minute, so that all the sends fall in one window.
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 50_000) await new Promise((resolve) => setTimeout(resolve, 60_500 - intoMinute));
    const statuses = [];
    for (let i = 0; i < LIMIT_PER_MINUTE; i++)
      statuses.push((await stack.call('POST', '/messages', { token: sender, body: { to, subject: `q${i}`, body: 'b' } })).status);
    expect(statuses).toEqual([201, 201, 201]);
    const over = await stack.call('POST', '/messages', { token: sender, body: { to, subject: 'over', body: 'b' } });
    expect(over).toMatchObject({ status: 429, body: { code: 'SendQuotaExceeded' } });
    const retryAfter = Number(over.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    const sent = await stack.call('GET', '/messages?box=sent&limit=100', { token: sender });
    expect((sent.body?.items as unknown[]).length).toBe(LIMIT_PER_MINUTE);
    // Another sender has a quota of their own.
    expect((await stack.call('POST', '/messages', { token: other, body: { to, subject: 'mine', body: 'b' } })).status).toBe(201);
  });

  it("counts a machine client's sends against the machine limit", async () => {
    const to = uniqueEmail('machine-quota-recipient');
    await stack.signedInUser(to);
    const token = String((await stack.machineToken()).body.access_token);
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 50_000) await new Promise((resolve) => setTimeout(resolve, 60_500 - intoMinute));
    const statuses = [];
    for (let i = 0; i < 3; i++)
      statuses.push((await stack.call('POST', '/messages', { token, body: { to, subject: `m${i}`, body: 'b' } })).status);
    expect(statuses).toEqual([201, 201, 429]);
  });
});
