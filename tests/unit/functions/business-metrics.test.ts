import {
  GlobalSignOutCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  SignUpCommand,
  type InitiateAuthCommandOutput,
} from '@aws-sdk/client-cognito-identity-provider';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { readFileSync } from 'node:fs';
import type { PostAuthenticationTriggerEvent } from 'aws-lambda';
import type { AuthorizedEvent } from '@authapi/shared/http';
import { handler as challenge } from '../../../functions/challenge/index.js';
import { handler as postAuthentication } from '../../../functions/post-authentication/index.js';
import { handler as sendMessage } from '../../../functions/send-message/index.js';
import { handler as signIn } from '../../../functions/sign-in/index.js';
import { handler as signOut } from '../../../functions/sign-out/index.js';
import { handler as signUp } from '../../../functions/sign-up/index.js';
import { cognitoError, cognitoMock, networkError, SUB, tokens } from '../../fixtures/cognito.js';
import { documentsMock } from '../../fixtures/dynamodb.js';
import { context, invoke, loadEvent } from '../../fixtures/lambda.js';
import { captureLogs } from '../../fixtures/logs.js';
import { ACCOUNTS_TABLE } from '../../fixtures/sessions.js';

// The business metrics as CloudWatch reads them: embedded metric format lines on stdout
// (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html).

interface Emf {
  _aws: {
    Timestamp: number;
    CloudWatchMetrics: Array<{ Namespace: string; Dimensions: string[][]; Metrics: Array<{ Name: string; Unit: string }> }>;
  };
  [key: string]: unknown;
}

/** The EMF documents among the lines a handler wrote (Logger's lines have no `_aws`). */
function emfIn(text: string): Emf[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((doc): doc is Emf => '_aws' in doc);
}

/** One count of `name` in the test's namespace, with the service dimension and the outcome when given, and nothing else. */
function aCount(name: string, outcome?: string) {
  const dimensions = outcome ? ['service', 'outcome'] : ['service'];
  return {
    _aws: {
      Timestamp: expect.any(Number),
      CloudWatchMetrics: [{ Namespace: 'auth-api-test', Dimensions: [dimensions], Metrics: [{ Name: name, Unit: 'Count' }] }],
    },
    service: 'auth-api',
    ...(outcome ? { outcome } : {}),
    [name]: 1,
  };
}

const withBody = <E extends { body?: string }>(event: E, body: unknown): E => ({ ...event, body: JSON.stringify(body) });
const signInEvent = loadEvent('sign-in');
const challengeEvent = withBody(loadEvent('challenge'), {
  challenge: 'NEW_PASSWORD_REQUIRED',
  email: 'jane@example.com',
  session: 'AYABeExampleSessionFromSignIn0123456789',
  newPassword: 'Another-Horse-7-Battery',
});
const BOB = '2b7e1c44-9a0d-4f5e-8c3b-6d1a2e3f4b5c';

/** The accounts table as a signed-in sender who writes to bob sees it: session, account and directory. */
function givenSignedInSender() {
  documentsMock.on(GetCommand, { TableName: ACCOUNTS_TABLE }).callsFake(({ Key }: { Key: { pk: string; sk: string } }) => {
    if (Key.sk === 'EMAIL') return { Item: { ...Key, sub: BOB, updatedAt: 1 } };
    if (Key.sk === 'ACCOUNT') return { Item: { ...Key, email: 'jane@example.com' } };
    if (Key.sk.startsWith('SESSION#'))
      return { Item: { ...Key, signedInAt: Date.now() - 60_000, expiresAt: Math.floor(Date.now() / 1000) + 86_400 } };
    return { Item: undefined };
  });
}

describe('business metrics (EMF on stdout)', () => {
  let logs: ReturnType<typeof captureLogs>;
  beforeEach(() => {
    cognitoMock.reset();
    documentsMock.reset();
    documentsMock.on(PutCommand).resolves({});
    documentsMock.on(UpdateCommand).resolves({});
    logs = captureLogs();
  });
  afterEach(() => logs.restore());

  it.each<[string, string, Partial<InitiateAuthCommandOutput>]>([
    ['tokens', 'success', { AuthenticationResult: tokens }],
    ['a challenge', 'challenge', { ChallengeName: 'SOFTWARE_TOKEN_MFA', Session: 'session-token', ChallengeParameters: {} }],
  ])('counts a sign-in that answers %s as SignIns with outcome %s', async (_case, outcome, answer) => {
    cognitoMock.on(InitiateAuthCommand).resolves(answer);
    expect((await invoke(signIn, signInEvent)).statusCode).toBe(200);
    expect(emfIn(logs.text())).toEqual([aCount('SignIns', outcome)]);
  });

  it('counts the start of a sign-in without a password as SignIns with outcome challenge', async () => {
    cognitoMock.on(InitiateAuthCommand).resolves({ ChallengeName: 'SELECT_CHALLENGE', Session: 'select-session', AvailableChallenges: [] });
    expect((await invoke(signIn, withBody(loadEvent('sign-in-email-code'), { email: 'jane@example.com' }))).statusCode).toBe(200);
    expect(emfIn(logs.text())).toEqual([aCount('SignIns', 'challenge')]);
  });

  it('counts a refused sign-in as SignIns with outcome failure', async () => {
    cognitoMock.on(InitiateAuthCommand).rejects(cognitoError('NotAuthorizedException', 'Incorrect username or password.'));
    expect((await invoke(signIn, signInEvent)).statusCode).toBe(401);
    expect(emfIn(logs.text())).toEqual([aCount('SignIns', 'failure')]);
  });

  it('counts no outcome when Cognito is unreachable: that is the API 5xx alarm, not a sign-in failure', async () => {
    cognitoMock.on(InitiateAuthCommand).rejects(networkError());
    expect((await invoke(signIn, signInEvent)).statusCode).toBe(503);
    expect(emfIn(logs.text())).toEqual([]);
  });

  it('counts a challenge answered with tokens as ChallengesAnswered with outcome success', async () => {
    cognitoMock.on(RespondToAuthChallengeCommand).resolves({ AuthenticationResult: tokens });
    expect((await invoke(challenge, challengeEvent)).statusCode).toBe(200);
    expect(emfIn(logs.text())).toEqual([aCount('ChallengesAnswered', 'success')]);
  });

  it('counts a sign-up', async () => {
    cognitoMock.on(SignUpCommand).resolves({ UserSub: SUB, UserConfirmed: false });
    expect((await invoke(signUp, loadEvent('sign-up'))).statusCode).toBe(201);
    expect(emfIn(logs.text())).toEqual([aCount('SignUps')]);
  });

  it('counts a sign-out', async () => {
    givenSignedInSender();
    cognitoMock.on(GlobalSignOutCommand).resolves({});
    expect((await invoke(signOut, withBody(loadEvent<AuthorizedEvent>('sign-out'), {}))).statusCode).toBe(204);
    expect(emfIn(logs.text())).toEqual([aCount('SignOuts')]);
  });

  it('counts every sign-in Cognito completes, seen by the Post authentication trigger', async () => {
    const event = JSON.parse(readFileSync('events/post-authentication.json', 'utf8')) as PostAuthenticationTriggerEvent;
    documentsMock.on(GetCommand).resolves({});
    documentsMock.on(TransactWriteCommand).resolves({});
    await postAuthentication(event, context);
    expect(emfIn(logs.text())).toEqual([aCount('CognitoSignIns')]);
  });

  it('counts a message sent, and a send refused by the quota', async () => {
    givenSignedInSender();
    const send = withBody(loadEvent<AuthorizedEvent>('send-message'), { to: 'bob@example.com', subject: 'Lunch?', body: 'Noon.' });
    documentsMock.on(TransactWriteCommand).resolvesOnce({});
    expect((await invoke(sendMessage, send)).statusCode).toBe(201);
    documentsMock.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({
        message: 'Transaction cancelled',
        $metadata: {},
        CancellationReasons: [{ Code: 'None' }, { Code: 'None' }, { Code: 'None' }, { Code: 'ConditionalCheckFailed' }, { Code: 'None' }],
      }),
    );
    expect((await invoke(sendMessage, { ...send, headers: { ...send.headers, 'idempotency-key': 'another-key' } })).statusCode).toBe(429);
    expect(emfIn(logs.text())).toEqual([aCount('MessagesSent'), aCount('SendQuotaRefusals')]);
  });
});
