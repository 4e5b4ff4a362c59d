import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { AuthorizedEvent } from '@authapi/shared/http';
import { handler } from '../../../functions/get-message/index.js';
import { itAnswersUpstreamFailures } from '../../fixtures/cases.js';
import { SUB } from '../../fixtures/cognito.js';
import { documentsMock } from '../../fixtures/dynamodb.js';
import { invoke, loadEvent } from '../../fixtures/lambda.js';
import { captureLogs } from '../../fixtures/logs.js';
import { expectProblem } from '../../fixtures/problem.js';
import { givenAccounts, outsideAccounts } from '../../fixtures/sessions.js';

const event = loadEvent<AuthorizedEvent>('get-message');
const ID = '01KAR1Z5Q8V7N3M2K4J6H8G0FD';
const message = {
  id: ID,
  from: { sub: 'b', email: 'bob@example.com' },
  to: { sub: SUB, email: 'jane@example.com' },
  subject: 'Hi',
  body: 'Hello',
  createdAt: '2026-11-22T10:00:00.000Z',
};
const inbox = { TableName: 'auth-api-test-messages', Key: { pk: `USER#${SUB}#INBOX`, sk: ID } };
const sent = { TableName: 'auth-api-test-messages', Key: { pk: `USER#${SUB}#SENT`, sk: ID } };

describe('GET /messages/{id}', () => {
  let logs: ReturnType<typeof captureLogs>;
  beforeEach(() => {
    documentsMock.reset();
    givenAccounts();
    logs = captureLogs();
  });
  afterEach(() => logs.restore());

  it("returns the caller's copy, looked up only in the caller's boxes", async () => {
    documentsMock.on(GetCommand, inbox).resolves({ Item: { ...inbox.Key, ...message } });
    documentsMock.on(GetCommand, sent).resolves({});

    const response = await invoke(handler, event);

    expect(response).toMatchObject({ statusCode: 200, body: message });
    expect(response.body).not.toHaveProperty('pk');
    expect(
      outsideAccounts(documentsMock.commandCalls(GetCommand))
        .map((call) => call.args[0].input)
        .sort((a, b) => String(a.Key?.pk).localeCompare(String(b.Key?.pk))),
    ).toEqual([inbox, sent]);
  });

  it('returns a sent message from the sent box', async () => {
    documentsMock.on(GetCommand, inbox).resolves({});
    documentsMock.on(GetCommand, sent).resolves({ Item: { ...sent.Key, ...message } });

    expect((await invoke(handler, event)).body).toEqual(message);
  });

  it('prefers the inbox copy (it has the read state) for a message to oneself', async () => {
    documentsMock.on(GetCommand, inbox).resolves({ Item: { ...message, readAt: '2026-11-22T11:00:00.000Z' } });
    documentsMock.on(GetCommand, sent).resolves({ Item: message });

    expect((await invoke(handler, event)).body?.readAt).toBe('2026-11-22T11:00:00.000Z');
  });

  it("answers 404 MessageNotFound when the caller has no copy (someone else's, or none)", async () => {
    documentsMock.on(GetCommand).resolves({});

    expectProblem(await invoke(handler, event), 404, 'MessageNotFound');
  });

  it.each(['not-an-id', '01KAR1Z5Q8V7N3M2K4J6H8G0F', 'USER#x#INBOX'])('answers 404 for %s without reading the table', async (id) => {
    expectProblem(await invoke(handler, { ...event, pathParameters: { id } }), 404, 'MessageNotFound');
    expect(outsideAccounts(documentsMock.calls())).toHaveLength(0);
  });

  itAnswersUpstreamFailures(
    () => invoke(handler, event),
    (error) => documentsMock.on(GetCommand).rejects(error),
  );
});
