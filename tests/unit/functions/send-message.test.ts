import { GetUserCommand, ListUsersCommand } from '@aws-sdk/client-cognito-identity-provider';
import { PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { AuthorizedEvent } from '@authapi/shared';
import { handler } from '../../../functions/send-message/index.js';
import { itAnswersUpstreamFailures, itRejectsUnreadableBodies } from '../../fixtures/cases.js';
import { accessTokenIn, cognitoError, cognitoMock, getUserAnswer, SUB } from '../../fixtures/cognito.js';
import { documentsMock, dynamodbError, dynamodbMock, fakeIdempotencyTable } from '../../fixtures/dynamodb.js';
import { invoke, loadEvent, withBody } from '../../fixtures/lambda.js';
import { captureLogs } from '../../fixtures/logs.js';
import { expectProblem, expectValidationError } from '../../fixtures/problem.js';

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

describe('POST /messages', () => {
  let logs: ReturnType<typeof captureLogs>;
  beforeEach(() => {
    cognitoMock.reset();
    documentsMock.reset();
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
    expect(cognitoMock.commandCalls(ListUsersCommand)[0]?.args[0].input).toEqual({ UserPoolId: 'us-east-1_TEST', Filter: 'email = "bob@example.com"', Limit: 1 });
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
    const items = documentsMock.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(items.map((item) => item.Put?.Item?.pk)).toEqual([`USER#${BOB}#INBOX`]);
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
    ['wrong types', { to: 1, subject: [], body: {} }, ['to', 'subject', 'body']],
    ['an invalid email', { ...body, to: 'bob' }, ['to']],
    ['an empty subject and body', { ...body, subject: '  ', body: '' }, ['subject', 'body']],
    ['a subject over 200 characters', { ...body, subject: 's'.repeat(201) }, ['subject']],
    ['a body over 10,000 characters', { ...body, body: 'b'.repeat(10_001) }, ['body']],
  ])('rejects %s', async (_case, input, paths) => {
    expectValidationError(await invoke(handler, withBody(event, input)), paths);
    expect(cognitoMock.calls()).toHaveLength(0);
    expect(documentsMock.calls()).toHaveLength(0);
  });

  it('accepts a subject of 200 and a body of 10,000 characters', async () => {
    expect((await invoke(handler, withBody(event, { ...body, subject: 's'.repeat(200), body: 'b'.repeat(10_000) }))).statusCode).toBe(201);
  });

  itRejectsUnreadableBodies((raw) => invoke(handler, withBody(event, raw)), () => cognitoMock.calls().length + documentsMock.calls().length);

  it.each([
    ['ProvisionedThroughputExceededException', 429, 'TooManyRequests', '1'],
    ['ThrottlingException', 429, 'TooManyRequests', '1'],
    ['InternalServerError', 503, 'ServiceUnavailable', '2'],
  ])('maps DynamoDB %s to %i %s with retry-after %s', async (name, status, code, retryAfter) => {
    documentsMock.on(TransactWriteCommand).rejects(dynamodbError(name, name === 'InternalServerError' ? 'server' : 'client'));

    const response = await invoke(handler, withBody(event, body));

    expectProblem(response, status, code);
    expect(response.headers['retry-after']).toBe(retryAfter);
  });

  itAnswersUpstreamFailures(() => invoke(handler, withBody(event, body)), (error) => cognitoMock.on(ListUsersCommand).rejects(error));

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

    it('keys per sender: another sender with the same key sends their own message', async () => {
      const mine = await invoke(handler, withBody(withKey, body));
      const claims = withKey.requestContext.authorizer.jwt.claims;
      const other = { ...withKey, requestContext: { ...withKey.requestContext, authorizer: { ...withKey.requestContext.authorizer, jwt: { ...withKey.requestContext.authorizer.jwt, claims: { ...claims, sub: 'another-sub', username: 'another-sub' } } } } };

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
      documentsMock.on(TransactWriteCommand).callsFake(async () => {
        const concurrent = await invoke(handler, withBody(withKey, body));
        expectProblem(concurrent, 409, 'IdempotencyKeyInProgress');
        expect(concurrent.headers['retry-after']).toBe('1');
        return {};
      });

      expect((await invoke(handler, withBody(withKey, body))).statusCode).toBe(201);
      expect.assertions(4 + 2);
    });

    it('stores nothing for a failed send, so the key can be retried', async () => {
      cognitoMock.on(ListUsersCommand).resolvesOnce({ Users: [] }).resolves({ Users: [bob()] });

      expectProblem(await invoke(handler, withBody(withKey, body)), 404, 'RecipientNotFound');
      expect((await invoke(handler, withBody(withKey, body))).statusCode).toBe(201);
    });

    it.each([
      ['empty', ''],
      ['longer than 255 characters', 'k'.repeat(256)],
    ])('rejects a key that is %s', async (_case, key) => {
      const response = await invoke(handler, withBody({ ...withKey, headers: { ...withKey.headers, 'idempotency-key': key } }, body));

      expectValidationError(response, ['idempotency-key']);
      expect(documentsMock.calls()).toHaveLength(0);
    });

    it('answers 503 when the idempotency table cannot be reached', async () => {
      dynamodbMock.on(PutItemCommand).rejects(dynamodbError('InternalServerError', 'server'));

      expectProblem(await invoke(handler, withBody(withKey, body)), 503, 'ServiceUnavailable');
      expect(documentsMock.commandCalls(TransactWriteCommand)).toHaveLength(0);
    });
  });

  it('never writes the access token to the logs', async () => {
    cognitoMock.on(ListUsersCommand).rejects(new TypeError('boom'));
    await invoke(handler, withBody(event, body));
    await invoke(handler, withBody(event, {}));

    expect(logs.text()).not.toContain(ACCESS);
  });
});
