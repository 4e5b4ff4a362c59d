import { readFileSync } from 'node:fs';
import { ListUsersCommand } from '@aws-sdk/client-cognito-identity-provider';
import { GetCommand, ScanCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { ScheduledEvent } from 'aws-lambda';
import { handler } from '../../../functions/reconcile-directory/index.js';
import { cognitoMock } from '../../fixtures/cognito.js';
import { documentsMock } from '../../fixtures/dynamodb.js';
import { context } from '../../fixtures/lambda.js';
import { captureLogs } from '../../fixtures/logs.js';

const event = JSON.parse(readFileSync('events/reconcile-directory.json', 'utf8')) as ScheduledEvent;
const user = (sub: string, extra: Record<string, unknown> = {}) => ({
  Username: sub,
  Enabled: true,
  UserStatus: 'CONFIRMED' as const,
  Attributes: [
    { Name: 'sub', Value: sub },
    { Name: 'email', Value: `${sub}@example.com` },
  ],
  ...extra,
});

describe('directory reconciliation (scheduled)', () => {
  let logs: ReturnType<typeof captureLogs>;
  beforeEach(() => {
    cognitoMock.reset();
    documentsMock.reset();
    cognitoMock
      .on(ListUsersCommand)
      .resolvesOnce({ Users: [user('ann'), user('unconfirmed', { UserStatus: 'UNCONFIRMED' })], PaginationToken: 'page-2' })
      .resolvesOnce({ Users: [user('bob'), user('disabled', { Enabled: false })] });
    documentsMock.on(ScanCommand).resolves({ Items: [{ pk: 'EMAIL#gone@example.com', sk: 'EMAIL', sub: 'gone', updatedAt: 1 }] });
    documentsMock.on(GetCommand).resolves({});
    documentsMock.on(TransactWriteCommand).resolves({});
    logs = captureLogs();
  });
  afterEach(() => logs.restore());

  it('lists every page of the pool, gives each receiving user their entry and removes the entry of a user the pool no longer has', async () => {
    expect(await handler(event, context)).toEqual({ users: 4, entries: 1, claimed: 2, released: 1, accountsCleared: 0 });
    const listed = cognitoMock.commandCalls(ListUsersCommand).map((call) => call.args[0].input);
    expect(listed).toEqual([
      { UserPoolId: 'us-east-1_TEST', Limit: 60, AttributesToGet: ['sub', 'email'] },
      { UserPoolId: 'us-east-1_TEST', Limit: 60, AttributesToGet: ['sub', 'email'], PaginationToken: 'page-2' },
    ]);
    const written = documentsMock
      .commandCalls(TransactWriteCommand)
      .map((call) => call.args[0].input.TransactItems?.[0])
      .map((item): unknown => item?.Put?.Item?.pk ?? item?.Delete?.Key?.pk);
    expect(written).toEqual(['EMAIL#ann@example.com', 'EMAIL#bob@example.com', 'EMAIL#gone@example.com']);
    expect(logs.text()).toMatch(/directory reconciled/);
  });

  it('pages ListUsers no faster than five requests a second (a share of its quota category)', async () => {
    const started = Date.now();
    await handler(event, context);
    expect(Date.now() - started).toBeGreaterThanOrEqual(195);
  });
});
