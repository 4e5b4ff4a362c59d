import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CognitoIdentityProviderClient, GetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { primeClient } from '../../../layers/shared/src/aws/priming.js';
import { logger } from '../../../layers/shared/src/logger.js';

// What reached the network: a local server stands in for Cognito and DynamoDB.
interface Received {
  target: string;
  signed: boolean;
}

const NETWORK_ANSWERS: Record<string, object> = {
  'AWSCognitoIdentityProviderService.GetUser': { Username: 'from-the-network', UserAttributes: [] },
  'DynamoDB_20120810.GetItem': { Item: { pk: { S: 'from-the-network' } } },
};

const cognitoAnswer = { contentType: 'application/x-amz-json-1.1', body: '{"Username":"priming","UserAttributes":[]}' };
const dynamodbAnswer = { contentType: 'application/x-amz-json-1.0', body: '{}' };
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

let server: Server;
let endpoint: string;
let received: Received[];

beforeAll(async () => {
  server = createServer((request: IncomingMessage, response) => {
    const target = String(request.headers['x-amz-target']);
    received.push({ target, signed: String(request.headers.authorization).startsWith('AWS4-HMAC-SHA256') });
    request.resume().on('end', () => {
      const type = target.startsWith('DynamoDB') ? 'application/x-amz-json-1.0' : 'application/x-amz-json-1.1';
      response.writeHead(200, { 'content-type': type }).end(JSON.stringify(NETWORK_ANSWERS[target] ?? {}));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise((resolve) => server.close(resolve)));

beforeEach(() => {
  received = [];
  jest.restoreAllMocks();
});

const cognitoClient = () => new CognitoIdentityProviderClient({ endpoint, region: 'us-east-1', maxAttempts: 1, cacheMiddleware: true });

describe('primeClient', () => {
  it('answers the priming request in the process and sends every later request to the network', async () => {
    const client = cognitoClient();
    const warn = jest.spyOn(logger, 'warn');

    await primeClient(client, new GetUserCommand({ AccessToken: 'priming' }), cognitoAnswer);
    expect(received).toEqual([]);
    expect(warn).not.toHaveBeenCalled();

    // The first call resolves and caches GetUser's middleware (cacheMiddleware), the second uses that cache.
    for (const token of ['first', 'second']) {
      expect(await client.send(new GetUserCommand({ AccessToken: token }))).toMatchObject({ Username: 'from-the-network' });
    }
    expect(received.map((r) => r.target)).toEqual([
      'AWSCognitoIdentityProviderService.GetUser',
      'AWSCognitoIdentityProviderService.GetUser',
    ]);
    client.destroy();
  });

  it('leaves later middleware (tracing) on the primed command: priming caches none of its middleware', async () => {
    const client = cognitoClient();
    await primeClient(client, new GetUserCommand({ AccessToken: 'priming' }), cognitoAnswer);
    // What tracer.captureAWSv3Client does once the client is primed.
    const traced: string[] = [];
    client.middlewareStack.add(
      (next, context) => async (args) => {
        traced.push(String(context.commandName));
        return next(args);
      },
      { step: 'build', name: 'addedAfterPriming' },
    );

    await client.send(new GetUserCommand({ AccessToken: 'real' }));
    expect(traced).toEqual(['GetUserCommand']);
    client.destroy();
  });

  it('primes a signed operation through the document client, credentials included, without reaching the network', async () => {
    const credentialsProvider = jest.fn(async () => credentials);
    const dynamodb = new DynamoDBClient({ endpoint, region: 'us-east-1', maxAttempts: 1, credentials: credentialsProvider });
    const documents = DynamoDBDocumentClient.from(dynamodb);

    await primeClient(documents, new GetCommand({ TableName: 'priming', Key: { pk: 'priming', sk: 'priming' } }), dynamodbAnswer);
    expect(received).toEqual([]);
    // Resolved while priming, and kept for the first real call.
    expect(credentialsProvider).toHaveBeenCalledTimes(1);

    const { Item } = await documents.send(new GetCommand({ TableName: 'messages', Key: { pk: 'a', sk: 'b' } }));
    expect(Item).toEqual({ pk: 'from-the-network' });
    expect(received).toEqual([{ target: 'DynamoDB_20120810.GetItem', signed: true }]);
    expect(credentialsProvider).toHaveBeenCalledTimes(1);
    dynamodb.destroy();
  });

  it('logs a priming that fails instead of throwing, and later calls still reach the network', async () => {
    const client = cognitoClient();
    const warn = jest.spyOn(logger, 'warn').mockImplementation(() => undefined);

    await primeClient(client, new GetUserCommand({ AccessToken: 'priming' }), { ...cognitoAnswer, body: 'not JSON' });
    expect(warn).toHaveBeenCalledWith(
      expect.stringContaining('Priming an AWS client at init failed'),
      expect.objectContaining({ service: 'Cognito Identity Provider' }),
    );
    expect(received).toEqual([]);

    expect(await client.send(new GetUserCommand({ AccessToken: 'real' }))).toMatchObject({ Username: 'from-the-network' });
    expect(received).toHaveLength(1);
    client.destroy();
  });

  it('closes the network handler when the primed client is destroyed', async () => {
    const client = cognitoClient();
    const destroy = jest.spyOn(client.config.requestHandler, 'destroy');
    await primeClient(client, new GetUserCommand({ AccessToken: 'priming' }), cognitoAnswer);

    client.destroy();
    expect(destroy).toHaveBeenCalledTimes(1);
  });
});
