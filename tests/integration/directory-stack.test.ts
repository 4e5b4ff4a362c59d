// The users directory on the local stack: Cognito's triggers (run by the emulator from the pool's
// LambdaConfig), the API's email change, and the scheduled reconciliation, seen in the accounts table.
import { join } from 'node:path';
import {
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { LocalFunction } from '../../local/lambda.js';
import { PASSWORD, startTestStack, uniqueEmail, type TestStack } from './local-stack.js';

jest.setTimeout(90_000);

let stack: TestStack;
let dynamodb: DynamoDBClient;

beforeAll(async () => {
  stack = await startTestStack();
  dynamodb = new DynamoDBClient({
    endpoint: stack.state.dynamodbEndpoint,
    region: stack.state.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
});
afterAll(async () => {
  dynamodb?.destroy();
  await stack?.stop();
});

/** The directory as the accounts table holds it: email -> sub, and each account's email. */
async function directory(): Promise<{ entries: Map<string, string>; emails: Map<string, string | undefined> }> {
  const TableName = stack.state.functions.SendMessageFunction?.ACCOUNTS_TABLE;
  const items = ((await dynamodb.send(new ScanCommand({ TableName }))).Items ?? []).map((item) => unmarshall(item));
  return {
    entries: new Map(items.filter((i) => i.sk === 'EMAIL').map((i) => [String(i.pk).slice('EMAIL#'.length), String(i.sub)])),
    emails: new Map(
      items.filter((i) => i.sk === 'ACCOUNT').map((i) => [String(i.pk).slice('USER#'.length), i.email as string | undefined]),
    ),
  };
}

const subOf = async (token: string) => String((await stack.call('GET', '/me', { token })).body?.sub);

/** Runs the scheduled function now, as `npm run invoke -- ReconcileDirectoryFunction events/reconcile-directory.json` does. */
async function reconcile(): Promise<Record<string, number>> {
  const fn = new LocalFunction(
    {
      id: 'ReconcileDirectoryFunction',
      file: join(stack.buildDir, 'ReconcileDirectoryFunction', 'index.mjs'),
      handlerName: 'handler',
      environment: stack.state.functions.ReconcileDirectoryFunction ?? {},
      timeoutSeconds: 60,
      memorySize: 512,
    },
    () => undefined,
  );
  const result = await fn.invoke({ 'detail-type': 'Scheduled Event', source: 'aws.events', detail: {} });
  await fn.stop();
  if (!result.ok) throw new Error(`reconciliation failed: ${result.error.errorMessage}`);
  return result.payload as Record<string, number>;
}

async function adminCreatedUser(email: string): Promise<void> {
  const UserPoolId = stack.state.userPoolId;
  await stack.cognito.send(
    new AdminCreateUserCommand({
      UserPoolId,
      Username: email,
      MessageAction: 'SUPPRESS',
      UserAttributes: [{ Name: 'email', Value: email }],
    }),
  );
  await stack.cognito.send(new AdminSetUserPasswordCommand({ UserPoolId, Username: email, Password: PASSWORD, Permanent: true }));
}

describe('the users directory on the local stack', () => {
  it('gets a confirmed sign-up from the Post confirmation trigger', async () => {
    const email = uniqueEmail('confirmed');
    const token = await stack.signedInUser(email);
    const sub = await subOf(token);
    const { entries, emails } = await directory();
    expect([entries.get(email), emails.get(sub)]).toEqual([sub, email]);
  });

  it('gets an administrator-created user at their first sign-in, from the Post authentication trigger', async () => {
    const email = uniqueEmail('admin-created');
    await adminCreatedUser(email);
    expect((await directory()).entries.has(email)).toBe(false);
    const signIn = await stack.call('POST', '/auth/sign-in', { body: { email, password: PASSWORD } });
    expect(signIn.status).toBe(200);
    const sub = await subOf(String(signIn.body?.accessToken));
    expect((await directory()).entries.get(email)).toBe(sub);
  });

  it('moves the entry when the API verifies a changed email', async () => {
    const before = uniqueEmail('mover');
    const after = uniqueEmail('moved');
    const token = await stack.signedInUser(before);
    const sub = await subOf(token);
    expect((await stack.call('PATCH', '/me', { token, body: { email: after } })).status).toBe(200);
    const code = await stack.codeFor(after, 'UpdateUserAttribute');
    expect((await stack.call('POST', '/me/verify-email', { token, body: { code } })).status).toBe(200);
    const { entries, emails } = await directory();
    expect([entries.get(before), entries.get(after), emails.get(sub)]).toEqual([undefined, sub, after]);
  });

  it("repairs what no trigger reports on the reconciliation's run: an administrator's delete and email change", async () => {
    const UserPoolId = stack.state.userPoolId;
    const deleted = uniqueEmail('admin-deleted');
    const changedBefore = uniqueEmail('admin-changed');
    const changedAfter = uniqueEmail('admin-changed-to');
    const deletedSub = await subOf(await stack.signedInUser(deleted));
    const changedSub = await subOf(await stack.signedInUser(changedBefore));
    await stack.cognito.send(new AdminDeleteUserCommand({ UserPoolId, Username: deleted }));
    await stack.cognito.send(
      new AdminUpdateUserAttributesCommand({
        UserPoolId,
        Username: changedBefore,
        UserAttributes: [
          { Name: 'email', Value: changedAfter },
          { Name: 'email_verified', Value: 'true' },
        ],
      }),
    );
    expect((await directory()).entries.get(deleted)).toBe(deletedSub);

    const summary = await reconcile();
    const { entries, emails } = await directory();
    expect({
      deleted: entries.get(deleted),
      deletedAccountEmail: emails.get(deletedSub),
      before: entries.get(changedBefore),
      after: entries.get(changedAfter),
      changedAccountEmail: emails.get(changedSub),
    }).toEqual({
      deleted: undefined,
      deletedAccountEmail: undefined,
      before: undefined,
      after: changedSub,
      changedAccountEmail: changedAfter,
    });
    // The changed user's old entry goes with the claim of the new one; the deleted user's is released.
    expect(summary).toMatchObject({ claimed: 1, released: 1 });
    // A second run finds nothing to do.
    expect(await reconcile()).toMatchObject({ claimed: 0, released: 0, accountsCleared: 0 });
  });
});
