// Every route behind the JWT authorizer runs the session check before its own work.
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { AuthorizedEvent } from '@authapi/shared/http';
import { handler as changePassword } from '../../../functions/change-password/index.js';
import { handler as deleteMe } from '../../../functions/delete-me/index.js';
import { handler as deleteMessage } from '../../../functions/delete-message/index.js';
import { handler as disableMfa } from '../../../functions/disable-mfa/index.js';
import { handler as getMe } from '../../../functions/get-me/index.js';
import { handler as getMessage } from '../../../functions/get-message/index.js';
import { handler as listMessages } from '../../../functions/list-messages/index.js';
import { handler as sendMessage } from '../../../functions/send-message/index.js';
import { handler as setupTotp } from '../../../functions/setup-totp/index.js';
import { handler as signOut } from '../../../functions/sign-out/index.js';
import { handler as updateMe } from '../../../functions/update-me/index.js';
import { handler as updateMessage } from '../../../functions/update-message/index.js';
import { handler as verifyEmail } from '../../../functions/verify-email/index.js';
import { handler as verifyTotp } from '../../../functions/verify-totp/index.js';
import { cognitoMock } from '../../fixtures/cognito.js';
import { documentsMock, dynamodbMock } from '../../fixtures/dynamodb.js';
import { invoke, loadEvent } from '../../fixtures/lambda.js';
import { captureLogs } from '../../fixtures/logs.js';
import { expectProblem } from '../../fixtures/problem.js';
import { givenAccounts, ISSUED_AT, outsideAccounts } from '../../fixtures/sessions.js';

type Handler = (event: AuthorizedEvent, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

// The 14 protected routes of the contract, each with its events/ file.
const ROUTES: Array<[string, Handler]> = [
  ['sign-out', signOut],
  ['get-me', getMe],
  ['update-me', updateMe],
  ['verify-email', verifyEmail],
  ['change-password', changePassword],
  ['delete-me', deleteMe],
  ['setup-totp', setupTotp],
  ['verify-totp', verifyTotp],
  ['disable-mfa', disableMfa],
  ['send-message', sendMessage],
  ['list-messages', listMessages],
  ['get-message', getMessage],
  ['update-message', updateMessage],
  ['delete-message', deleteMessage],
];

describe('the protected routes', () => {
  let logs: ReturnType<typeof captureLogs>;
  beforeEach(() => {
    cognitoMock.reset();
    documentsMock.reset();
    dynamodbMock.reset();
    logs = captureLogs();
  });
  afterEach(() => logs.restore());

  it.each(ROUTES)(
    '%s answers 401 SessionEnded to a token issued before the sessions ended, before any other AWS call',
    async (name, handler) => {
      givenAccounts({ account: { sessionsEndedAt: (ISSUED_AT + 1) * 1000 } });

      const response = await invoke(handler, loadEvent<AuthorizedEvent>(name));

      expectProblem(response, 401, 'SessionEnded');
      expect(response.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
      expect(cognitoMock.calls()).toHaveLength(0);
      expect(outsideAccounts(documentsMock.calls())).toHaveLength(0);
      expect(dynamodbMock.calls()).toHaveLength(0);
    },
  );

  it.each(ROUTES)("%s answers 401 SessionEnded to every token of a deleted account's tombstone", async (name, handler) => {
    givenAccounts({ account: { deletedAt: 1, sessionsEndedAt: 1, expiresAt: Math.floor(Date.now() / 1000) + 900 } });

    expectProblem(await invoke(handler, loadEvent<AuthorizedEvent>(name)), 401, 'SessionEnded');
    expect(cognitoMock.calls()).toHaveLength(0);
  });
});
