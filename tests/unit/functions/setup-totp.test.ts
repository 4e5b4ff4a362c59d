import { AssociateSoftwareTokenCommand, GetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { AuthorizedEvent } from '@authapi/shared/http';
import { handler } from '../../../functions/setup-totp/index.js';
import { itAnswersUpstreamFailures, itNeedsARecentSignIn, itNeedsTheAccessToken } from '../../fixtures/cases.js';
import { accessTokenIn, cognitoError, cognitoMock, getUserAnswer } from '../../fixtures/cognito.js';
import { invoke, loadEvent } from '../../fixtures/lambda.js';
import { captureLogs } from '../../fixtures/logs.js';
import { expectProblem } from '../../fixtures/problem.js';
import { documentsMock } from '../../fixtures/dynamodb.js';
import { givenAccounts } from '../../fixtures/sessions.js';

const event = loadEvent<AuthorizedEvent>('setup-totp');
const ACCESS = accessTokenIn(event);
const SECRET_CODE = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXQ';

describe('POST /me/mfa/totp', () => {
  let logs: ReturnType<typeof captureLogs>;
  beforeEach(() => {
    cognitoMock.reset();
    documentsMock.reset();
    givenAccounts();
    logs = captureLogs();
  });
  afterEach(() => logs.restore());

  it('returns the secret and an otpauth URI labelled with the issuer and the email', async () => {
    cognitoMock.on(AssociateSoftwareTokenCommand).resolves({ SecretCode: SECRET_CODE });
    cognitoMock.on(GetUserCommand).resolves(getUserAnswer);

    const response = await invoke(handler, event);

    expect(response.statusCode).toBe(200);
    expect(response.body).toEqual({
      secretCode: SECRET_CODE,
      otpauthUri: `otpauth://totp/auth-api-test:jane%40example.com?secret=${SECRET_CODE}&issuer=auth-api-test`,
    });
    expect(cognitoMock.commandCalls(AssociateSoftwareTokenCommand)[0]?.args[0].input).toEqual({ AccessToken: ACCESS });
    expect(cognitoMock.commandCalls(GetUserCommand)[0]?.args[0].input).toEqual({ AccessToken: ACCESS });
  });

  it('answers 503 when Cognito returns no secret', async () => {
    cognitoMock.on(AssociateSoftwareTokenCommand).resolves({});
    cognitoMock.on(GetUserCommand).resolves(getUserAnswer);

    const response = await invoke(handler, event);

    expectProblem(response, 503, 'ServiceUnavailable');
    expect(response.headers['retry-after']).toBe('2');
  });

  it('answers 401 NotAuthorized with the bearer challenge when Cognito refuses the token', async () => {
    cognitoMock.on(AssociateSoftwareTokenCommand).rejects(cognitoError('NotAuthorizedException'));
    cognitoMock.on(GetUserCommand).rejects(cognitoError('NotAuthorizedException'));

    const response = await invoke(handler, event);
    expectProblem(response, 401, 'NotAuthorized');
    expect(response.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
  });

  it.each([
    ['ForbiddenException', 403, 'Forbidden', undefined],
    ['InvalidParameterException', 400, 'ValidationError', undefined],
    ['ResourceNotFoundException', 503, 'ServiceUnavailable', '2'],
    ['SoftwareTokenMFANotFoundException', 503, 'ServiceUnavailable', '2'],
  ])('maps %s from AssociateSoftwareToken to %i %s', async (name, status, code, retryAfter) => {
    cognitoMock.on(AssociateSoftwareTokenCommand).rejects(cognitoError(name));
    cognitoMock.on(GetUserCommand).resolves(getUserAnswer);

    const response = await invoke(handler, event);

    expectProblem(response, status, code);
    expect(response.headers['retry-after']).toBe(retryAfter);
  });

  it.each([
    ['UserNotFoundException', 401, 'NotAuthorized', undefined],
    ['TooManyRequestsException', 429, 'TooManyRequests', '1'],
    ['InternalErrorException', 503, 'ServiceUnavailable', '2'],
  ])(
    'answers as GetUser fails (%s: %i %s), and returns no secret, when the email cannot be read',
    async (name, status, code, retryAfter) => {
      cognitoMock.on(AssociateSoftwareTokenCommand).resolves({ SecretCode: SECRET_CODE });
      cognitoMock.on(GetUserCommand).rejects(cognitoError(name));

      const response = await invoke(handler, event);

      expectProblem(response, status, code);
      expect(response.headers['retry-after']).toBe(retryAfter);
      expect(JSON.stringify(response.body)).not.toContain(SECRET_CODE);
    },
  );

  itNeedsARecentSignIn(
    () => invoke(handler, event),
    () => cognitoMock.calls().length,
  );

  itNeedsTheAccessToken(
    event,
    (request) => invoke(handler, request),
    () => cognitoMock.calls().length,
  );

  itAnswersUpstreamFailures(
    () => invoke(handler, event),
    (error) => {
      cognitoMock.on(AssociateSoftwareTokenCommand).rejects(error);
      cognitoMock.on(GetUserCommand).resolves(getUserAnswer);
    },
  );

  it('never writes the secret or the access token to the logs', async () => {
    cognitoMock.on(AssociateSoftwareTokenCommand).resolves({ SecretCode: SECRET_CODE });
    cognitoMock.on(GetUserCommand).resolves(getUserAnswer);
    await invoke(handler, event);
    cognitoMock.on(GetUserCommand).rejects(cognitoError('NotAuthorizedException'));
    await invoke(handler, event);
    cognitoMock.on(GetUserCommand).rejects(new TypeError('boom'));
    await invoke(handler, event);

    const written = logs.text();
    expect(written).toContain('request rejected');
    expect(written).toContain('request failed');
    for (const secret of [SECRET_CODE, ACCESS]) expect(written).not.toContain(secret);
  });
});
