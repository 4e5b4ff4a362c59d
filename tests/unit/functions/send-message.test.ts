import { GetUserCommand, ListUsersCommand } from '@aws-sdk/client-cognito-identity-provider';
import { createHash } from 'node:crypto';
import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { AuthorizedEvent } from '@authapi/shared/http';
import { handler } from '../../../functions/send-message/index.js';
import { itAnswersUpstreamFailures, itRejectsUnreadableBodies } from '../../fixtures/cases.js';
import { accessTokenIn, cognitoError, cognitoMock, getUserAnswer, networkError, SUB } from '../../fixtures/cognito.js';
import { documentsMock, dynamodbError, dynamodbMock, fakeIdempotencyTable } from '../../fixtures/dynamodb.js';
import { invoke, loadEvent, withBody } from '../../fixtures/lambda.js';
import { captureLogs } from '../../fixtures/logs.js';
import { expectProblem, expectValidationError } from '../../fixtures/problem.js';
import { givenAccounts, outsideAccounts } from '../../fixtures/sessions.js';

const withKey = loadEvent<AuthorizedEvent>('send-message');
const { 'idempotency-key': _key, ...headersWithoutKey } = withKey.headers;
const event: AuthorizedEvent = { ...withKey, headers: headersWithoutKey };
const machine = loadEvent<AuthorizedEvent>('send-message-machine');
const ACCESS = accessTokenIn(event);
const BOB = '2b7e1c44-9a0d-4f5e-8c3b-6d1a2e3f4b5c';
const MACHINE_CLIENT = '7machine0client0id0abcdef';
const body = { to: 'bob@example.com', subject: 'Lunch?', body: 'Noon at the usual place.' };
const bob = (overrides = {}) => ({
  Username: BOB,
  Enabled: true,
  UserStatus: 'CONFIRMED' as const,
  Attributes: [
    { Name: 'sub', Value: BOB },
    { Name: 'email', Value: 'bob@example.com' },
  ],
  ...overrides,
});
const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;
const KEY = String(withKey.headers['idempotency-key']);

/**
 * What Powertools' DynamoDBPersistenceLayer derives from a request (default attribute names, md5 in
 * base64 of the sorted JSON): the record key from [owner, key] and the validation hash from the body.
 * The key prefix is the Lambda function name (unset here).
 */
const md5 = (value: unknown) => createHash('md5').update(JSON.stringify(value)).digest('base64');
const recordKey = (owner: string, key: string) => `${process.env.AWS_LAMBDA_FUNCTION_NAME ?? ''}#${md5([owner, key])}`;
const payloadHash = (input: typeof body) => md5({ body: input.body, subject: input.subject, to: input.to });
const storedMessage = {
  id: '01KAR1Z5Q8V7N3M2K4J6H8G0FD',
  from: { sub: SUB, email: 'jane@example.com' },
  to: { sub: BOB, email: 'bob@example.com' },
  subject: body.subject,
  body: body.body,
  createdAt: '2026-11-22T10:00:00.000Z',
};
/** The idempotency table already holds this record (written by another execution environment). */
function storedRecord(record: Record<string, unknown>): void {
  dynamodbMock.on(PutItemCommand).rejects(
    new ConditionalCheckFailedException({
      message: 'The conditional request failed',
      $metadata: {},
      Item: marshall({ id: recordKey(SUB, KEY), expiration: Math.round(Date.now() / 1000) + 3600, ...record }),
    }),
  );
}

describe('POST /messages', () => {
  let logs: ReturnType<typeof captureLogs>;
  beforeEach(() => {
    cognitoMock.reset();
    documentsMock.reset();
    givenAccounts();
    dynamodbMock.reset();
    cognitoMock.on(ListUsersCommand).resolves({ Users: [bob()] });
    cognitoMock.on(GetUserCommand).resolves(getUserAnswer);
    documentsMock.on(TransactWriteCommand).resolves({});
    logs = captureLogs();
  });
  afterEach(() => logs.restore());

  it("stores the message in the recipient's inbox and the sender's sent box, in one transaction", async () => {
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
    expect(cognitoMock.commandCalls(ListUsersCommand)[0]?.args[0].input).toEqual({
      UserPoolId: 'us-east-1_TEST',
      Filter: 'email = "bob@example.com"',
      Limit: 1,
    });
    expect(cognitoMock.commandCalls(GetUserCommand)[0]?.args[0].input).toEqual({ AccessToken: ACCESS });
    expect(documentsMock.commandCalls(TransactWriteCommand)[0]?.args[0].input).toEqual({
      TransactItems: [
        { Put: { TableName: 'auth-api-test-messages', Item: { pk: `USER#${BOB}#INBOX`, sk: message.id, ...message } } },
        { Put: { TableName: 'auth-api-test-messages', Item: { pk: `USER#${SUB}#SENT`, sk: message.id, ...message } } },
      ],
    });
  });

  it('addresses the recipient by normalised email', async () => {
    await invoke(handler, withBody(event, { ...body, to: ' Bob@Example.COM ' }));

    expect(cognitoMock.commandCalls(ListUsersCommand)[0]?.args[0].input.Filter).toBe('email = "bob@example.com"');
  });

  it('sends as the system sender for a machine token: from {sub: client id, email: null}, inbox copy only', async () => {
    const response = await invoke(handler, withBody(machine, body));

    expect(response.statusCode).toBe(201);
    expect(response.body?.from).toEqual({ sub: MACHINE_CLIENT, email: null });
    expect(cognitoMock.commandCalls(GetUserCommand)).toHaveLength(0);
    const message = response.body ?? {};
    expect(message).toEqual({
      id: expect.stringMatching(ULID),
      from: { sub: MACHINE_CLIENT, email: null },
      to: { sub: BOB, email: 'bob@example.com' },
      subject: body.subject,
      body: body.body,
      createdAt: expect.any(String),
    });
    expect(documentsMock.commandCalls(TransactWriteCommand)[0]?.args[0].input).toEqual({
      TransactItems: [{ Put: { TableName: 'auth-api-test-messages', Item: { pk: `USER#${BOB}#INBOX`, sk: message.id, ...message } } }],
    });
  });

  it.each([
    ['no such user', []],
    ['an unconfirmed user', [bob({ UserStatus: 'UNCONFIRMED' })]],
    ['a disabled user', [bob({ Enabled: false })]],
  ])('answers 404 RecipientNotFound for %s, and stores nothing', async (_case, users) => {
    cognitoMock.on(ListUsersCommand).resolves({ Users: users });

    expectProblem(await invoke(handler, withBody(event, body)), 404, 'RecipientNotFound');
    expect(documentsMock.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('answers 401 NotAuthorized when Cognito refuses the sender’s token', async () => {
    cognitoMock.on(GetUserCommand).rejects(cognitoError('NotAuthorizedException'));

    expectProblem(await invoke(handler, withBody(event, body)), 401, 'NotAuthorized');
    expect(documentsMock.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

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
    expect(cognitoMock.calls()).toHaveLength(0);
    expect(outsideAccounts(documentsMock.calls())).toHaveLength(0);
  });

  it('accepts a subject of 200 and a body of 10,000 characters', async () => {
    expect((await invoke(handler, withBody(event, { ...body, subject: 's'.repeat(200), body: 'b'.repeat(10_000) }))).statusCode).toBe(201);
  });

  itRejectsUnreadableBodies(
    (raw) => invoke(handler, withBody(event, raw)),
    () => cognitoMock.calls().length + outsideAccounts(documentsMock.calls()).length,
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
    ['TransactionCanceledException', 503, 'ServiceUnavailable', '2'],
    ['TransactionConflictException', 503, 'ServiceUnavailable', '2'],
  ])('maps DynamoDB %s to %i %s with retry-after %s', async (name, status, code, retryAfter) => {
    documentsMock.on(TransactWriteCommand).rejects(dynamodbError(name, name === 'InternalServerError' ? 'server' : 'client'));

    const response = await invoke(handler, withBody(event, body));

    expectProblem(response, status, code);
    expect(response.headers['retry-after']).toBe(retryAfter);
  });

  it('answers 503 with retry-after when DynamoDB cannot be reached', async () => {
    documentsMock.on(TransactWriteCommand).rejects(networkError());

    const response = await invoke(handler, withBody(event, body));

    expectProblem(response, 503, 'ServiceUnavailable');
    expect(response.headers['retry-after']).toBe('2');
  });

  itAnswersUpstreamFailures(
    () => invoke(handler, withBody(event, body)),
    (error) => cognitoMock.on(ListUsersCommand).rejects(error),
  );

  describe('with an Idempotency-Key', () => {
    beforeEach(() => fakeIdempotencyTable());

    it('stores the message once and answers every retry with the first response', async () => {
      const first = await invoke(handler, withBody(withKey, body));
      const retry = await invoke(handler, withBody(withKey, body));

      expect(first.statusCode).toBe(201);
      expect(retry).toEqual(first);
      expect(documentsMock.commandCalls(TransactWriteCommand)).toHaveLength(1);
      expect(dynamodbMock.commandCalls(PutItemCommand)[0]?.args[0].input.TableName).toBe('auth-api-test-idempotency');
      expect(dynamodbMock.commandCalls(UpdateItemCommand)).toHaveLength(1);
    });

    it('records the key as INPROGRESS before the transaction and COMPLETED, with the message, after it', async () => {
      const response = await invoke(handler, withBody(withKey, body));

      const [put] = dynamodbMock.commandCalls(PutItemCommand);
      const [transaction] = documentsMock.commandCalls(TransactWriteCommand);
      const [update] = dynamodbMock.commandCalls(UpdateItemCommand);
      if (!put || !transaction || !update) throw new Error('expected a put, a transaction and an update');
      expect(put.calledBefore(transaction)).toBe(true);
      expect(transaction.calledBefore(update)).toBe(true);
      const now = Date.now() / 1000;
      expect(put.args[0].input.TableName).toBe('auth-api-test-idempotency');
      expect(unmarshall(put.args[0].input.Item ?? {})).toEqual({
        id: recordKey(SUB, KEY),
        status: 'INPROGRESS',
        expiration: expect.any(Number),
        in_progress_expiration: expect.any(Number),
        validation: payloadHash(body),
      });
      expect(unmarshall(put.args[0].input.Item ?? {}).expiration).toBeCloseTo(now + 24 * 60 * 60, -1);
      expect(update.args[0].input).toMatchObject({ TableName: 'auth-api-test-idempotency', Key: marshall({ id: recordKey(SUB, KEY) }) });
      expect(unmarshall(update.args[0].input.ExpressionAttributeValues ?? {})).toEqual({
        ':status': 'COMPLETED',
        ':expiry': expect.any(Number),
        ':response_data': response.body,
        ':validation_key': payloadHash(body),
      });
    });

    it.each<[string, Record<string, unknown>, number, string | undefined]>([
      [
        'a COMPLETED record for the same body returns the stored message',
        { status: 'COMPLETED', data: storedMessage, validation: payloadHash(body) },
        201,
        undefined,
      ],
      [
        'a COMPLETED record for another body is 409 IdempotencyKeyReused',
        { status: 'COMPLETED', data: storedMessage, validation: payloadHash({ ...body, subject: 'Other' }) },
        409,
        'IdempotencyKeyReused',
      ],
      [
        'an INPROGRESS record is 409 IdempotencyKeyInProgress',
        { status: 'INPROGRESS', in_progress_expiration: Date.now() + 60_000, validation: payloadHash(body) },
        409,
        'IdempotencyKeyInProgress',
      ],
    ])('on a retry, %s, and sends nothing', async (_case, record, status, code) => {
      storedRecord(record);

      const response = await invoke(handler, withBody(withKey, body));

      if (code) expectProblem(response, status, code);
      else expect(response).toMatchObject({ statusCode: 201, body: storedMessage });
      if (code === 'IdempotencyKeyInProgress') expect(response.headers['retry-after']).toBe('1');
      expect(unmarshall(dynamodbMock.commandCalls(PutItemCommand)[0]?.args[0].input.Item ?? {}).id).toBe(recordKey(SUB, KEY));
      expect(cognitoMock.commandCalls(ListUsersCommand)).toHaveLength(0);
      expect(documentsMock.commandCalls(TransactWriteCommand)).toHaveLength(0);
      // The stored record is left as it is.
      expect(dynamodbMock.commandCalls(UpdateItemCommand)).toHaveLength(0);
      expect(dynamodbMock.commandCalls(DeleteItemCommand)).toHaveLength(0);
      expect(dynamodbMock.commandCalls(GetItemCommand)).toHaveLength(0);
    });

    it('keys per sender: another sender with the same key sends their own message', async () => {
      const mine = await invoke(handler, withBody(withKey, body));
      const claims = withKey.requestContext.authorizer.jwt.claims;
      const other = {
        ...withKey,
        requestContext: {
          ...withKey.requestContext,
          authorizer: {
            ...withKey.requestContext.authorizer,
            jwt: { ...withKey.requestContext.authorizer.jwt, claims: { ...claims, sub: 'another-sub', username: 'another-sub' } },
          },
        },
      };

      const theirs = await invoke(handler, withBody(other, body));

      expect(theirs.statusCode).toBe(201);
      expect(theirs.body?.id).not.toBe(mine.body?.id);
      expect(documentsMock.commandCalls(TransactWriteCommand)).toHaveLength(2);
    });

    it('answers 409 IdempotencyKeyReused for the same key with another body', async () => {
      await invoke(handler, withBody(withKey, body));

      expectProblem(await invoke(handler, withBody(withKey, { ...body, body: 'Changed my mind' })), 409, 'IdempotencyKeyReused');
      expect(documentsMock.commandCalls(TransactWriteCommand)).toHaveLength(1);
    });

    it('answers 409 IdempotencyKeyInProgress with retry-after while the first request runs', async () => {
      // The same request arrives again while the first one is inside its transaction (once only, so a
      // handler that ignored the key would send twice here rather than recurse).
      let concurrent: Promise<Awaited<ReturnType<typeof invoke>>> | undefined;
      documentsMock.on(TransactWriteCommand).callsFake(async () => {
        if (concurrent) return {};
        concurrent = invoke(handler, withBody(withKey, body));
        await concurrent;
        return {};
      });

      expect((await invoke(handler, withBody(withKey, body))).statusCode).toBe(201);
      const second = await concurrent;
      if (!second) throw new Error('the concurrent request did not run');
      expectProblem(second, 409, 'IdempotencyKeyInProgress');
      expect(second.headers['retry-after']).toBe('1');
      expect(documentsMock.commandCalls(TransactWriteCommand)).toHaveLength(1);
    });

    it('stores nothing for a failed send, so the key can be retried', async () => {
      cognitoMock
        .on(ListUsersCommand)
        .resolvesOnce({ Users: [] })
        .resolves({ Users: [bob()] });

      expectProblem(await invoke(handler, withBody(withKey, body)), 404, 'RecipientNotFound');
      expect((await invoke(handler, withBody(withKey, body))).statusCode).toBe(201);
    });

    it.each([
      ['empty', ''],
      ['blank', '   '],
      ['longer than 255 characters', 'k'.repeat(256)],
    ])('rejects a key that is %s', async (_case, key) => {
      const response = await invoke(handler, withBody({ ...withKey, headers: { ...withKey.headers, 'idempotency-key': key } }, body));

      expectValidationError(response, ['idempotency-key']);
      expect(outsideAccounts(documentsMock.calls())).toHaveLength(0);
      expect(dynamodbMock.calls()).toHaveLength(0);
      expect(cognitoMock.calls()).toHaveLength(0);
    });

    it('accepts a key of 255 characters', async () => {
      const response = await invoke(
        handler,
        withBody({ ...withKey, headers: { ...withKey.headers, 'idempotency-key': 'k'.repeat(255) } }, body),
      );

      expect(response.statusCode).toBe(201);
      expect(unmarshall(dynamodbMock.commandCalls(PutItemCommand)[0]?.args[0].input.Item ?? {}).id).toBe(recordKey(SUB, 'k'.repeat(255)));
    });

    it('answers 429 with retry-after, and keeps no record, when DynamoDB throttles the transaction', async () => {
      documentsMock.on(TransactWriteCommand).rejects(dynamodbError('ProvisionedThroughputExceededException'));

      const response = await invoke(handler, withBody(withKey, body));

      expectProblem(response, 429, 'TooManyRequests');
      expect(response.headers['retry-after']).toBe('1');
      expect(dynamodbMock.commandCalls(DeleteItemCommand)[0]?.args[0].input).toEqual({
        TableName: 'auth-api-test-idempotency',
        Key: marshall({ id: recordKey(SUB, KEY) }),
      });
    });

    it('answers 503 when the idempotency table cannot be reached', async () => {
      dynamodbMock.on(PutItemCommand).rejects(dynamodbError('InternalServerError', 'server'));

      expectProblem(await invoke(handler, withBody(withKey, body)), 503, 'ServiceUnavailable');
      expect(documentsMock.commandCalls(TransactWriteCommand)).toHaveLength(0);
    });
  });

  it('never writes the access token to the logs', async () => {
    fakeIdempotencyTable();
    await invoke(handler, withBody(withKey, body));
    await invoke(handler, withBody(withKey, body));
    await invoke(handler, withBody(withKey, { ...body, subject: 'Other' }));
    cognitoMock.on(ListUsersCommand).rejects(new TypeError('boom'));
    await invoke(handler, withBody(event, body));
    await invoke(handler, withBody(event, {}));

    const written = logs.text();
    expect(written).toContain('request failed');
    expect(written).toContain('request rejected');
    expect(written).not.toContain(ACCESS);
  });
});
