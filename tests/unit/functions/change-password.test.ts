import { AdminUserGlobalSignOutCommand, ChangePasswordCommand } from '@aws-sdk/client-cognito-identity-provider';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { AuthorizedEvent } from '@authapi/shared/http';
import { handler } from '../../../functions/change-password/index.js';
import {
  itAnswersAccessTokenErrors,
  itAnswersUpstreamFailures,
  itNeedsTheAccessToken,
  itRejectsUnreadableBodies,
} from '../../fixtures/cases.js';
import { accessTokenIn, cognitoError, cognitoMock, SUB } from '../../fixtures/cognito.js';
import { invoke, loadEvent, withBody } from '../../fixtures/lambda.js';
import { captureLogs } from '../../fixtures/logs.js';
import { expectProblem, expectValidationError } from '../../fixtures/problem.js';
import { documentsMock, dynamodbError } from '../../fixtures/dynamodb.js';
import { accountKey, ACCOUNTS_TABLE, givenAccounts } from '../../fixtures/sessions.js';

const event = loadEvent<AuthorizedEvent>('change-password');
const ACCESS = accessTokenIn(event);
const CURRENT = 'Current-pass-4821';
const NEXT = 'Next-pass-9317-long';
const body = { currentPassword: CURRENT, newPassword: NEXT };

describe('POST /me/password', () => {
  let logs: ReturnType<typeof captureLogs>;
  beforeEach(() => {
    cognitoMock.reset();
    documentsMock.reset();
    givenAccounts();
    cognitoMock.on(AdminUserGlobalSignOutCommand).resolves({});
    documentsMock.on(UpdateCommand).resolves({});
    logs = captureLogs();
  });
  afterEach(() => logs.restore());

  it('changes the password with the access token and answers 204', async () => {
    cognitoMock.on(ChangePasswordCommand).resolves({});

    const response = await invoke(handler, withBody(event, body));

    expect(response.statusCode).toBe(204);
    expect(cognitoMock.commandCalls(ChangePasswordCommand)[0]?.args[0].input).toEqual({
      AccessToken: ACCESS,
      PreviousPassword: CURRENT,
      ProposedPassword: NEXT,
    });
  });

  it("then signs the user out everywhere (ChangePassword does not) and, last, ends the sessions in the API's record", async () => {
    cognitoMock.on(ChangePasswordCommand).resolves({});

    expect((await invoke(handler, withBody(event, body))).statusCode).toBe(204);

    const [signOut] = cognitoMock.commandCalls(AdminUserGlobalSignOutCommand);
    expect(signOut?.args[0].input).toEqual({ UserPoolId: 'us-east-1_TEST', Username: SUB });
    expect(signOut?.calledAfter(cognitoMock.commandCalls(ChangePasswordCommand)[0]!)).toBe(true);
    const [ending] = documentsMock.commandCalls(UpdateCommand);
    expect(ending?.args[0].input).toMatchObject({
      TableName: ACCOUNTS_TABLE,
      Key: accountKey(),
      UpdateExpression: 'SET sessionsEndedAt = :now',
    });
    expect(ending?.calledAfter(signOut!)).toBe(true);
  });

  it.each([
    ['TooManyRequestsException', 429, 'TooManyRequests'],
    ['InternalErrorException', 503, 'ServiceUnavailable'],
  ])('answers %s of the global sign-out as %i %s, without recording the ending', async (name, status, code) => {
    cognitoMock.on(ChangePasswordCommand).resolves({});
    cognitoMock.on(AdminUserGlobalSignOutCommand).rejects(cognitoError(name));

    expectProblem(await invoke(handler, withBody(event, body)), status, code);
    expect(documentsMock.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  it('answers 503 when the ending cannot be recorded', async () => {
    cognitoMock.on(ChangePasswordCommand).resolves({});
    documentsMock.on(UpdateCommand).rejects(dynamodbError('InternalServerError', 'server'));

    expectProblem(await invoke(handler, withBody(event, body)), 503, 'ServiceUnavailable');
  });

  it('answers 401 InvalidCredentials for a wrong current password', async () => {
    cognitoMock.on(ChangePasswordCommand).rejects(cognitoError('NotAuthorizedException', 'Incorrect username or password.'));

    const response = await invoke(handler, withBody(event, body));

    expectProblem(response, 401, 'InvalidCredentials');
    expect(response.body?.detail).toBe('The current password is incorrect.');
    expect(cognitoMock.commandCalls(AdminUserGlobalSignOutCommand)).toHaveLength(0);
    expect(documentsMock.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  it.each(['Access Token has been revoked', 'Access Token has expired', 'Invalid Access Token'])(
    'answers 401 NotAuthorized, not InvalidCredentials, when Cognito refuses the access token: %s',
    async (message) => {
      cognitoMock.on(ChangePasswordCommand).rejects(cognitoError('NotAuthorizedException', message));

      const response = await invoke(handler, withBody(event, body));
      expectProblem(response, 401, 'NotAuthorized');
      expect(response.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
    },
  );

  it('ignores unknown fields', async () => {
    cognitoMock.on(ChangePasswordCommand).resolves({});

    const response = await invoke(handler, withBody(event, { ...body, confirmPassword: NEXT, accessToken: 'another.token' }));

    expect(response.statusCode).toBe(204);
    expect(cognitoMock.commandCalls(ChangePasswordCommand)[0]?.args[0].input).toEqual({
      AccessToken: ACCESS,
      PreviousPassword: CURRENT,
      ProposedPassword: NEXT,
    });
  });

  itAnswersAccessTokenErrors(
    () => invoke(handler, withBody(event, body)),
    (error) => cognitoMock.on(ChangePasswordCommand).rejects(error),
  );

  itNeedsTheAccessToken(
    withBody(event, body),
    (request) => invoke(handler, request),
    () => cognitoMock.calls().length,
  );

  it('answers 400 InvalidPassword naming newPassword when it breaks the policy', async () => {
    cognitoMock.on(ChangePasswordCommand).rejects(cognitoError('InvalidPasswordException'));

    const response = await invoke(handler, withBody(event, body));

    expectProblem(response, 400, 'InvalidPassword');
    expect(response.body?.errors).toEqual([{ path: 'newPassword', message: expect.any(String) }]);
  });

  it('answers 400 PasswordReused when the pool remembers the new password', async () => {
    cognitoMock.on(ChangePasswordCommand).rejects(cognitoError('PasswordHistoryPolicyViolationException'));

    expectProblem(await invoke(handler, withBody(event, body)), 400, 'PasswordReused');
  });

  it.each([
    ['missing fields', {}, ['currentPassword', 'newPassword']],
    ['wrong types', { currentPassword: 1, newPassword: false }, ['currentPassword', 'newPassword']],
    ['an empty new password', { currentPassword: CURRENT, newPassword: '' }, ['newPassword']],
    ['a new password over 256 characters', { currentPassword: CURRENT, newPassword: 'p'.repeat(257) }, ['newPassword']],
  ])('rejects %s', async (_case, input, paths) => {
    expectValidationError(await invoke(handler, withBody(event, input)), paths);
    expect(cognitoMock.calls()).toHaveLength(0);
  });

  itRejectsUnreadableBodies(
    (raw) => invoke(handler, withBody(event, raw)),
    () => cognitoMock.calls().length,
  );

  itAnswersUpstreamFailures(
    () => invoke(handler, withBody(event, body)),
    (error) => cognitoMock.on(ChangePasswordCommand).rejects(error),
  );

  it('never writes either password or the access token to the logs', async () => {
    cognitoMock.on(ChangePasswordCommand).resolves({});
    await invoke(handler, withBody(event, body));
    await invoke(handler, withBody(event, `{"currentPassword":"${CURRENT}","newPassword":"${NEXT}"`));
    cognitoMock.on(ChangePasswordCommand).rejects(cognitoError('NotAuthorizedException'));
    await invoke(handler, withBody(event, body));
    cognitoMock.on(ChangePasswordCommand).rejects(cognitoError('InvalidPasswordException'));
    await invoke(handler, withBody(event, body));
    cognitoMock.on(ChangePasswordCommand).rejects(new TypeError('boom'));
    await invoke(handler, withBody(event, body));
    await invoke(handler, withBody(event, { currentPassword: CURRENT, newPassword: 7 }));

    const written = logs.text();
    expect(written).toContain('request rejected');
    expect(written).toContain('request failed');
    for (const secret of [CURRENT, NEXT, ACCESS]) expect(written).not.toContain(secret);
  });
});
