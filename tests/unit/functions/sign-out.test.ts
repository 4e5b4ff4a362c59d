import { GlobalSignOutCommand, RevokeTokenCommand } from '@aws-sdk/client-cognito-identity-provider';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { AuthorizedEvent } from '@authapi/shared/http';
import { handler } from '../../../functions/sign-out/index.js';
import {
  itAnswersAccessTokenErrors,
  itAnswersUpstreamFailures,
  itNeedsTheAccessToken,
  itRejectsUnreadableBodies,
} from '../../fixtures/cases.js';
import { accessTokenIn, cognitoError, cognitoMock, withClientSecret } from '../../fixtures/cognito.js';
import { invoke, loadEvent, withBody } from '../../fixtures/lambda.js';
import { captureLogs } from '../../fixtures/logs.js';
import { expectProblem, expectValidationError } from '../../fixtures/problem.js';
import { documentsMock, dynamodbError } from '../../fixtures/dynamodb.js';
import { accountKey, ACCOUNTS_TABLE, givenAccounts } from '../../fixtures/sessions.js';

const event = loadEvent<AuthorizedEvent>('sign-out');
const ACCESS = accessTokenIn(event);
const REFRESH = 'refresh.token.to-revoke';

describe('POST /auth/sign-out', () => {
  let logs: ReturnType<typeof captureLogs>;
  beforeEach(() => {
    cognitoMock.reset();
    documentsMock.reset();
    givenAccounts();
    documentsMock.on(UpdateCommand).resolves({});
    cognitoMock.on(RevokeTokenCommand).resolves({});
    cognitoMock.on(GlobalSignOutCommand).resolves({});
    logs = captureLogs();
  });
  afterEach(() => logs.restore());

  it('signs the user out everywhere, then revokes the refresh token, and answers 204', async () => {
    const response = await invoke(handler, withBody(event, { refreshToken: REFRESH }));

    expect(response.statusCode).toBe(204);
    expect(response.body).toBeUndefined();
    expect(cognitoMock.commandCalls(RevokeTokenCommand)[0]?.args[0].input).toEqual({ Token: REFRESH, ClientId: 'test-client-id' });
    expect(cognitoMock.commandCalls(GlobalSignOutCommand)[0]?.args[0].input).toEqual({ AccessToken: ACCESS });
  });

  it("then, last, ends the user's sessions in the API's record, so every route refuses their tokens", async () => {
    const before = Date.now();

    expect((await invoke(handler, withBody(event, { refreshToken: REFRESH }))).statusCode).toBe(204);

    const [ending] = documentsMock.commandCalls(UpdateCommand);
    expect(ending?.args[0].input).toMatchObject({
      TableName: ACCOUNTS_TABLE,
      Key: accountKey(),
      UpdateExpression: 'SET sessionsEndedAt = :now',
    });
    expect(ending?.args[0].input.ExpressionAttributeValues?.[':now']).toBeGreaterThanOrEqual(before);
    expect(ending?.calledAfter(cognitoMock.commandCalls(GlobalSignOutCommand)[0]!)).toBe(true);
    expect(ending?.calledAfter(cognitoMock.commandCalls(RevokeTokenCommand)[0]!)).toBe(true);
  });

  it('finishes a sign-out that got as far as Cognito before (a retry: the token is revoked), and answers 204', async () => {
    cognitoMock.on(GlobalSignOutCommand).rejects(cognitoError('NotAuthorizedException', 'Access Token has been revoked'));

    expect((await invoke(handler, event)).statusCode).toBe(204);
    expect(documentsMock.commandCalls(UpdateCommand)).toHaveLength(1);
  });

  it('answers 503 with retry-after when the ending cannot be recorded; the retry then finishes it', async () => {
    documentsMock.on(UpdateCommand).rejects(dynamodbError('InternalServerError', 'server'));
    const response = await invoke(handler, event);
    expectProblem(response, 503, 'ServiceUnavailable');
    expect(response.headers['retry-after']).toBe('2');

    cognitoMock.on(GlobalSignOutCommand).rejects(cognitoError('NotAuthorizedException', 'Access Token has been revoked'));
    documentsMock.on(UpdateCommand).resolves({});
    expect((await invoke(handler, event)).statusCode).toBe(204);
  });

  it('revokes with the client secret when the app client has one', async () => {
    await withClientSecret('client-secret-value', () => invoke(handler, withBody(event, { refreshToken: REFRESH })));

    expect(cognitoMock.commandCalls(RevokeTokenCommand)[0]?.args[0].input).toEqual({
      Token: REFRESH,
      ClientId: 'test-client-id',
      ClientSecret: 'client-secret-value',
    });
  });

  it.each([
    ['no body', undefined],
    ['an empty object', {}],
  ])('signs out globally without revoking when given %s', async (_case, body) => {
    const response = await invoke(handler, body === undefined ? { ...event, body: undefined } : withBody(event, body));

    expect(response.statusCode).toBe(204);
    expect(cognitoMock.commandCalls(RevokeTokenCommand)).toHaveLength(0);
    expect(cognitoMock.commandCalls(GlobalSignOutCommand)).toHaveLength(1);
    expect(cognitoMock.commandCalls(GlobalSignOutCommand)[0]?.args[0].input).toEqual({ AccessToken: ACCESS });
  });

  it('ignores unknown fields', async () => {
    const response = await invoke(handler, withBody(event, { refreshToken: REFRESH, clientId: 'another-client', everywhere: false }));

    expect(response.statusCode).toBe(204);
    expect(cognitoMock.commandCalls(RevokeTokenCommand)[0]?.args[0].input).toEqual({ Token: REFRESH, ClientId: 'test-client-id' });
    expect(cognitoMock.commandCalls(GlobalSignOutCommand)[0]?.args[0].input).toEqual({ AccessToken: ACCESS });
  });

  itNeedsTheAccessToken(
    { ...event, body: undefined },
    (request) => invoke(handler, request),
    () => cognitoMock.calls().length,
  );

  it.each(['UnauthorizedException', 'NotAuthorizedException', 'UnsupportedTokenTypeException', 'InvalidParameterException'])(
    'still signs out everywhere, and answers 204, when RevokeToken refuses the token with %s',
    async (name) => {
      cognitoMock.on(RevokeTokenCommand).rejects(cognitoError(name));

      const response = await invoke(handler, withBody(event, { refreshToken: REFRESH }));

      expect(response.statusCode).toBe(204);
      expect(cognitoMock.commandCalls(GlobalSignOutCommand)[0]?.args[0].input).toEqual({ AccessToken: ACCESS });
    },
  );

  it('answers 401 NotAuthorized, ending nothing, when Cognito refuses the token for another reason', async () => {
    cognitoMock.on(GlobalSignOutCommand).rejects(cognitoError('NotAuthorizedException', 'User does not exist.'));

    expectProblem(await invoke(handler, event), 401, 'NotAuthorized');
    expect(documentsMock.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  it.each(['ForbiddenException', 'TooManyRequestsException', 'InternalErrorException', 'NotAuthorizedException'])(
    'answers 204 when RevokeToken fails with %s after the global sign-out',
    async (name) => {
      cognitoMock.on(RevokeTokenCommand).rejects(cognitoError(name));

      const response = await invoke(handler, withBody(event, { refreshToken: REFRESH }));

      expect(response.statusCode).toBe(204);
      expect(cognitoMock.commandCalls(GlobalSignOutCommand)).toHaveLength(1);
    },
  );

  it('does not revoke the refresh token when the global sign-out fails', async () => {
    cognitoMock.on(GlobalSignOutCommand).rejects(cognitoError('TooManyRequestsException'));

    expectProblem(await invoke(handler, withBody(event, { refreshToken: REFRESH })), 429, 'TooManyRequests');
    expect(cognitoMock.commandCalls(RevokeTokenCommand)).toHaveLength(0);
    expect(documentsMock.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  itAnswersAccessTokenErrors(
    () => invoke(handler, event),
    (error) => cognitoMock.on(GlobalSignOutCommand).rejects(error),
    ' from GlobalSignOut',
  );

  it.each([
    ['a number', { refreshToken: 42 }],
    ['an empty string', { refreshToken: '' }],
  ])('rejects a refreshToken that is %s', async (_case, body) => {
    expectValidationError(await invoke(handler, withBody(event, body)), ['refreshToken']);
    expect(cognitoMock.calls()).toHaveLength(0);
  });

  itRejectsUnreadableBodies(
    (body) => invoke(handler, withBody(event, body)),
    () => cognitoMock.calls().length,
  );

  itAnswersUpstreamFailures(
    () => invoke(handler, event),
    (error) => cognitoMock.on(GlobalSignOutCommand).rejects(error),
  );

  it('never writes the refresh or access token to the logs', async () => {
    await invoke(handler, withBody(event, { refreshToken: REFRESH }));
    await invoke(handler, withBody(event, `{"refreshToken":"${REFRESH}"`));
    await invoke(handler, withBody(event, { refreshToken: REFRESH, padding: 'x'.repeat(17_000) }));
    cognitoMock.on(RevokeTokenCommand).rejects(cognitoError('UnauthorizedException'));
    await invoke(handler, withBody(event, { refreshToken: REFRESH }));
    cognitoMock.on(GlobalSignOutCommand).rejects(new TypeError('boom'));
    await invoke(handler, withBody(event, { refreshToken: REFRESH }));

    const written = logs.text();
    expect(written).toContain('request rejected');
    expect(written).toContain('request failed');
    for (const secret of [REFRESH, ACCESS]) expect(written).not.toContain(secret);
  });
});
