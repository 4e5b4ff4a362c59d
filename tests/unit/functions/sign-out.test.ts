import { GlobalSignOutCommand, RevokeTokenCommand } from '@aws-sdk/client-cognito-identity-provider';
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
import { documentsMock } from '../../fixtures/dynamodb.js';
import { givenAccounts } from '../../fixtures/sessions.js';

const event = loadEvent<AuthorizedEvent>('sign-out');
const ACCESS = accessTokenIn(event);
const REFRESH = 'refresh.token.to-revoke';

describe('POST /auth/sign-out', () => {
  let logs: ReturnType<typeof captureLogs>;
  beforeEach(() => {
    cognitoMock.reset();
    documentsMock.reset();
    givenAccounts();
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

  it('answers 401 NotAuthorized when the access token was already revoked', async () => {
    cognitoMock.on(GlobalSignOutCommand).rejects(cognitoError('NotAuthorizedException'));

    expectProblem(await invoke(handler, event), 401, 'NotAuthorized');
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
