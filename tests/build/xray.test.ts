import { execFile } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { buildAll } from '../../scripts/build.js';

// The layer's build replaces parts of the X-Ray SDK (its cls-hooked context, samplers, plugins, its
// parameter whitelist) and turns Tracer's http patch off (scripts/lib/layer-plugins.ts). This runs
// built functions as Lambda does with tracing on, against a UDP socket standing in for the X-Ray
// daemon, and checks what the traces hold.

interface TraceDocument {
  id: string;
  name: string;
  trace_id: string;
  parent_id?: string;
  namespace?: string;
  type?: string;
  aws?: Record<string, unknown>;
  subsegments?: TraceDocument[];
}

// Invokes each handler twice in one process, each time with its own trace header, as the runtime does.
const INVOKE = `
const [file, eventJson, ...traceIds] = process.argv.slice(1);
const { handler } = await import(file);
const context = { functionName: 'f', awsRequestId: 'r', invokedFunctionArn: 'arn', memoryLimitInMB: '512', getRemainingTimeInMillis: () => 3000 };
const statuses = [];
for (const traceId of traceIds) {
  process.env._X_AMZN_TRACE_ID = traceId;
  statuses.push((await handler(JSON.parse(eventJson), context)).statusCode);
  await new Promise((resolve) => setTimeout(resolve, 20));
}
process.stdout.write(JSON.stringify(statuses));
`;

// Loads a handler as the runtime does (init), leaving time for a trace document to arrive, and invokes nothing.
const LOAD = `
await import(process.argv[1]);
await new Promise((resolve) => setTimeout(resolve, 50));
process.stdout.write('loaded');
`;

const AWS_ANSWERS: Record<string, unknown> = {
  'DynamoDB_20120810.Query': { Items: [], Count: 0, ScannedCount: 0 },
  'AWSCognitoIdentityProviderService.GetUser': {
    Username: 'user-1',
    UserAttributes: [
      { Name: 'sub', Value: 'user-1' },
      { Name: 'email', Value: 'jane@example.com' },
      { Name: 'email_verified', Value: 'true' },
    ],
  },
};

const traceHeader = (n: number) => {
  const root = `1-6740f2a0-${n.toString(16).padStart(24, '0')}`;
  const parent = n.toString(16).padStart(16, 'a');
  return { root, parent, header: `Root=${root};Parent=${parent};Sampled=1` };
};

/** Every document of a trace, nested subsegments included. */
const flatten = (documents: TraceDocument[]): TraceDocument[] => documents.flatMap((d) => [d, ...flatten(d.subsegments ?? [])]);

describe('tracing in the built functions', () => {
  const outDir = mkdtempSync(join(tmpdir(), 'auth-api-xray-'));
  const received: TraceDocument[] = [];
  const awsRequests: string[] = [];
  let daemon: Socket;
  let aws: Server;

  beforeAll(async () => {
    daemon = createSocket('udp4');
    // "<header JSON>\n<segment JSON>"
    daemon.on('message', (message) => received.push(JSON.parse(message.toString('utf8').split('\n')[1] ?? '{}') as TraceDocument));
    await new Promise<void>((resolve) => daemon.bind(0, '127.0.0.1', resolve));
    aws = createServer((request, response) => {
      const target = String(request.headers['x-amz-target']);
      awsRequests.push(target);
      request.resume().on('end', () => {
        const type = target.startsWith('DynamoDB') ? 'application/x-amz-json-1.0' : 'application/x-amz-json-1.1';
        response.writeHead(200, { 'content-type': type, 'x-amzn-requestid': 'req-1' }).end(JSON.stringify(AWS_ANSWERS[target] ?? {}));
      });
    });
    await new Promise<void>((resolve) => aws.listen(0, '127.0.0.1', resolve));
    await buildAll(outDir);
  }, 60_000);

  afterAll(async () => {
    daemon.close();
    await new Promise((resolve) => aws.close(resolve));
    rmSync(outDir, { recursive: true, force: true });
  });

  /** The environment Lambda gives a function with active tracing, its AWS endpoints on the local server. */
  function lambdaEnv(functionId: string): NodeJS.ProcessEnv {
    const endpoint = `http://127.0.0.1:${(aws.address() as AddressInfo).port}`;
    return {
      PATH: process.env.PATH,
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      _HANDLER: 'index.handler',
      AWS_LAMBDA_FUNCTION_NAME: functionId,
      LAMBDA_TASK_ROOT: join(outDir, functionId),
      AWS_XRAY_DAEMON_ADDRESS: `127.0.0.1:${daemon.address().port}`,
      AWS_XRAY_CONTEXT_MISSING: 'LOG_ERROR',
      POWERTOOLS_SERVICE_NAME: 'auth-api',
      POWERTOOLS_LOG_LEVEL: 'ERROR',
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_SESSION_TOKEN: 'test',
      AWS_MAX_ATTEMPTS: '1',
      COGNITO_ENDPOINT: endpoint,
      AWS_ENDPOINT_URL_DYNAMODB: endpoint,
      USER_POOL_ID: 'us-east-1_TEST',
      USER_POOL_CLIENT_ID: 'test-client-id',
      MESSAGES_TABLE: 'auth-api-messages',
      ACCOUNTS_TABLE: 'auth-api-accounts',
    };
  }

  async function invokeTraced(functionId: string, event: object, traces: string[]): Promise<number[]> {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--input-type=module', '-e', INVOKE, join(outDir, functionId, 'index.mjs'), JSON.stringify(event), ...traces],
      { env: lambdaEnv(functionId), encoding: 'utf8', timeout: 20_000 },
    );
    return JSON.parse(stdout) as number[];
  }

  /** The handler subsegment of one invocation, with the AWS subsegment of its SDK call in it (the session check reads first). */
  async function traceOf(root: string, service: string, operation: string): Promise<{ handler: TraceDocument; call: TraceDocument }> {
    const isCall = (d: TraceDocument) => d.name === service && d.aws?.operation === operation;
    for (let wait = 0; wait < 50 && !received.some((d) => d.trace_id === root && flatten([d]).some(isCall)); wait += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const documents = received.filter((d) => d.trace_id === root);
    const handler = documents.find((d) => d.name === '## index.handler') as TraceDocument;
    const call = flatten(documents).find(isCall) as TraceDocument;
    return { handler, call };
  }

  it.each([
    ['ListMessagesFunction', { routeKey: 'GET /messages', queryStringParameters: { box: 'inbox' } }, 'DynamoDB', 'Query', { table_name: 'auth-api-messages' }],
    ['GetMeFunction', { routeKey: 'GET /me' }, 'CognitoIdentityProvider', 'GetUser', {}],
  ])('%s sends, per invocation, its handler subsegment holding the %s %s call', async (functionId, request, service, operation, parameters) => {
    const event = {
      ...request,
      version: '2.0',
      rawPath: '/',
      rawQueryString: '',
      headers: { authorization: 'Bearer header.payload.signature' },
      requestContext: { requestId: 'api-1', http: { method: 'GET', path: '/' }, authorizer: { jwt: { claims: { sub: 'user-1', username: 'user-1' }, scopes: null } } },
      isBase64Encoded: false,
    };
    const first = traceHeader(functionId.length * 2);
    const second = traceHeader(functionId.length * 2 + 1);

    expect(await invokeTraced(functionId, event, [first.header, second.header])).toEqual([200, 200]);

    const traces = [await traceOf(first.root, service, operation), await traceOf(second.root, service, operation)];
    for (const [index, { handler, call }] of traces.entries()) {
      // Under the function's segment (the trace header's Parent), as on Lambda.
      const parent = [first, second][index]?.parent;
      expect(handler).toMatchObject({ type: 'subsegment', parent_id: parent, annotations: { ColdStart: index === 0, Service: 'auth-api' } });
      expect(call).toMatchObject({ namespace: 'aws', aws: { operation, region: 'us-east-1', ...parameters } });
      // The call belongs to this invocation's handler subsegment, not to the other invocation's.
      expect(flatten([handler]).includes(call) || call.parent_id === handler.id).toBe(true);
    }
    expect(traces[0]?.handler.id).not.toBe(traces[1]?.handler.id);
  }, 30_000);

  // Init primes the AWS clients a function loads (layers/shared/src/aws/priming.ts): one request through
  // each client's stack, answered in the process. SendMessageFunction loads both clients.
  it.each([
    ['with a trace header at init, as the bench sets it', traceHeader(900).header],
    ['without a trace header at init, as on Lambda', undefined],
  ])('primes the AWS clients at init without a trace document, a log line or a request (%s)', async (_, traceId) => {
    const before = { documents: received.length, requests: awsRequests.length };
    const env = { ...lambdaEnv('SendMessageFunction'), POWERTOOLS_LOG_LEVEL: 'DEBUG', ...(traceId ? { _X_AMZN_TRACE_ID: traceId } : {}) };
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['--input-type=module', '-e', LOAD, join(outDir, 'SendMessageFunction', 'index.mjs')],
      { env, encoding: 'utf8', timeout: 20_000 },
    );
    await new Promise((resolve) => setTimeout(resolve, 50));

    const after = { documents: received.length - before.documents, requests: awsRequests.length - before.requests };
    expect({ stdout, stderr, ...after }).toEqual({ stdout: 'loaded', stderr: '', documents: 0, requests: 0 });
  }, 30_000);
});
