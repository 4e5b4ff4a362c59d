import { GetUserCommand, UpdateUserAttributesCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { AuthorizedEvent } from '@authapi/shared/http';
import { handler } from '../../../functions/update-me/index.js';
import {
  itAnswersAccessTokenErrors,
  itAnswersUpstreamFailures,
  itNeedsARecentSignIn,
  itNeedsTheAccessToken,
  itRejectsUnreadableBodies,
} from '../../fixtures/cases.js';
import { accessTokenIn, cognitoError, cognitoMock, getUserAnswer, profile } from '../../fixtures/cognito.js';
import { invoke, loadEvent, withBody } from '../../fixtures/lambda.js';
import { captureLogs } from '../../fixtures/logs.js';
import { expectProblem, expectValidationError } from '../../fixtures/problem.js';
import { documentsMock } from '../../fixtures/dynamodb.js';
import { givenAccounts } from '../../fixtures/sessions.js';

const event = loadEvent<AuthorizedEvent>('update-me');
const ACCESS = accessTokenIn(event);

describe('PATCH /me', () => {
  let logs: ReturnType<typeof captureLogs>;
  beforeEach(() => {
    cognitoMock.reset();
    documentsMock.reset();
    givenAccounts();
    cognitoMock.on(UpdateUserAttributesCommand).resolves({});
    cognitoMock.on(GetUserCommand).resolves(getUserAnswer);
    logs = captureLogs();
  });
  afterEach(() => logs.restore());

  it('updates the name (trimmed) and returns the profile read afterwards', async () => {
    const response = await invoke(handler, withBody(event, { name: '  Jane Q. Doe ' }));

    expect(response.statusCode).toBe(200);
    expect(response.body).toEqual(profile);
    expect(cognitoMock.commandCalls(UpdateUserAttributesCommand)[0]?.args[0].input).toEqual({
      AccessToken: ACCESS,
      UserAttributes: [{ Name: 'name', Value: 'Jane Q. Doe' }],
    });
    expect(cognitoMock.commandCalls(GetUserCommand)[0]?.args[0].input).toEqual({ AccessToken: ACCESS });
  });

  it('asks for an email change (normalised), which Cognito confirms by a code to the new address', async () => {
    await invoke(handler, withBody(event, { name: 'Jane', email: ' New@Example.COM ' }));

    expect(cognitoMock.commandCalls(UpdateUserAttributesCommand)[0]?.args[0].input.UserAttributes).toEqual([
      { Name: 'name', Value: 'Jane' },
      { Name: 'email', Value: 'new@example.com' },
    ]);
  });

  it('asks for an email change alone, and returns the profile Cognito reports (the old email until verified)', async () => {
    const response = await invoke(handler, withBody(event, { email: 'new@example.com' }));

    expect(response.statusCode).toBe(200);
    expect(response.body).toEqual(profile);
    expect(cognitoMock.commandCalls(UpdateUserAttributesCommand)[0]?.args[0].input).toEqual({
      AccessToken: ACCESS,
      UserAttributes: [{ Name: 'email', Value: 'new@example.com' }],
    });
  });

  it('ignores unknown fields, so a client cannot set other attributes', async () => {
    const response = await invoke(
      handler,
      withBody(event, { name: 'Jane', email_verified: 'true', 'custom:role': 'admin', sub: 'someone-else' }),
    );

    expect(response.statusCode).toBe(200);
    expect(cognitoMock.commandCalls(UpdateUserAttributesCommand)[0]?.args[0].input).toEqual({
      AccessToken: ACCESS,
      UserAttributes: [{ Name: 'name', Value: 'Jane' }],
    });
  });

  it('answers 409 EmailTaken when another account has the new email', async () => {
    cognitoMock.on(UpdateUserAttributesCommand).rejects(cognitoError('AliasExistsException'));

    expectProblem(await invoke(handler, withBody(event, { email: 'taken@example.com' })), 409, 'EmailTaken');
    expect(cognitoMock.commandCalls(GetUserCommand)).toHaveLength(0);
  });

  it('answers 503 when Cognito cannot email the code', async () => {
    cognitoMock.on(UpdateUserAttributesCommand).rejects(cognitoError('CodeDeliveryFailureException'));

    const response = await invoke(handler, withBody(event, { email: 'new@example.com' }));

    expectProblem(response, 503, 'ServiceUnavailable');
    expect(response.headers['retry-after']).toBe('2');
  });

  it('answers 401 NotAuthorized when Cognito refuses the token', async () => {
    cognitoMock.on(UpdateUserAttributesCommand).rejects(cognitoError('NotAuthorizedException'));

    expectProblem(await invoke(handler, event), 401, 'NotAuthorized');
  });

  itAnswersAccessTokenErrors(
    () => invoke(handler, event),
    (error) => cognitoMock.on(UpdateUserAttributesCommand).rejects(error),
  );

  it('does not read the profile back when the update fails', async () => {
    cognitoMock.on(UpdateUserAttributesCommand).rejects(cognitoError('ForbiddenException'));

    expectProblem(await invoke(handler, event), 403, 'Forbidden');
    expect(cognitoMock.commandCalls(GetUserCommand)).toHaveLength(0);
  });

  it('answers as GetUser fails when the profile cannot be read back after the update', async () => {
    cognitoMock.on(GetUserCommand).rejects(cognitoError('InternalErrorException'));

    const response = await invoke(handler, event);

    expectProblem(response, 503, 'ServiceUnavailable');
    expect(response.headers['retry-after']).toBe('2');
    expect(cognitoMock.commandCalls(UpdateUserAttributesCommand)).toHaveLength(1);
  });

  describe('an email change (the first step of an account takeover)', () => {
    itNeedsARecentSignIn(
      () => invoke(handler, withBody(event, { name: 'Jane', email: 'attacker@example.com' })),
      () => cognitoMock.calls().length,
    );
  });

  it('changes the name alone for a session whatever its sign-in time', async () => {
    givenAccounts({ session: null });
    cognitoMock.on(UpdateUserAttributesCommand).resolves({});
    cognitoMock.on(GetUserCommand).resolves(getUserAnswer);

    expect((await invoke(handler, withBody(event, { name: 'Jane' }))).statusCode).toBe(200);
  });

  itNeedsTheAccessToken(
    event,
    (request) => invoke(handler, request),
    () => cognitoMock.calls().length,
  );

  it.each([
    ['neither name nor email', {}, ['']],
    ['wrong types', { name: 5, email: true }, ['name', 'email']],
    ['an invalid email', { email: 'nope' }, ['email']],
    ['a blank name', { name: '   ' }, ['name']],
    ['a name over 256 characters', { name: 'n'.repeat(257) }, ['name']],
    ['null fields', { name: null, email: null }, ['name', 'email']],
  ])('rejects %s', async (_case, body, paths) => {
    expectValidationError(await invoke(handler, withBody(event, body)), paths);
    expect(cognitoMock.calls()).toHaveLength(0);
  });

  itRejectsUnreadableBodies(
    (raw) => invoke(handler, withBody(event, raw)),
    () => cognitoMock.calls().length,
  );

  itAnswersUpstreamFailures(
    () => invoke(handler, event),
    (error) => cognitoMock.on(UpdateUserAttributesCommand).rejects(error),
  );

  it('never writes the access token to the logs', async () => {
    await invoke(handler, event);
    cognitoMock.on(UpdateUserAttributesCommand).rejects(cognitoError('NotAuthorizedException'));
    await invoke(handler, event);
    cognitoMock.on(UpdateUserAttributesCommand).rejects(new TypeError('boom'));
    await invoke(handler, event);

    const written = logs.text();
    expect(written).toContain('request rejected');
    expect(written).toContain('request failed');
    expect(written).not.toContain(ACCESS);
  });
});
