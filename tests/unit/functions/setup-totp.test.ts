import { AssociateSoftwareTokenCommand, GetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { AuthorizedEvent } from '@authapi/shared';
import { handler } from '../../../functions/setup-totp/index.js';
import { itAnswersUpstreamFailures } from '../../fixtures/cases.js';
import { accessTokenIn, cognitoError, cognitoMock, getUserAnswer } from '../../fixtures/cognito.js';
import { invoke, loadEvent } from '../../fixtures/lambda.js';
import { captureLogs } from '../../fixtures/logs.js';
import { expectProblem } from '../../fixtures/problem.js';

const event = loadEvent<AuthorizedEvent>('setup-totp');
const ACCESS = accessTokenIn(event);
const SECRET_CODE = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXQ';

describe('POST /me/mfa/totp', () => {
  let logs: ReturnType<typeof captureLogs>;
  beforeEach(() => {
    cognitoMock.reset();
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

    expectProblem(await invoke(handler, event), 503, 'ServiceUnavailable');
  });

  it('answers 401 NotAuthorized when Cognito refuses the token', async () => {
    cognitoMock.on(AssociateSoftwareTokenCommand).rejects(cognitoError('NotAuthorizedException'));
    cognitoMock.on(GetUserCommand).rejects(cognitoError('NotAuthorizedException'));

    expectProblem(await invoke(handler, event), 401, 'NotAuthorized');
  });

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
    cognitoMock.on(GetUserCommand).rejects(new TypeError('boom'));
    await invoke(handler, event);

    const written = logs.text();
    for (const secret of [SECRET_CODE, ACCESS]) expect(written).not.toContain(secret);
  });
});
