import { Agent } from 'node:https';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as cognito from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { startAwsStub, type AwsStub } from '../../../bench/https-stub.js';

// The SDK clients as the functions configure them, pointed at the stub and trusting only its CA (the
// bench's children trust it through NODE_EXTRA_CA_CERTS, which a running process cannot take up).
let stub: AwsStub;
let dir: string;
let clients: { cognito: cognito.CognitoIdentityProviderClient; dynamodb: DynamoDBClient; documents: DynamoDBDocumentClient };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bench-stub-test-'));
  stub = await startAwsStub(dir);
  const requestHandler = new NodeHttpHandler({ httpsAgent: new Agent({ ca: readFileSync(stub.caFile) }) });
  const config = { endpoint: stub.url, region: 'us-east-1', maxAttempts: 1, requestHandler };
  const dynamodb = new DynamoDBClient(config);
  clients = { cognito: new cognito.CognitoIdentityProviderClient(config), dynamodb, documents: DynamoDBDocumentClient.from(dynamodb) };
}, 30_000);

afterAll(async () => {
  Object.values(clients).forEach((client) => client.destroy());
  await stub.close();
  rmSync(dir, { recursive: true, force: true });
});

const TableName = 'messages';
const Key = { pk: 'USER#a#INBOX', sk: '01KAR1Z5Q8V7N3M2K4J6H8G0FD' };

describe('bench: the HTTPS stub of the AWS endpoints', () => {
  it("serves a certificate that only a client trusting the run's CA accepts", async () => {
    const untrusting = new cognito.CognitoIdentityProviderClient({ endpoint: stub.url, region: 'us-east-1', maxAttempts: 1 });
    await expect(untrusting.send(new cognito.GetUserCommand({ AccessToken: 'x' }))).rejects.toThrow(
      'unable to verify the first certificate',
    );
    untrusting.destroy();
  });

  it('answers the Cognito operations the functions send with what the SDK parses', async () => {
    const send = clients.cognito.send.bind(clients.cognito) as (command: unknown) => Promise<Record<string, unknown>>;
    const AccessToken = 'eyJ.access.token';
    expect(await send(new cognito.GetUserCommand({ AccessToken }))).toMatchObject({
      Username: expect.any(String),
      UserAttributes: expect.arrayContaining([{ Name: 'email', Value: 'jane@example.com' }]),
    });
    expect(
      await send(new cognito.InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: 'c', AuthParameters: {} })),
    ).toMatchObject({
      AuthenticationResult: { AccessToken: expect.any(String), ExpiresIn: 3600 },
    });
    expect(await send(new cognito.GetTokensFromRefreshTokenCommand({ ClientId: 'c', RefreshToken: 'r' }))).toMatchObject({
      AuthenticationResult: { AccessToken: expect.any(String), RefreshToken: expect.any(String) },
    });
    expect(await send(new cognito.SignUpCommand({ ClientId: 'c', Username: 'u', Password: 'p' }))).toMatchObject({ UserConfirmed: false });
    expect(await send(new cognito.ListUsersCommand({ UserPoolId: 'p' }))).toMatchObject({ Users: [{ Enabled: true }] });
    expect(await send(new cognito.VerifySoftwareTokenCommand({ AccessToken, UserCode: '123456' }))).toMatchObject({ Status: 'SUCCESS' });
    const others = [
      new cognito.ConfirmSignUpCommand({ ClientId: 'c', Username: 'u', ConfirmationCode: '1' }),
      new cognito.ResendConfirmationCodeCommand({ ClientId: 'c', Username: 'u' }),
      new cognito.RespondToAuthChallengeCommand({ ClientId: 'c', ChallengeName: 'SOFTWARE_TOKEN_MFA' }),
      new cognito.ForgotPasswordCommand({ ClientId: 'c', Username: 'u' }),
      new cognito.ConfirmForgotPasswordCommand({ ClientId: 'c', Username: 'u', ConfirmationCode: '1', Password: 'p' }),
      new cognito.GlobalSignOutCommand({ AccessToken }),
      new cognito.RevokeTokenCommand({ ClientId: 'c', Token: 't' }),
      new cognito.UpdateUserAttributesCommand({ AccessToken, UserAttributes: [] }),
      new cognito.VerifyUserAttributeCommand({ AccessToken, AttributeName: 'email', Code: '1' }),
      new cognito.ChangePasswordCommand({ AccessToken, PreviousPassword: 'a', ProposedPassword: 'b' }),
      new cognito.DeleteUserCommand({ AccessToken }),
      new cognito.AssociateSoftwareTokenCommand({ AccessToken }),
      new cognito.SetUserMFAPreferenceCommand({ AccessToken }),
    ];
    for (const command of others) expect((await send(command)).$metadata).toMatchObject({ httpStatusCode: 200 });
  });

  it('answers the DynamoDB operations of the message functions and of idempotency', async () => {
    const { documents, dynamodb } = clients;
    expect(await documents.send(new GetCommand({ TableName, Key }))).toMatchObject({
      Item: { subject: 'Lunch?', from: { email: 'bob@example.com' } },
    });
    expect(await documents.send(new QueryCommand({ TableName, KeyConditionExpression: 'pk = :pk' }))).toMatchObject({
      Count: 1,
      Items: [{ id: Key.sk }],
    });
    expect(await documents.send(new UpdateCommand({ TableName, Key, UpdateExpression: 'SET x = :x' }))).toMatchObject({
      Attributes: { id: Key.sk },
    });
    expect(await documents.send(new DeleteCommand({ TableName, Key, ReturnValues: 'ALL_OLD' }))).toMatchObject({
      Attributes: { id: Key.sk },
    });
    expect((await documents.send(new TransactWriteCommand({ TransactItems: [] }))).$metadata.httpStatusCode).toBe(200);
    expect((await dynamodb.send(new PutItemCommand({ TableName, Item: {} }))).$metadata.httpStatusCode).toBe(200);
    expect((await dynamodb.send(new UpdateItemCommand({ TableName, Key: {} }))).$metadata.httpStatusCode).toBe(200);
  });

  it('refuses an operation it has no answer for, and counts what it answered', async () => {
    await expect(clients.cognito.send(new cognito.AdminDeleteUserCommand({ UserPoolId: 'p', Username: 'u' }))).rejects.toMatchObject({
      name: 'UnknownOperationException',
    });
    expect(stub.requests.get('unknown: AWSCognitoIdentityProviderService.AdminDeleteUser')).toBe(1);
    expect(stub.requests.get('DynamoDB_20120810.GetItem')).toBe(1);
  });
});
