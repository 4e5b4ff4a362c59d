// Messaging over HTTP on the local stack: real tokens, the JWT authorizer, the Cognito emulator and dynalite.
import { createSign } from 'node:crypto';
import { claimsOf, startTestStack, uniqueEmail, type TestStack } from './local-stack.js';

jest.setTimeout(60_000);

interface Message {
  id: string;
  from: { sub: string; email: string | null };
  to: { sub: string; email: string };
  subject: string;
  body: string;
  createdAt: string;
  readAt?: string;
}
interface Page {
  items: Message[];
  nextCursor?: string;
}

let stack: TestStack;
const alice = { email: '', token: '' };
const bob = { email: '', token: '' };
const carol = { email: '', token: '' };

beforeAll(async () => {
  stack = await startTestStack();
  for (const [user, label] of [
    [alice, 'alice'],
    [bob, 'bob'],
    [carol, 'carol'],
  ] as const) {
    user.email = uniqueEmail(label);
    user.token = await stack.signedInUser(user.email);
  }
});
afterAll(async () => {
  for (const user of [alice, bob, carol]) await stack?.deleteUser(user.email);
  await stack?.stop();
});

const send = (token: string, body: unknown, headers: Record<string, string> = {}) =>
  stack.call('POST', '/messages', { token, body, headers });
const list = async (token: string, query = '') => {
  const response = await stack.call('GET', `/messages${query}`, { token });
  expect(response.status).toBe(200);
  return response.body as unknown as Page;
};

describe('messages between two users', () => {
  it('delivers to the inbox of the recipient and the sent box of the sender, newest first', async () => {
    const first = await send(alice.token, { to: bob.email, subject: 'First', body: 'One' });
    const second = await send(alice.token, { to: bob.email.toUpperCase(), subject: 'Second', body: 'Two' });
    expect(first).toMatchObject({
      status: 201,
      body: { from: { email: alice.email }, to: { email: bob.email }, subject: 'First', body: 'One' },
    });
    expect(second.status).toBe(201);
    const ids = [second.body?.id, first.body?.id];

    expect((await list(bob.token, '?box=inbox')).items.map((m) => m.id)).toEqual(ids);
    expect((await list(bob.token)).items.map((m) => m.id)).toEqual(ids);
    expect((await list(alice.token, '?box=sent')).items.map((m) => m.id)).toEqual(ids);
    expect((await list(alice.token, '?box=inbox')).items).toEqual([]);
    expect((await list(bob.token, '?box=sent')).items).toEqual([]);
  });

  it('pages with an opaque cursor, and the last page has none', async () => {
    const sent: string[] = [];
    for (let i = 0; i < 5; i++)
      sent.unshift(String((await send(carol.token, { to: alice.email, subject: `Page ${i}`, body: 'x' })).body?.id));
    const seen: string[] = [];
    let query = '?box=inbox&limit=2';
    for (let page = 0; page < 10; page++) {
      const { items, nextCursor } = await list(alice.token, query);
      seen.push(...items.map((m) => m.id));
      if (!nextCursor) break;
      query = `?box=inbox&limit=2&cursor=${encodeURIComponent(nextCursor)}`;
    }
    expect(seen).toEqual(sent);
    const exact = await list(alice.token, '?box=inbox&limit=5');
    expect(exact.items).toHaveLength(5);
    expect(exact.nextCursor).toBeUndefined();
  });

  it('marks a received message read and unread; the sender cannot', async () => {
    const { id } = (await send(alice.token, { to: bob.email, subject: 'Read me', body: 'Please' })).body as unknown as Message;
    const read = await stack.call('PATCH', `/messages/${id}`, { token: bob.token, body: { read: true } });
    expect(read).toMatchObject({ status: 200, body: { id, readAt: expect.any(String) } });
    expect(await stack.call('GET', `/messages/${id}`, { token: bob.token })).toMatchObject({
      status: 200,
      body: { id, readAt: read.body?.readAt },
    });
    const unread = await stack.call('PATCH', `/messages/${id}`, { token: bob.token, body: { read: false } });
    expect(unread.status).toBe(200);
    expect(unread.body).not.toHaveProperty('readAt');
    expect(await stack.call('PATCH', `/messages/${id}`, { token: alice.token, body: { read: true } })).toMatchObject({
      status: 403,
      body: { code: 'NotRecipient' },
    });
  });

  it('deletes from the caller’s box only', async () => {
    const { id } = (await send(alice.token, { to: bob.email, subject: 'Keep', body: 'Mine' })).body as unknown as Message;
    expect((await stack.call('DELETE', `/messages/${id}`, { token: alice.token })).status).toBe(204);
    expect((await stack.call('GET', `/messages/${id}`, { token: alice.token })).status).toBe(404);
    expect(await stack.call('GET', `/messages/${id}`, { token: bob.token })).toMatchObject({ status: 200, body: { id, subject: 'Keep' } });
    expect((await stack.call('DELETE', `/messages/${id}`, { token: alice.token })).status).toBe(404);
  });
});

describe('ownership', () => {
  it('gives another user 404 for a message id, whatever the route', async () => {
    const { id } = (await send(alice.token, { to: bob.email, subject: 'Private', body: 'Secret plans' })).body as unknown as Message;
    expect(await stack.call('GET', `/messages/${id}`, { token: carol.token })).toMatchObject({
      status: 404,
      body: { code: 'MessageNotFound' },
    });
    expect((await stack.call('PATCH', `/messages/${id}`, { token: carol.token, body: { read: true } })).status).toBe(404);
    expect((await stack.call('DELETE', `/messages/${id}`, { token: carol.token })).status).toBe(404);
    expect(await stack.call('GET', `/messages/${id}`, { token: bob.token })).toMatchObject({ status: 200, body: { subject: 'Private' } });
    expect(await stack.call('GET', `/messages/${id}`, { token: alice.token })).toMatchObject({ status: 200, body: { subject: 'Private' } });
  });

  it("never shows another user's box through a cursor", async () => {
    await send(alice.token, { to: bob.email, subject: 'For Bob', body: '1' });
    await send(alice.token, { to: bob.email, subject: 'For Bob', body: '2' });
    const bobsCursor = (await list(bob.token, '?limit=1')).nextCursor ?? '';
    expect(bobsCursor).not.toBe('');
    // Carol replays Bob's cursor: it can only move within Carol's own inbox.
    const replayed = await list(carol.token, `?limit=1&cursor=${encodeURIComponent(bobsCursor)}`);
    expect(replayed.items.every((m) => m.to.email === carol.email)).toBe(true);
    const forged = Buffer.from(JSON.stringify({ b: 'inbox', k: 'x', pk: 'USER#someone#INBOX' })).toString('base64url');
    expect(await stack.call('GET', `/messages?cursor=${forged}`, { token: carol.token })).toMatchObject({
      status: 400,
      body: { code: 'InvalidCursor' },
    });
    expect(await stack.call('GET', '/messages?box=sent&cursor=' + encodeURIComponent(bobsCursor), { token: bob.token })).toMatchObject({
      status: 400,
    });
  });
});

describe('idempotency', () => {
  it('stores a message once for retries with one Idempotency-Key and returns the first response', async () => {
    const before = (await list(carol.token, '?box=sent&limit=100')).items.length;
    const key = `retry-${Date.now()}`;
    const body = { to: bob.email, subject: 'Once', body: 'Only once' };
    const responses = [
      await send(carol.token, body, { 'idempotency-key': key }),
      await send(carol.token, body, { 'idempotency-key': key }),
    ];
    expect(responses.map((r) => r.status)).toEqual([201, 201]);
    expect(responses[1]?.body).toEqual(responses[0]?.body);
    expect((await list(carol.token, '?box=sent&limit=100')).items.length).toBe(before + 1);
    expect(await send(carol.token, { ...body, body: 'Changed' }, { 'idempotency-key': key })).toMatchObject({
      status: 409,
      body: { code: 'IdempotencyKeyReused' },
    });
    // The key is the sender's own: another user with the same key sends their own message.
    const other = await send(alice.token, body, { 'idempotency-key': key });
    expect(other.status).toBe(201);
    expect(other.body?.id).not.toBe(responses[0]?.body?.id);
  });
});

describe('validation', () => {
  it.each([
    ['missing fields', {}, ['to', 'subject', 'body']],
    ['a bad email', { to: 'not-an-email', subject: 's', body: 'b' }, ['to']],
    ['a subject over 200 characters', { to: 'x@example.com', subject: 's'.repeat(201), body: 'b' }, ['subject']],
    ['a body over 10,000 characters', { to: 'x@example.com', subject: 's', body: 'b'.repeat(10_001) }, ['body']],
  ])('answers problem+json 400 for %s', async (_label, body, paths) => {
    const response = await send(alice.token, body);
    expect(response).toMatchObject({ status: 400, body: { code: 'ValidationError', status: 400 } });
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect((response.body?.errors as Array<{ path: string }>).map((e) => e.path).sort()).toEqual([...paths].sort());
  });

  it('answers 404 RecipientNotFound for an unknown recipient', async () => {
    expect(await send(alice.token, { to: uniqueEmail('nobody'), subject: 's', body: 'b' })).toMatchObject({
      status: 404,
      body: { code: 'RecipientNotFound' },
    });
  });

  it('answers 400 for limits out of range', async () => {
    for (const limit of ['0', '101', 'abc'])
      expect((await stack.call('GET', `/messages?limit=${limit}`, { token: alice.token })).status).toBe(400);
  });
});

describe('machine clients', () => {
  const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

  it('gets a token from /oauth2/token and sends as the system sender (messages/send)', async () => {
    const token = await stack.machineToken();
    expect(token).toMatchObject({ status: 200, body: { token_type: 'Bearer', expires_in: expect.any(Number) } });
    const accessToken = String(token.body.access_token);
    const response = await send(accessToken, { to: bob.email, subject: 'System notice', body: 'Your export is ready.' });
    expect(response).toMatchObject({
      status: 201,
      body: { from: { sub: stack.state.machineClientId, email: null }, to: { email: bob.email } },
    });
    expect((await list(bob.token)).items[0]).toMatchObject({ id: response.body?.id, from: { email: null } });
    // Machine tokens reach POST /messages only.
    expect(await stack.call('GET', '/messages', { token: accessToken })).toMatchObject({ status: 403, body: { message: 'Forbidden' } });
  });

  it('refuses a machine token without messages/send with 403', async () => {
    const claims = claimsOf(String((await stack.machineToken()).body.access_token));
    const unsigned = `${base64url({ alg: 'RS256', kid: stack.signingKey.kid })}.${base64url({ ...claims, scope: 'reports/read' })}`;
    const token = `${unsigned}.${createSign('RSA-SHA256').update(unsigned).sign(stack.signingKey.pem).toString('base64url')}`;
    expect(await send(token, { to: bob.email, subject: 's', body: 'b' })).toMatchObject({ status: 403, body: { message: 'Forbidden' } });
  });

  it('answers the token endpoint errors as Cognito does', async () => {
    expect(await stack.machineToken('messages/delete')).toMatchObject({ status: 400, body: { error: 'invalid_scope' } });
    const wrongSecret = await fetch(stack.state.tokenUrl ?? '', {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${stack.state.machineClientId}:wrong`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=client_credentials',
    });
    expect(wrongSecret.status).toBe(401);
    expect(await wrongSecret.json()).toEqual({ error: 'invalid_client' });
  });
});
