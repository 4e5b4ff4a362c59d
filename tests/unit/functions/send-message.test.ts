import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { AuthorizedEvent } from '@authapi/shared/http';
import { requestHashOf } from '@authapi/shared/messages';
import { handler } from '../../../functions/send-message/index.js';
import { itRejectsUnreadableBodies } from '../../fixtures/cases.js';
import { accessTokenIn, cognitoMock, networkError, SUB } from '../../fixtures/cognito.js';
import { documentsMock, dynamodbError } from '../../fixtures/dynamodb.js';
import { invoke, loadEvent, withBody } from '../../fixtures/lambda.js';
import { captureLogs } from '../../fixtures/logs.js';
import { expectProblem, expectValidationError } from '../../fixtures/problem.js';
import { ACCOUNTS_TABLE, outsideAccounts } from '../../fixtures/sessions.js';

const withKey = loadEvent<AuthorizedEvent>('send-message');
const { 'idempotency-key': _key, ...headersWithoutKey } = withKey.headers;
const event: AuthorizedEvent = { ...withKey, headers: headersWithoutKey };
const machine = loadEvent<AuthorizedEvent>('send-message-machine');
const ACCESS = accessTokenIn(event);
const BOB = '2b7e1c44-9a0d-4f5e-8c3b-6d1a2e3f4b5c';
const MACHINE_CLIENT = '7machine0client0id0abcdef';
const MESSAGES = 'auth-api-test-messages';
const body = { to: 'bob@example.com', subject: 'Lunch?', body: 'Noon at the usual place.' };
const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;
const KEY = String(withKey.headers['idempotency-key']);
const storedMessage = {
  id: '01KAR1Z5Q8V7N3M2K4J6H8G0FD',
  from: { sub: SUB, email: 'jane@example.com' },
  to: { sub: BOB, email: 'bob@example.com' },
  subject: body.subject,
  body: body.body,
  createdAt: '2026-11-22T10:00:00.000Z',
};

/** The accounts table: the session check's items, the sender's ACCOUNT item with their email, and the directory. */
function givenDirectory({
  senderEmail = 'jane@example.com',
  entries = { 'bob@example.com': BOB },
}: { senderEmail?: string | null; entries?: Record<string, string> } = {}) {
  documentsMock.on(GetCommand, { TableName: ACCOUNTS_TABLE }).callsFake(({ Key }: { Key: { pk: string; sk: string } }) => {
    if (Key.sk === 'EMAIL') {
      const sub = entries[Key.pk.slice('EMAIL#'.length)];
      return { Item: sub ? { ...Key, sub, updatedAt: 1 } : undefined };
    }
    if (Key.sk === 'ACCOUNT' && Key.pk === `USER#${SUB}`) return { Item: senderEmail ? { ...Key, email: senderEmail } : undefined };
    if (Key.sk.startsWith('SESSION#'))
      return { Item: { ...Key, signedInAt: Date.now() - 60_000, expiresAt: Math.floor(Date.now() / 1000) + 86_400 } };
    return { Item: undefined };
  });
}

/** DynamoDB's cancellation of the send's transaction, with a reason per item (ConditionalCheckFailed where `failed`). */
function cancellation(count: number, failed: Record<number, Record<string, unknown> | boolean>) {
  return new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: Array.from({ length: count }, (_, index) => {
      const reason = failed[index];
      if (reason === undefined || reason === false) return { Code: 'None' };
      return {
        Code: 'ConditionalCheckFailed',
        Message: 'The conditional request failed',
        ...(reason === true ? {} : { Item: marshall(reason) }),
      };
    }),
  });
}

const transactItems = () => documentsMock.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];

describe('POST /messages', () => {
  let logs: ReturnType<typeof captureLogs>;
  beforeEach(() => {
    cognitoMock.reset();
    documentsMock.reset();
    givenDirectory();
    documentsMock.on(TransactWriteCommand).resolves({});
    logs = captureLogs();
  });
  afterEach(() => logs.restore());

  it("stores the copies and raises the sender's minute and day counters in one transaction, without calling Cognito", async () => {
    const response = await invoke(handler, withBody(event, body));

    expect(response.statusCode).toBe(201);
    const message = response.body ?? {};
    expect(message).toEqual({
      id: expect.stringMatching(ULID),
      from: { sub: SUB, email: 'jane@example.com' },
      to: { sub: BOB, email: 'bob@example.com' },
      subject: 'Lunch?',
      body: 'Noon at the usual place.',
      createdAt: expect.any(String),
    });
    expect(Math.abs(Date.parse(String(message.createdAt)) - Date.now())).toBeLessThan(5_000);
    const minute = new Date().toISOString().slice(0, 16);
    const day = new Date().toISOString().slice(0, 10);
    const counter = (sk: string, limit: number) => ({
      Update: {
        TableName: MESSAGES,
        Key: { pk: `USER#${SUB}#QUOTA`, sk },
        UpdateExpression: 'ADD sends :one SET expiresAt = if_not_exists(expiresAt, :expires)',
        ConditionExpression: 'attribute_not_exists(sends) OR sends < :limit',
        ExpressionAttributeValues: { ':one': 1, ':limit': limit, ':expires': expect.any(Number) },
      },
    });
    expect(transactItems()).toEqual([
      { Put: { TableName: MESSAGES, Item: { pk: `USER#${BOB}#INBOX`, sk: message.id, ...message } } },
      { Put: { TableName: MESSAGES, Item: { pk: `USER#${SUB}#SENT`, sk: message.id, ...message } } },
      counter(`MINUTE#${minute}`, 20),
      counter(`DAY#${day}`, 500),
    ]);
    expect(cognitoMock.calls()).toHaveLength(0);
    const reads = documentsMock.commandCalls(GetCommand).map((call) => call.args[0].input);
    expect(reads).toEqual(
      expect.arrayContaining([
        { TableName: ACCOUNTS_TABLE, Key: { pk: 'EMAIL#bob@example.com', sk: 'EMAIL' }, ConsistentRead: true },
        { TableName: ACCOUNTS_TABLE, Key: { pk: `USER#${SUB}`, sk: 'ACCOUNT' }, ConsistentRead: true },
      ]),
    );
  });

  it('addresses the recipient by normalised email', async () => {
    expect(await invoke(handler, withBody(event, { ...body, to: ' Bob@Example.COM ' }))).toMatchObject({
      statusCode: 201,
      body: { to: { sub: BOB, email: 'bob@example.com' } },
    });
  });

  it("sends as the system sender for a machine token: from {sub: client id, email: null}, inbox copy only, the machine's limits", async () => {
    const response = await invoke(handler, withBody(machine, body));

    expect(response.statusCode).toBe(201);
    const message = response.body ?? {};
    expect(message.from).toEqual({ sub: MACHINE_CLIENT, email: null });
    const items = transactItems();
    expect(items[0]).toEqual({ Put: { TableName: MESSAGES, Item: { pk: `USER#${BOB}#INBOX`, sk: message.id, ...message } } });
    expect(items.slice(1).map((item): unknown[] => [item.Update?.Key?.pk, item.Update?.ExpressionAttributeValues?.[':limit']])).toEqual([
      [`USER#${MACHINE_CLIENT}#QUOTA`, 600],
      [`USER#${MACHINE_CLIENT}#QUOTA`, 50000],
    ]);
  });

  it('answers 404 RecipientNotFound for an address the directory does not have, and stores nothing', async () => {
    givenDirectory({ entries: {} });
    expectProblem(await invoke(handler, withBody(event, body)), 404, 'RecipientNotFound');
    expect(documentsMock.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it("answers 503 with retry-after while the directory has not reached the sender's account, and stores nothing", async () => {
    givenDirectory({ senderEmail: null });
    const response = await invoke(handler, withBody(event, body));
    expectProblem(response, 503, 'ServiceUnavailable');
    expect(response.headers['retry-after']).toBe('2');
    expect(documentsMock.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it.each([
    ['minute', { 2: true }, (now: number) => 60 - Math.floor((now % 60_000) / 1000)],
    ['day', { 3: true }, (now: number) => Math.ceil((86_400_000 - (now % 86_400_000)) / 1000)],
    ['minute and the day', { 2: true, 3: true }, (now: number) => Math.ceil((86_400_000 - (now % 86_400_000)) / 1000)],
  ])(
    "answers 429 SendQuotaExceeded when the %s's counter is at its limit, with retry-after the seconds to its end",
    async (_case, failed, expected) => {
      documentsMock.on(TransactWriteCommand).rejects(cancellation(4, failed));
      const now = Date.now();
      const response = await invoke(handler, withBody(event, body));
      expectProblem(response, 429, 'SendQuotaExceeded');
      expect(Math.abs(Number(response.headers['retry-after']) - expected(now))).toBeLessThanOrEqual(1);
    },
  );

  it.each([
    ['missing fields', {}, ['to', 'subject', 'body']],
    ['a missing recipient', { subject: body.subject, body: body.body }, ['to']],
    ['wrong types', { to: 1, subject: [], body: {} }, ['to', 'subject', 'body']],
    ['an invalid email', { ...body, to: 'bob' }, ['to']],
    ['an empty subject and body', { ...body, subject: '  ', body: '' }, ['subject', 'body']],
    ['a subject over 200 characters', { ...body, subject: 's'.repeat(201) }, ['subject']],
    ['a body over 10,000 characters', { ...body, body: 'b'.repeat(10_001) }, ['body']],
  ])('rejects %s', async (_case, input, paths) => {
    expectValidationError(await invoke(handler, withBody(event, input)), paths);
    expect(outsideAccounts(documentsMock.calls())).toHaveLength(0);
  });

  it('accepts a subject of 200 and a body of 10,000 characters', async () => {
    expect((await invoke(handler, withBody(event, { ...body, subject: 's'.repeat(200), body: 'b'.repeat(10_000) }))).statusCode).toBe(201);
  });

  itRejectsUnreadableBodies(
    (raw) => invoke(handler, withBody(event, raw)),
    () => outsideAccounts(documentsMock.calls()).length,
    64 * 1024,
  );

  it.each([
    ['as UTF-8', (text: string) => JSON.stringify(text)],
    ['as JSON \\u escapes', (text: string) => `"${[...text].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}"`],
  ])('accepts the longest subject and body of 3-byte characters written %s (over 16 KiB)', async (_case, encode) => {
    const raw = `{"to":${JSON.stringify(body.to)},"subject":${encode('€'.repeat(200))},"body":${encode('€'.repeat(10_000))}}`;
    expect(Buffer.byteLength(raw)).toBeGreaterThan(16 * 1024);

    const response = await invoke(handler, withBody(event, raw));

    expect(response.statusCode).toBe(201);
    expect(response.body).toMatchObject({ subject: '€'.repeat(200), body: '€'.repeat(10_000) });
  });

  it.each([
    ['ProvisionedThroughputExceededException', 429, 'TooManyRequests', '1'],
    ['ThrottlingException', 429, 'TooManyRequests', '1'],
    ['InternalServerError', 503, 'ServiceUnavailable', '2'],
    ['TransactionConflictException', 503, 'ServiceUnavailable', '2'],
  ])('maps DynamoDB %s to %i %s with retry-after %s', async (name, status, code, retryAfter) => {
    documentsMock.on(TransactWriteCommand).rejects(dynamodbError(name, name === 'InternalServerError' ? 'server' : 'client'));

    const response = await invoke(handler, withBody(event, body));

    expectProblem(response, status, code);
    expect(response.headers['retry-after']).toBe(retryAfter);
  });

  it('answers 503 when the transaction is cancelled for another reason (a conflict with a concurrent write)', async () => {
    documentsMock
      .on(TransactWriteCommand)
      .rejects(
        new TransactionCanceledException({ message: 'cancelled', $metadata: {}, CancellationReasons: [{ Code: 'TransactionConflict' }] }),
      );
    expectProblem(await invoke(handler, withBody(event, body)), 503, 'ServiceUnavailable');
  });

  it('answers 503 with retry-after when DynamoDB cannot be reached', async () => {
    documentsMock.on(TransactWriteCommand).rejects(networkError());

    const response = await invoke(handler, withBody(event, body));

    expectProblem(response, 503, 'ServiceUnavailable');
    expect(response.headers['retry-after']).toBe('2');
  });

  describe('with an Idempotency-Key', () => {
    it("writes the key's record in the send's transaction, on condition that there is none (or only an expired one)", async () => {
      const response = await invoke(handler, withBody(withKey, body));

      expect(response.statusCode).toBe(201);
      const items = transactItems();
      expect(items).toHaveLength(5);
      expect(items[2]).toEqual({
        Put: {
          TableName: MESSAGES,
          Item: {
            pk: `USER#${SUB}#IDEMPOTENCY`,
            sk: KEY,
            requestHash: expect.any(String),
            message: response.body,
            expiresAt: expect.any(Number),
          },
          ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
          ExpressionAttributeValues: { ':now': expect.any(Number) },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      });
      const expiresAt = Number(items[2]?.Put?.Item?.expiresAt);
      expect(Math.abs(expiresAt - (Math.floor(Date.now() / 1000) + 86_400))).toBeLessThanOrEqual(2);
    });

    it("answers a retry with the stored message when the key's record has the same request, even with the window full", async () => {
      await invoke(handler, withBody(withKey, body));
      const requestHash = String(transactItems()[2]?.Put?.Item?.requestHash);
      documentsMock.reset();
      givenDirectory();
      documentsMock.on(TransactWriteCommand).rejects(cancellation(5, { 2: { requestHash, message: storedMessage }, 3: true }));

      const retry = await invoke(handler, withBody(withKey, body));

      expect(retry).toMatchObject({ statusCode: 201, body: storedMessage });
    });

    it.each([
      ['the stored message for the same request', body, { statusCode: 201, body: storedMessage }],
      ['409 IdempotencyKeyReused for another', { ...body, subject: 'Other' }, { statusCode: 409, body: { code: 'IdempotencyKeyReused' } }],
    ])("answers a retry whose recipient has left the directory since from the key's record: %s", async (_case, request, expected) => {
      givenDirectory({ entries: {} });
      documentsMock
        .on(GetCommand, { TableName: MESSAGES, Key: { pk: `USER#${SUB}#IDEMPOTENCY`, sk: KEY } })
        .resolves({ Item: { requestHash: requestHashOf(body), message: storedMessage, expiresAt: Math.floor(Date.now() / 1000) + 60 } });
      expect(await invoke(handler, withBody(withKey, request))).toMatchObject(expected);
      expect(documentsMock.commandCalls(TransactWriteCommand)).toHaveLength(0);
    });

    it('answers 404 RecipientNotFound to a keyed send without a live record (none, or expired)', async () => {
      givenDirectory({ entries: {} });
      documentsMock
        .on(GetCommand, { TableName: MESSAGES })
        .resolves({ Item: { requestHash: requestHashOf(body), message: storedMessage, expiresAt: Math.floor(Date.now() / 1000) - 1 } });
      expectProblem(await invoke(handler, withBody(withKey, body)), 404, 'RecipientNotFound');
    });

    it('answers 409 IdempotencyKeyReused when the record holds another request', async () => {
      documentsMock.on(TransactWriteCommand).rejects(cancellation(5, { 2: { requestHash: 'another', message: storedMessage } }));
      expectProblem(await invoke(handler, withBody(withKey, { ...body, subject: 'Other' })), 409, 'IdempotencyKeyReused');
    });

    it('hashes the request by its fields: the same request, written differently, is the same', async () => {
      await invoke(handler, withBody(withKey, body));
      await invoke(handler, withBody(withKey, { ...body, to: 'BOB@example.com', extra: 'ignored' }));
      await invoke(handler, withBody(withKey, { ...body, subject: 'Other' }));
      const hashes = documentsMock
        .commandCalls(TransactWriteCommand)
        .map((call): unknown => call.args[0].input.TransactItems?.[2]?.Put?.Item?.requestHash);
      expect(hashes[0]).toBe(hashes[1]);
      expect(hashes[2]).not.toBe(hashes[0]);
    });

    it.each([
      ['empty', ''],
      ['blank', '   '],
      ['longer than 255 characters', 'k'.repeat(256)],
    ])('rejects a key that is %s', async (_case, key) => {
      const response = await invoke(handler, withBody({ ...withKey, headers: { ...withKey.headers, 'idempotency-key': key } }, body));

      expectValidationError(response, ['idempotency-key']);
      expect(outsideAccounts(documentsMock.calls())).toHaveLength(0);
    });

    it('accepts a key of 255 characters', async () => {
      const response = await invoke(
        handler,
        withBody({ ...withKey, headers: { ...withKey.headers, 'idempotency-key': 'k'.repeat(255) } }, body),
      );
      expect(response.statusCode).toBe(201);
      expect(transactItems()[2]?.Put?.Item?.sk).toBe('k'.repeat(255));
    });
  });

  it('never writes the access token to the logs', async () => {
    await invoke(handler, withBody(withKey, body));
    documentsMock.on(TransactWriteCommand).rejects(new TypeError('boom'));
    await invoke(handler, withBody(event, body));
    await invoke(handler, withBody(event, {}));

    const written = logs.text();
    expect(written).toContain('request failed');
    expect(written).toContain('request rejected');
    expect(written).not.toContain(ACCESS);
  });
});
