import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { AuthorizedEvent } from '@authapi/shared/http';
import { handler } from '../../../functions/list-messages/index.js';
import { itAnswersUpstreamFailures } from '../../fixtures/cases.js';
import { SUB } from '../../fixtures/cognito.js';
import { documentsMock } from '../../fixtures/dynamodb.js';
import { invoke, loadEvent } from '../../fixtures/lambda.js';
import { captureLogs } from '../../fixtures/logs.js';
import { expectProblem, expectValidationError } from '../../fixtures/problem.js';
import { givenAccounts, outsideAccounts } from '../../fixtures/sessions.js';

const event = loadEvent<AuthorizedEvent>('list-messages');
const withQuery = (query: Record<string, string>): AuthorizedEvent => ({
  ...event,
  queryStringParameters: query,
  rawQueryString: new URLSearchParams(query).toString(),
});
const ids = ['01KAR1Z5Q8V7N3M2K4J6H8G0FF', '01KAR1Z5Q8V7N3M2K4J6H8G0FE', '01KAR1Z5Q8V7N3M2K4J6H8G0FD'];
const stored = (id: string, box = 'INBOX') => ({
  pk: `USER#${SUB}#${box}`,
  sk: id,
  id,
  from: { sub: 'b', email: 'bob@example.com' },
  to: { sub: SUB, email: 'jane@example.com' },
  subject: 'Hi',
  body: 'Hello',
  createdAt: '2026-11-22T10:00:00.000Z',
});
const queryInput = (call = 0) => documentsMock.commandCalls(QueryCommand)[call]?.args[0].input;

describe('GET /messages', () => {
  let logs: ReturnType<typeof captureLogs>;
  beforeEach(() => {
    documentsMock.reset();
    givenAccounts();
    logs = captureLogs();
  });
  afterEach(() => logs.restore());

  it("queries the caller's inbox, newest first, one more than the page to know if there is a next", async () => {
    documentsMock.on(QueryCommand).resolves({ Items: ids.map((id) => stored(id)) });

    const response = await invoke(handler, withQuery({ box: 'inbox', limit: '2' }));

    expect(response.statusCode).toBe(200);
    expect((response.body?.items as Array<{ id: string }>).map((m) => m.id)).toEqual(ids.slice(0, 2));
    expect(response.body?.items).toContainEqual({
      id: ids[0],
      from: { sub: 'b', email: 'bob@example.com' },
      to: { sub: SUB, email: 'jane@example.com' },
      subject: 'Hi',
      body: 'Hello',
      createdAt: '2026-11-22T10:00:00.000Z',
    });
    expect(response.body?.nextCursor).toEqual(expect.any(String));
    expect(queryInput()).toEqual({
      TableName: 'auth-api-test-messages',
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `USER#${SUB}#INBOX` },
      ScanIndexForward: false,
      Limit: 3,
    });
  });

  it('defaults to the inbox and 20 per page, and the last page has no cursor', async () => {
    documentsMock.on(QueryCommand).resolves({ Items: ids.map((id) => stored(id)) });

    const response = await invoke(handler, withQuery({}));

    expect(response.body).not.toHaveProperty('nextCursor');
    expect(queryInput()).toMatchObject({ ExpressionAttributeValues: { ':pk': `USER#${SUB}#INBOX` }, Limit: 21 });
  });

  it('has no cursor when the box holds exactly one page', async () => {
    documentsMock.on(QueryCommand).resolves({ Items: ids.slice(0, 2).map((id) => stored(id)) });

    const response = await invoke(handler, withQuery({ limit: '2' }));

    expect(response.body?.items).toHaveLength(2);
    expect(response.body).not.toHaveProperty('nextCursor');
  });

  it.each([
    ['1', 2],
    ['100', 101],
  ])('accepts limit %s', async (limit, asked) => {
    documentsMock.on(QueryCommand).resolves({ Items: [] });

    const response = await invoke(handler, withQuery({ limit }));

    expect(response).toMatchObject({ statusCode: 200, body: { items: [] } });
    expect(queryInput()?.Limit).toBe(asked);
  });

  it('takes the partition from the token, never from the query string', async () => {
    documentsMock.on(QueryCommand).resolves({ Items: [] });

    await invoke(handler, withQuery({ box: 'sent', sub: 'someone-else', pk: 'USER#someone-else#SENT', owner: 'someone-else' }));

    expect(queryInput()?.ExpressionAttributeValues).toEqual({ ':pk': `USER#${SUB}#SENT` });
    expect(JSON.stringify(queryInput())).not.toContain('someone-else');
  });

  it('reads the sent box of the caller when asked, with readAt only where stored', async () => {
    documentsMock.on(QueryCommand).resolves({ Items: [{ ...stored(ids[0] ?? '', 'SENT'), readAt: '2026-11-22T11:00:00.000Z' }] });

    const response = await invoke(handler, withQuery({ box: 'sent' }));

    expect(queryInput()).toMatchObject({ ExpressionAttributeValues: { ':pk': `USER#${SUB}#SENT` } });
    expect(response.body?.items).toEqual([expect.objectContaining({ readAt: '2026-11-22T11:00:00.000Z' })]);
    expect(response.body?.items).toEqual([expect.not.objectContaining({ pk: expect.anything() })]);
  });

  it('continues after the last message of the previous page, in the caller’s own box', async () => {
    documentsMock.on(QueryCommand).resolves({ Items: ids.map((id) => stored(id)) });
    const cursor = String((await invoke(handler, withQuery({ limit: '2' }))).body?.nextCursor);

    await invoke(handler, withQuery({ limit: '2', cursor }));

    expect(queryInput(1)?.ExclusiveStartKey).toEqual({ pk: `USER#${SUB}#INBOX`, sk: ids[1] });
  });

  it('refuses a cursor of the inbox for the sent box', async () => {
    documentsMock.on(QueryCommand).resolves({ Items: ids.map((id) => stored(id)) });
    const cursor = String((await invoke(handler, withQuery({ box: 'inbox', limit: '2' }))).body?.nextCursor);

    expectProblem(await invoke(handler, withQuery({ box: 'sent', limit: '2', cursor })), 400, 'InvalidCursor');
    expect(documentsMock.commandCalls(QueryCommand)).toHaveLength(1);
  });

  it("keeps another user's cursor inside the caller's box", async () => {
    const cursor = Buffer.from(JSON.stringify({ b: 'inbox', k: ids[0], pk: 'USER#someone-else#INBOX' })).toString('base64url');
    documentsMock.on(QueryCommand).resolves({ Items: [] });

    await invoke(handler, withQuery({ cursor }));

    expect(queryInput()?.ExclusiveStartKey).toEqual({ pk: `USER#${SUB}#INBOX`, sk: ids[0] });
  });

  it.each([
    ['garbage', 'not-a-cursor!'],
    ['a cursor of the other box', Buffer.from(JSON.stringify({ b: 'sent', k: ids[0] })).toString('base64url')],
    ['a cursor whose id is not a message id', Buffer.from(JSON.stringify({ b: 'inbox', k: 'USER#x' })).toString('base64url')],
    ['a cursor whose id is not a string', Buffer.from(JSON.stringify({ b: 'inbox', k: 42 })).toString('base64url')],
    ['base64 of something other than JSON', Buffer.from('inbox:01KAR1Z5Q8V7N3M2K4J6H8G0FD').toString('base64url')],
  ])('answers 400 InvalidCursor for %s, without querying', async (_case, cursor) => {
    expectProblem(await invoke(handler, withQuery({ box: 'inbox', cursor })), 400, 'InvalidCursor');
    expect(outsideAccounts(documentsMock.calls())).toHaveLength(0);
  });

  it.each([
    ['limit 0', { limit: '0' }, ['limit']],
    ['limit 101', { limit: '101' }, ['limit']],
    ['a limit that is not a number', { limit: 'abc' }, ['limit']],
    ['an unknown box', { box: 'trash' }, ['box']],
    ['box=foo', { box: 'foo' }, ['box']],
    ['a fractional limit', { limit: '1.5' }, ['limit']],
    ['a cursor over 512 characters', { cursor: 'c'.repeat(513) }, ['cursor']],
  ])('rejects %s', async (_case, query, paths) => {
    expectValidationError(await invoke(handler, withQuery(query)), paths);
    expect(outsideAccounts(documentsMock.calls())).toHaveLength(0);
  });

  itAnswersUpstreamFailures(
    () => invoke(handler, event),
    (error) => documentsMock.on(QueryCommand).rejects(error),
  );
});
