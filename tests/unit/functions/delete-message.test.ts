import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import type { AuthorizedEvent } from '@authapi/shared/http';
import { handler } from '../../../functions/delete-message/index.js';
import { itAnswersUpstreamFailures } from '../../fixtures/cases.js';
import { SUB } from '../../fixtures/cognito.js';
import { documentsMock } from '../../fixtures/dynamodb.js';
import { invoke, loadEvent } from '../../fixtures/lambda.js';
import { captureLogs } from '../../fixtures/logs.js';
import { expectProblem } from '../../fixtures/problem.js';
import { givenAccounts, outsideAccounts } from '../../fixtures/sessions.js';

const event = loadEvent<AuthorizedEvent>('delete-message');
const ID = '01KAR1Z5Q8V7N3M2K4J6H8G0FD';
const inbox = { TableName: 'auth-api-test-messages', Key: { pk: `USER#${SUB}#INBOX`, sk: ID }, ReturnValues: 'ALL_OLD' as const };
const sent = { TableName: 'auth-api-test-messages', Key: { pk: `USER#${SUB}#SENT`, sk: ID }, ReturnValues: 'ALL_OLD' as const };

describe('DELETE /messages/{id}', () => {
  let logs: ReturnType<typeof captureLogs>;
  beforeEach(() => {
    documentsMock.reset();
    givenAccounts();
    logs = captureLogs();
  });
  afterEach(() => logs.restore());

  it.each([
    ['the inbox', inbox],
    ['the sent box', sent],
  ])("deletes the caller's copies only (here in %s) and answers 204", async (_case, existing) => {
    documentsMock.on(DeleteCommand).resolves({});
    documentsMock.on(DeleteCommand, existing).resolves({ Attributes: { id: ID } });

    const response = await invoke(handler, event);

    expect(response.statusCode).toBe(204);
    expect(response.body).toBeUndefined();
    const keys = documentsMock.commandCalls(DeleteCommand).map((call) => call.args[0].input);
    expect(keys).toHaveLength(2);
    expect(keys).toEqual(expect.arrayContaining([inbox, sent]));
  });

  it('deletes both copies of a message to oneself', async () => {
    documentsMock.on(DeleteCommand).resolves({ Attributes: { id: ID } });

    expect((await invoke(handler, event)).statusCode).toBe(204);
    expect(documentsMock.commandCalls(DeleteCommand).map((call) => call.args[0].input)).toEqual(expect.arrayContaining([inbox, sent]));
  });

  it("answers 404 MessageNotFound when the caller had no copy (someone else's message, or none)", async () => {
    documentsMock.on(DeleteCommand).resolves({});

    expectProblem(await invoke(handler, event), 404, 'MessageNotFound');
  });

  it('answers 404 for an id that cannot be a message id, without touching the table', async () => {
    expectProblem(await invoke(handler, { ...event, pathParameters: { id: 'USER#x' } }), 404, 'MessageNotFound');
    expect(outsideAccounts(documentsMock.calls())).toHaveLength(0);
  });

  itAnswersUpstreamFailures(
    () => invoke(handler, event),
    (error) => documentsMock.on(DeleteCommand).rejects(error),
  );
});
