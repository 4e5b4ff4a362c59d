import { GetUserCommand, VerifyUserAttributeCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { AuthorizedEvent } from '@authapi/shared';
import { handler } from '../../../functions/verify-email/index.js';
import { itAnswersUpstreamFailures, itRejectsUnreadableBodies } from '../../fixtures/cases.js';
import { accessTokenIn, cognitoError, cognitoMock, getUserAnswer, profile } from '../../fixtures/cognito.js';
import { invoke, loadEvent, withBody } from '../../fixtures/lambda.js';
import { captureLogs } from '../../fixtures/logs.js';
import { expectProblem, expectValidationError } from '../../fixtures/problem.js';

const event = loadEvent<AuthorizedEvent>('verify-email');
const ACCESS = accessTokenIn(event);
const CODE = '918273';

describe('POST /me/verify-email', () => {
  let logs: ReturnType<typeof captureLogs>;
  beforeEach(() => {
    cognitoMock.reset();
    cognitoMock.on(VerifyUserAttributeCommand).resolves({});
    cognitoMock.on(GetUserCommand).resolves(getUserAnswer);
    logs = captureLogs();
  });
  afterEach(() => logs.restore());

  it('verifies the email with the code and returns the profile with the new email', async () => {
    const response = await invoke(handler, withBody(event, { code: ` ${CODE} ` }));

    expect(response.statusCode).toBe(200);
    expect(response.body).toEqual(profile);
    expect(cognitoMock.commandCalls(VerifyUserAttributeCommand)[0]?.args[0].input).toEqual({ AccessToken: ACCESS, AttributeName: 'email', Code: CODE });
  });

  it.each([
    ['CodeMismatchException', 401, 'CodeMismatch'],
    ['ExpiredCodeException', 401, 'ExpiredCode'],
    ['NotAuthorizedException', 401, 'NotAuthorized'],
    ['AliasExistsException', 409, 'EmailTaken'],
  ])('maps %s to %i %s', async (name, status, code) => {
    cognitoMock.on(VerifyUserAttributeCommand).rejects(cognitoError(name));

    expectProblem(await invoke(handler, withBody(event, { code: CODE })), status, code);
    expect(cognitoMock.commandCalls(GetUserCommand)).toHaveLength(0);
  });

  it.each([
    ['a missing code', {}],
    ['a numeric code', { code: 918273 }],
    ['a code with spaces inside', { code: '918 273' }],
  ])('rejects %s', async (_case, body) => {
    expectValidationError(await invoke(handler, withBody(event, body)), ['code']);
    expect(cognitoMock.calls()).toHaveLength(0);
  });

  itRejectsUnreadableBodies((raw) => invoke(handler, withBody(event, raw)), () => cognitoMock.calls().length);

  itAnswersUpstreamFailures(() => invoke(handler, withBody(event, { code: CODE })), (error) => cognitoMock.on(VerifyUserAttributeCommand).rejects(error));

  it('never writes the code or the access token to the logs', async () => {
    cognitoMock.on(VerifyUserAttributeCommand).rejects(cognitoError('CodeMismatchException'));
    await invoke(handler, withBody(event, { code: CODE }));
    cognitoMock.on(VerifyUserAttributeCommand).rejects(new TypeError('boom'));
    await invoke(handler, withBody(event, { code: CODE }));

    const written = logs.text();
    for (const secret of [CODE, ACCESS]) expect(written).not.toContain(secret);
  });
});
