import { GetUserCommand, VerifyUserAttributeCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { AuthorizedEvent } from '@authapi/shared/http';
import { handler } from '../../../functions/verify-email/index.js';
import { itAnswersUpstreamFailures, itNeedsTheAccessToken, itRejectsUnreadableBodies } from '../../fixtures/cases.js';
import { accessTokenIn, cognitoError, cognitoMock, getUserAnswer, profile } from '../../fixtures/cognito.js';
import { invoke, loadEvent, withBody } from '../../fixtures/lambda.js';
import { captureLogs } from '../../fixtures/logs.js';
import { expectProblem, expectValidationError } from '../../fixtures/problem.js';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { documentsMock, dynamodbError } from '../../fixtures/dynamodb.js';
import { givenAccounts } from '../../fixtures/sessions.js';

const event = loadEvent<AuthorizedEvent>('verify-email');
const ACCESS = accessTokenIn(event);
const CODE = '918273';

describe('POST /me/verify-email', () => {
  let logs: ReturnType<typeof captureLogs>;
  beforeEach(() => {
    cognitoMock.reset();
    documentsMock.reset();
    givenAccounts();
    cognitoMock.on(VerifyUserAttributeCommand).resolves({});
    cognitoMock.on(GetUserCommand).resolves(getUserAnswer);
    logs = captureLogs();
  });
  afterEach(() => logs.restore());

  it('verifies the email with the code and returns the profile with the new email', async () => {
    const response = await invoke(handler, withBody(event, { code: ` ${CODE} ` }));

    expect(response.statusCode).toBe(200);
    expect(response.body).toEqual(profile);
    expect(cognitoMock.commandCalls(VerifyUserAttributeCommand)[0]?.args[0].input).toEqual({
      AccessToken: ACCESS,
      AttributeName: 'email',
      Code: CODE,
    });
    expect(cognitoMock.commandCalls(GetUserCommand)[0]?.args[0].input).toEqual({ AccessToken: ACCESS });
  });

  it('moves the directory entry to the verified email in one transaction, conditioned on the account as read', async () => {
    givenAccounts({ account: { email: 'jane.old@example.com', emailUpdatedAt: 5 } });
    documentsMock.on(TransactWriteCommand).resolves({});
    const response = await invoke(handler, withBody(event, { code: CODE }));

    expect(response.statusCode).toBe(200);
    const [write] = documentsMock.commandCalls(TransactWriteCommand);
    const items = write?.args[0].input.TransactItems ?? [];
    expect([items[0]?.Put?.Item, items[1]?.Update?.Key]).toEqual([
      expect.objectContaining({ pk: 'EMAIL#jane@example.com', sk: 'EMAIL', sub: profile.sub }),
      { pk: `USER#${profile.sub}`, sk: 'ACCOUNT' },
    ]);
    expect(write?.args[0].input.TransactItems?.[1]?.Update).toMatchObject({
      ConditionExpression: '(emailUpdatedAt = :seen) AND attribute_not_exists(deletedAt)',
      ExpressionAttributeValues: { ':seen': 5, ':email': 'jane@example.com' },
    });
  });

  it('answers 200 when the directory cannot be written: Cognito has verified the email, and a retry could not', async () => {
    documentsMock.on(TransactWriteCommand).rejects(dynamodbError('InternalServerError', 'server'));
    const response = await invoke(handler, withBody(event, { code: CODE }));

    expect(response.statusCode).toBe(200);
    expect(logs.text()).toMatch(/directory not updated after an email change/);
  });

  it('ignores unknown fields, so only the email can be verified', async () => {
    const response = await invoke(handler, withBody(event, { code: CODE, attributeName: 'phone_number' }));

    expect(response.statusCode).toBe(200);
    expect(cognitoMock.commandCalls(VerifyUserAttributeCommand)[0]?.args[0].input).toEqual({
      AccessToken: ACCESS,
      AttributeName: 'email',
      Code: CODE,
    });
  });

  it.each([
    ['CodeMismatchException', 401, 'CodeMismatch'],
    ['ExpiredCodeException', 401, 'ExpiredCode'],
    ['NotAuthorizedException', 401, 'NotAuthorized'],
    ['AliasExistsException', 409, 'EmailTaken'],
    ['UserNotFoundException', 401, 'NotAuthorized'],
    ['PasswordResetRequiredException', 403, 'PasswordResetRequired'],
    ['UserNotConfirmedException', 403, 'UserNotConfirmed'],
    ['ForbiddenException', 403, 'Forbidden'],
    ['InvalidParameterException', 400, 'ValidationError'],
  ])('maps %s to %i %s', async (name, status, code) => {
    cognitoMock.on(VerifyUserAttributeCommand).rejects(cognitoError(name));

    const response = await invoke(handler, withBody(event, { code: CODE }));

    expectProblem(response, status, code);
    expect(response.headers['retry-after']).toBeUndefined();
    expect(cognitoMock.commandCalls(GetUserCommand)).toHaveLength(0);
  });

  it('maps ResourceNotFoundException to 503 ServiceUnavailable with retry-after 2', async () => {
    cognitoMock.on(VerifyUserAttributeCommand).rejects(cognitoError('ResourceNotFoundException'));

    const response = await invoke(handler, withBody(event, { code: CODE }));

    expectProblem(response, 503, 'ServiceUnavailable');
    expect(response.headers['retry-after']).toBe('2');
  });

  it('answers as GetUser fails when the profile cannot be read back after verifying', async () => {
    cognitoMock.on(GetUserCommand).rejects(cognitoError('TooManyRequestsException'));

    const response = await invoke(handler, withBody(event, { code: CODE }));

    expectProblem(response, 429, 'TooManyRequests');
    expect(response.headers['retry-after']).toBe('1');
    expect(cognitoMock.commandCalls(VerifyUserAttributeCommand)).toHaveLength(1);
  });

  itNeedsTheAccessToken(
    withBody(event, { code: CODE }),
    (request) => invoke(handler, request),
    () => cognitoMock.calls().length,
  );

  it.each([
    ['a missing code', {}],
    ['a numeric code', { code: 918273 }],
    ['a code with spaces inside', { code: '918 273' }],
    ['an empty code', { code: '' }],
    ['a null code', { code: null }],
  ])('rejects %s', async (_case, body) => {
    expectValidationError(await invoke(handler, withBody(event, body)), ['code']);
    expect(cognitoMock.calls()).toHaveLength(0);
  });

  itRejectsUnreadableBodies(
    (raw) => invoke(handler, withBody(event, raw)),
    () => cognitoMock.calls().length,
  );

  itAnswersUpstreamFailures(
    () => invoke(handler, withBody(event, { code: CODE })),
    (error) => cognitoMock.on(VerifyUserAttributeCommand).rejects(error),
  );

  it('never writes the code or the access token to the logs', async () => {
    await invoke(handler, withBody(event, { code: CODE }));
    await invoke(handler, withBody(event, `{"code":"${CODE}"`));
    await invoke(handler, withBody(event, { code: CODE, padding: 'x'.repeat(17_000) }));
    cognitoMock.on(VerifyUserAttributeCommand).rejects(cognitoError('CodeMismatchException'));
    await invoke(handler, withBody(event, { code: CODE }));
    cognitoMock.on(VerifyUserAttributeCommand).rejects(new TypeError('boom'));
    await invoke(handler, withBody(event, { code: CODE }));

    const written = logs.text();
    expect(written).toContain('request rejected');
    expect(written).toContain('request failed');
    for (const secret of [CODE, ACCESS]) expect(written).not.toContain(secret);
  });
});
