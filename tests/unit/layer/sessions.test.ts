import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { httpHandler, json, noContent, problem, type AuthorizedEvent, type PublicEvent } from '@authapi/shared/http';
import { endSessions, protectedHandler, recordingSignIn, writeTombstone } from '@authapi/shared/sessions';
import { isEnded, isRecent } from '../../../layers/shared/src/sessions/check.js';
import { SUB } from '../../fixtures/cognito.js';
import { documentsMock, dynamodbError } from '../../fixtures/dynamodb.js';
import { invoke, loadEvent } from '../../fixtures/lambda.js';
import { captureLogs } from '../../fixtures/logs.js';
import { expectProblem } from '../../fixtures/problem.js';
import { accountKey, ACCOUNTS_TABLE, givenAccounts, ISSUED_AT, SESSION_ID, sessionKey } from '../../fixtures/sessions.js';

const userEvent = loadEvent<AuthorizedEvent>('get-me');
const machineEvent = loadEvent<AuthorizedEvent>('send-message-machine');
const ENDED_AT = ISSUED_AT * 1000 + 400;
const token = { sub: SUB, issuedAt: ISSUED_AT, sessionId: SESSION_ID };
const FAR_FUTURE = Math.floor(Date.now() / 1000) + 86_400;

/** A token issued `seconds` after (or before) the events' `iat`. */
const issuedAt = (event: AuthorizedEvent, iat: number): AuthorizedEvent => {
  const { jwt } = event.requestContext.authorizer;
  return {
    ...event,
    requestContext: {
      ...event.requestContext,
      authorizer: { ...event.requestContext.authorizer, jwt: { ...jwt, claims: { ...jwt.claims, iat } } },
    },
  };
};

describe('isEnded: the boundary rules', () => {
  const noSession = jest.fn(async () => undefined);
  beforeEach(() => noSession.mockClear());

  it('keeps every token of an account that never ended its sessions', async () => {
    expect(await isEnded(undefined, token, noSession)).toBe(false);
    expect(await isEnded({}, token, noSession)).toBe(false);
  });

  it('ends every token of a deleted account, whenever issued', async () => {
    expect(await isEnded({ deletedAt: ENDED_AT, sessionsEndedAt: ENDED_AT }, { ...token, issuedAt: ISSUED_AT + 3600 }, noSession)).toBe(
      true,
    );
  });

  it('ends a token issued in an earlier second, and keeps one issued in a later second, without reading the session', async () => {
    expect(await isEnded({ sessionsEndedAt: ENDED_AT }, { ...token, issuedAt: ISSUED_AT - 1 }, noSession)).toBe(true);
    expect(await isEnded({ sessionsEndedAt: ENDED_AT }, { ...token, issuedAt: ISSUED_AT + 1 }, noSession)).toBe(false);
    expect(noSession).not.toHaveBeenCalled();
  });

  it('in the second of the ending, keeps only a token whose session signed in after it (a sign-in right after a sign-out)', async () => {
    const account = { sessionsEndedAt: ENDED_AT };
    expect(await isEnded(account, token, async () => ({ signedInAt: ENDED_AT + 1, expiresAt: 0 }))).toBe(false);
    expect(await isEnded(account, token, async () => ({ signedInAt: ENDED_AT, expiresAt: 0 }))).toBe(true);
    // A refresh in flight during the sign-out: the old session's token, in the same second.
    expect(await isEnded(account, token, async () => ({ signedInAt: ENDED_AT - 60_000, expiresAt: 0 }))).toBe(true);
    expect(await isEnded(account, token, noSession)).toBe(true);
    expect(noSession).toHaveBeenCalledTimes(1);
  });
});

describe('isRecent', () => {
  const now = Date.now();
  it.each([
    ['signed in 299 s ago', true, now - 299_000],
    ['signed in exactly 300 s ago', true, now - 300_000],
    ['signed in 301 s ago', false, now - 301_000],
  ])('with a 300 s window: a session %s is recent: %s', (_case, recent, signedInAt) => {
    expect(isRecent({ signedInAt, expiresAt: 0 }, now, 300)).toBe(recent);
  });

  it('never counts a session with no record (refreshed from a sign-in it did not record, or started outside the API)', () => {
    expect(isRecent(undefined, now, 300)).toBe(false);
  });
});

describe('protectedHandler: the session check', () => {
  const work = jest.fn(async () => json(200, { ok: true }));
  const handler = protectedHandler<AuthorizedEvent>(work);
  const sensitive = protectedHandler<AuthorizedEvent>(work, { recentSignIn: true });
  const sometimes = protectedHandler<AuthorizedEvent>(work, { recentSignIn: (event) => event.queryStringParameters?.sensitive === 'yes' });
  let logs: ReturnType<typeof captureLogs>;
  beforeEach(() => {
    documentsMock.reset();
    work.mockClear();
    logs = captureLogs();
  });
  afterEach(() => logs.restore());

  it("reads the user's account item, strongly consistent, and runs the handler for a live session", async () => {
    givenAccounts();

    expect(await invoke(handler, userEvent)).toMatchObject({ statusCode: 200, body: { ok: true } });
    expect(documentsMock.commandCalls(GetCommand).map((call) => call.args[0].input)).toEqual([
      { TableName: ACCOUNTS_TABLE, Key: accountKey(), ConsistentRead: true },
    ]);
    expect(work).toHaveBeenCalledTimes(1);
  });

  it('answers 401 SessionEnded with www-authenticate invalid_token, without running the handler, once the sessions ended', async () => {
    givenAccounts({ account: { sessionsEndedAt: ENDED_AT + 1000 } });

    const response = await invoke(handler, userEvent);

    expectProblem(response, 401, 'SessionEnded');
    expect(response.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
    expect(work).not.toHaveBeenCalled();
  });

  it('answers 401 SessionEnded to every token of a deleted account, and ignores a tombstone past its expiry', async () => {
    const now = Math.floor(Date.now() / 1000);
    givenAccounts({ account: { deletedAt: ENDED_AT, sessionsEndedAt: ENDED_AT, expiresAt: now + 60 } });
    expectProblem(await invoke(handler, issuedAt(userEvent, now)), 401, 'SessionEnded');

    documentsMock.reset();
    givenAccounts({ account: { deletedAt: ENDED_AT, sessionsEndedAt: ENDED_AT, expiresAt: now - 1 } });
    expect((await invoke(handler, issuedAt(userEvent, now))).statusCode).toBe(200);
  });

  it('reads the session record only for a token issued in the second the sessions ended, and keeps it if it signed in after', async () => {
    givenAccounts({ account: { sessionsEndedAt: ENDED_AT }, session: { signedInAt: ENDED_AT + 5, expiresAt: FAR_FUTURE } });

    expect((await invoke(handler, userEvent)).statusCode).toBe(200);
    expect(documentsMock.commandCalls(GetCommand).map((call) => call.args[0].input)).toEqual([
      { TableName: ACCOUNTS_TABLE, Key: accountKey(), ConsistentRead: true },
      { TableName: ACCOUNTS_TABLE, Key: sessionKey(), ConsistentRead: true },
    ]);
  });

  it('skips the check for a machine token (client credentials: no user, no session)', async () => {
    expect((await invoke(handler, machineEvent)).statusCode).toBe(200);
    expect(documentsMock.calls()).toHaveLength(0);
  });

  it('answers 503 with retry-after when the accounts table cannot be read, without running the handler', async () => {
    documentsMock.on(GetCommand).rejects(dynamodbError('InternalServerError', 'server'));

    const response = await invoke(handler, userEvent);

    expectProblem(response, 503, 'ServiceUnavailable');
    expect(response.headers['retry-after']).toBe('2');
    expect(work).not.toHaveBeenCalled();
  });

  describe('recent sign-in', () => {
    it('reads the account and the session together, and runs a sensitive change for a session that signed in within the window', async () => {
      givenAccounts({ session: { signedInAt: Date.now() - 299_000, expiresAt: FAR_FUTURE } });

      expect((await invoke(sensitive, userEvent)).statusCode).toBe(200);
      expect(documentsMock.commandCalls(GetCommand)).toHaveLength(2);
    });

    it.each([
      ['signed in longer ago than the window (and refreshed since)', { signedInAt: Date.now() - 301_000, expiresAt: FAR_FUTURE }],
      ['without a record (a session started outside the API)', null],
      ['whose record has expired', { signedInAt: Date.now() - 1000, expiresAt: Math.floor(Date.now() / 1000) - 1 }],
    ])('answers 401 RecentSignInRequired with the RFC 9470 challenge to a session %s', async (_case, session) => {
      givenAccounts({ session });

      const response = await invoke(sensitive, userEvent);

      expectProblem(response, 401, 'RecentSignInRequired');
      expect(response.headers['www-authenticate']).toBe('Bearer error="insufficient_user_authentication", max_age=300');
      expect(work).not.toHaveBeenCalled();
    });

    it('answers SessionEnded before RecentSignInRequired', async () => {
      givenAccounts({ account: { sessionsEndedAt: ENDED_AT + 1000 }, session: null });

      expectProblem(await invoke(sensitive, userEvent), 401, 'SessionEnded');
    });

    it('takes the window from RECENT_SIGN_IN_MINUTES', async () => {
      givenAccounts({ session: { signedInAt: Date.now() - 90_000, expiresAt: FAR_FUTURE } });
      process.env.RECENT_SIGN_IN_MINUTES = '1';
      try {
        const response = await invoke(sensitive, userEvent);
        expectProblem(response, 401, 'RecentSignInRequired');
        expect(response.headers['www-authenticate']).toBe('Bearer error="insufficient_user_authentication", max_age=60');
      } finally {
        process.env.RECENT_SIGN_IN_MINUTES = '5';
      }
    });

    it('applies to the events a predicate names only', async () => {
      givenAccounts({ session: null });

      expect((await invoke(sometimes, userEvent)).statusCode).toBe(200);
      expectProblem(await invoke(sometimes, { ...userEvent, queryStringParameters: { sensitive: 'yes' } }), 401, 'RecentSignInRequired');
    });
  });
});

describe('httpHandler', () => {
  let logs: ReturnType<typeof captureLogs>;
  beforeEach(() => {
    documentsMock.reset();
    logs = captureLogs();
  });
  afterEach(() => logs.restore());

  it("refuses a user's token as a bug (500) when the route has no session check, so none can skip it unnoticed", async () => {
    const work = jest.fn(async () => json(200, {}));

    expectProblem(await invoke(httpHandler<AuthorizedEvent>(work), userEvent), 500, 'InternalError');
    expect(work).not.toHaveBeenCalled();
    expect(logs.text()).toContain('without the session check');
  });

  it.each([
    ['a JSON answer', async () => json(200, { accessToken: 'secret' })],
    ['a 204', async () => noContent()],
    [
      'a problem',
      async () => {
        throw problem(400, 'ValidationError', 'Invalid request', 'Bad.');
      },
    ],
    [
      'a bug',
      async () => {
        throw new TypeError('boom');
      },
    ],
  ])('marks %s cache-control: no-store', async (_case, fn) => {
    const response = await invoke(httpHandler<PublicEvent>(fn), loadEvent('health'));
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('marks a refused session no-store too, beside its www-authenticate', async () => {
    givenAccounts({ account: { sessionsEndedAt: ENDED_AT + 1000 } });

    const response = await invoke(
      protectedHandler<AuthorizedEvent>(async () => json(200, {})),
      userEvent,
    );

    expect(response.headers).toMatchObject({ 'cache-control': 'no-store', 'www-authenticate': 'Bearer error="invalid_token"' });
  });
});

describe('recordingSignIn', () => {
  const accessToken = (claims: Record<string, unknown>) =>
    `eyJhbGciOiJSUzI1NiJ9.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.c2ln`;
  beforeEach(() => {
    documentsMock.reset();
    documentsMock.on(PutCommand).resolves({});
  });

  it('records when the session signed in, taken before the authenticating call, for as long as its refresh token lives', async () => {
    const before = Date.now();
    let calledAt = 0;
    const response = { AuthenticationResult: { AccessToken: accessToken({ sub: SUB, origin_jti: SESSION_ID }) } };

    const result = await recordingSignIn(async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      calledAt = Date.now();
      return response;
    });

    expect(result).toBe(response);
    const item = documentsMock.commandCalls(PutCommand)[0]?.args[0].input.Item ?? {};
    expect(item).toMatchObject({ ...sessionKey(), signedInAt: expect.any(Number), expiresAt: expect.any(Number) });
    expect(documentsMock.commandCalls(PutCommand)[0]?.args[0].input.TableName).toBe(ACCOUNTS_TABLE);
    expect(item.signedInAt).toBeGreaterThanOrEqual(before);
    expect(item.signedInAt).toBeLessThan(calledAt - 10);
    expect(item.expiresAt).toBe(Math.floor(Number(item.signedInAt) / 1000) + 30 * 86_400);
  });

  it('records nothing for a challenge (no tokens, no session yet)', async () => {
    await recordingSignIn(async () => ({ ChallengeName: 'SOFTWARE_TOKEN_MFA', Session: 'session' }));
    expect(documentsMock.calls()).toHaveLength(0);
  });

  it.each([
    ['not a JWT', 'opaque'],
    ['without origin_jti', accessToken({ sub: SUB })],
  ])('answers 503 for an access token %s (Cognito outside its contract), writing nothing', async (_case, token) => {
    await expect(recordingSignIn(async () => ({ AuthenticationResult: { AccessToken: token } }))).rejects.toMatchObject({
      status: 503,
      code: 'ServiceUnavailable',
    });
    expect(documentsMock.calls()).toHaveLength(0);
  });
});

describe('endSessions and writeTombstone', () => {
  beforeEach(() => documentsMock.reset());

  it('sets sessionsEndedAt to now, kept as a maximum', async () => {
    documentsMock.on(UpdateCommand).resolves({});
    const before = Date.now();

    await endSessions(SUB);

    const input = documentsMock.commandCalls(UpdateCommand)[0]?.args[0].input;
    expect(input).toMatchObject({
      TableName: ACCOUNTS_TABLE,
      Key: accountKey(),
      UpdateExpression: 'SET sessionsEndedAt = :now',
      ConditionExpression: 'attribute_not_exists(sessionsEndedAt) OR sessionsEndedAt < :now',
    });
    expect(input?.ExpressionAttributeValues?.[':now']).toBeGreaterThanOrEqual(before);
  });

  it('is done when a later ending is already recorded', async () => {
    documentsMock.on(UpdateCommand).rejects(dynamodbError('ConditionalCheckFailedException'));
    await expect(endSessions(SUB)).resolves.toBeUndefined();
  });

  it('passes other DynamoDB errors on', async () => {
    documentsMock.on(UpdateCommand).rejects(dynamodbError('ProvisionedThroughputExceededException'));
    await expect(endSessions(SUB)).rejects.toMatchObject({ name: 'ProvisionedThroughputExceededException' });
  });

  it('replaces the account item with a tombstone holding no personal data, expiring after the last access token', async () => {
    documentsMock.on(PutCommand).resolves({});

    await writeTombstone(SUB);

    const { TableName, Item } = documentsMock.commandCalls(PutCommand)[0]?.args[0].input ?? {};
    expect(TableName).toBe(ACCOUNTS_TABLE);
    expect(Object.keys(Item ?? {}).sort()).toEqual(['deletedAt', 'expiresAt', 'pk', 'sessionsEndedAt', 'sk']);
    expect(Item).toMatchObject({ ...accountKey(), sessionsEndedAt: Item?.deletedAt });
    // 15-minute access tokens, and a minute for verifiers' clock skew.
    expect(Item?.expiresAt).toBe(Math.floor(Number(Item?.deletedAt) / 1000) + 15 * 60 + 60);
  });
});
