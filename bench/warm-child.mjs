// Warm latency: every built handler invoked in this one process (an execution environment that has
// already started), over and over, with its events/ file. AWS calls never leave the process:
//   mock: aws-sdk-client-mock on the layer's Cognito and DynamoDB clients (`send` answers at once:
//         handler, middy, Powertools and the layer only);
//   sdk:  the client's HTTP handler replaced by a canned response (the whole SDK stack runs too:
//         serialisation, middleware, X-Ray subsegment, deserialisation).
// An X-Ray "daemon" (a UDP socket here) counts the segments the invocations send.
import { createSocket } from 'node:dgram';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';

const { cognitoLayerFile, messagesLayerFile, erasureLayerFile, floorFile, functions, iterations, warmup, resultFile } = JSON.parse(
  readFileSync(process.argv[2], 'utf8'),
);
const require = createRequire(import.meta.url);
const { mockClient } = require('aws-sdk-client-mock');

const daemon = createSocket('udp4');
const segments = { count: 0, names: new Set() };
daemon.on('message', (message) => {
  segments.count += 1;
  // "<header JSON>\n<segment JSON>"
  const document = JSON.parse(message.toString('utf8').split('\n')[1] ?? '{}');
  if (document.name) segments.names.add(document.name);
});
await new Promise((resolve) => daemon.bind(0, '127.0.0.1', resolve));
process.env.AWS_XRAY_DAEMON_ADDRESS = `127.0.0.1:${daemon.address().port}`;

// One answer that satisfies every Cognito operation the functions send (unknown members are ignored).
const COGNITO_ANSWER = {
  AuthenticationResult: {
    // `sub` and `origin_jti`, which the sign-in functions read to record the session.
    AccessToken: `eyJhbGciOiJSUzI1NiJ9.${Buffer.from(JSON.stringify({ sub: '6f1c3a52-0000-4000-8000-000000000001', origin_jti: '0b4e7c1d-0000-4000-8000-000000000003' })).toString('base64url')}.c2ln`,
    IdToken: 'eyJ.id.token',
    RefreshToken: 'refresh',
    ExpiresIn: 3600,
    TokenType: 'Bearer',
  },
  UserSub: '6f1c3a52-0000-4000-8000-000000000001',
  UserConfirmed: false,
  CodeDeliveryDetails: { Destination: 'j***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' },
  UserAttributes: [
    { Name: 'sub', Value: '6f1c3a52-0000-4000-8000-000000000001' },
    { Name: 'email', Value: 'jane@example.com' },
    { Name: 'email_verified', Value: 'true' },
  ],
  Username: '6f1c3a52-0000-4000-8000-000000000001',
  Users: [
    {
      Username: 'bob',
      Enabled: true,
      UserStatus: 'CONFIRMED',
      Attributes: [{ Name: 'sub', Value: '6f1c3a52-0000-4000-8000-000000000002' }],
    },
  ],
  SecretCode: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
  Session: 'session',
  Status: 'SUCCESS',
  CredentialCreationOptions: {
    challenge: 'c2lnbi1pbi1jaGFsbGVuZ2U',
    rp: { id: 'example.com', name: 'example.com' },
    user: { id: 'dXNlcg', name: 'jane@example.com', displayName: 'Jane' },
    pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
  },
  // The passkey events/register-passkey.json registers, which the function then finds in the listing.
  Credentials: [
    {
      CredentialId: 'AQIDBAUGBwgJCgsMDQ4PEA',
      FriendlyCredentialName: 'Passkey',
      RelyingPartyId: 'example.com',
      AuthenticatorTransports: ['internal'],
      CreatedAt: new Date('2025-12-01T09:30:00.000Z'),
    },
  ],
};
// On the wire (JSON protocol), timestamps are epoch seconds.
const COGNITO_WIRE_ANSWER = {
  ...COGNITO_ANSWER,
  Credentials: COGNITO_ANSWER.Credentials.map((credential) => ({ ...credential, CreatedAt: credential.CreatedAt.getTime() / 1000 })),
};
// One stored message answers every DynamoDB read and write the message functions send.
const MESSAGE = {
  pk: 'USER#6f1c3a52-0000-4000-8000-000000000001#INBOX',
  sk: '01KAR1Z5Q8V7N3M2K4J6H8G0FD',
  id: '01KAR1Z5Q8V7N3M2K4J6H8G0FD',
  from: { sub: '6f1c3a52-0000-4000-8000-000000000002', email: 'bob@example.com' },
  to: { sub: '6f1c3a52-0000-4000-8000-000000000001', email: 'jane@example.com' },
  subject: 'Lunch?',
  body: 'Noon at the usual place.',
  createdAt: '2026-11-22T10:00:00.000Z',
  // Read as the users directory's entry (EMAIL#: sub) and as the sender's account (ACCOUNT: email) too.
  sub: '6f1c3a52-0000-4000-8000-000000000002',
  email: 'jane@example.com',
  // Also read as the session's record: signed in as the run starts, so the recent-sign-in routes go on.
  signedInAt: Date.now(),
};
const DOCUMENT_ANSWER = { Items: [MESSAGE], Item: MESSAGE, Attributes: MESSAGE, Count: 1 };
const marshalled = (value) =>
  typeof value === 'number'
    ? { N: String(value) }
    : typeof value === 'string'
      ? { S: value }
      : { M: Object.fromEntries(Object.entries(value).map(([k, v]) => [k, marshalled(v)])) };
const DYNAMODB_ANSWER = { Items: [marshalled(MESSAGE).M], Item: marshalled(MESSAGE).M, Attributes: marshalled(MESSAGE).M, Count: 1 };

// `answer`: an answer, or a function of the request's JSON body (SQS: the MD5 of the body it sent).
const cannedHttp = (answer) => {
  const fixed = typeof answer === 'function' ? undefined : Buffer.from(JSON.stringify(answer));
  return {
    handle: async (request) => ({
      response: {
        statusCode: 200,
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': 'bench' },
        body: Readable.from([fixed ?? Buffer.from(JSON.stringify(answer(JSON.parse(String(request.body)))))]),
      },
    }),
  };
};
const sqsAnswer = (request) => ({
  MessageId: '5fea7756-0ea4-451a-a703-a558b933e274',
  MD5OfMessageBody: createHash('md5')
    .update(request.MessageBody ?? '')
    .digest('hex'),
});

const context = {
  functionName: 'bench',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:bench',
  memoryLimitInMB: '512',
  awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
  getRemainingTimeInMillis: () => 10_000,
};

let traceCounter = 0;
const nextTraceId = () => {
  traceCounter += 1;
  const hex = traceCounter.toString(16).padStart(24, '0');
  return `Root=1-${Math.floor(Date.now() / 1000).toString(16)}-${hex};Parent=${hex.slice(8)};Sampled=1`;
};
const yieldToEventLoop = () => new Promise((resolve) => setImmediate(resolve));

async function timeHandler(handler, event, betweenInvocations = () => {}) {
  const samples = new Float64Array(iterations);
  const statuses = {};
  for (let i = 0; i < warmup + iterations; i += 1) {
    // As the runtime does between invocations: a new trace header, and back to the event loop
    // (where the segments of the previous invocation go out).
    process.env._X_AMZN_TRACE_ID = nextTraceId();
    betweenInvocations();
    await yieldToEventLoop();
    const start = performance.now();
    const response = await handler(event, context);
    const elapsed = performance.now() - start;
    if (i >= warmup) {
      samples[i - warmup] = elapsed;
      statuses[response?.statusCode] = (statuses[response?.statusCode] ?? 0) + 1;
    }
  }
  return { samples: Array.from(samples), statuses };
}

const floor = (await import(pathToFileURL(floorFile).href)).handler;
const results = { floor: await timeHandler(floor, {}), mock: {}, sdk: {} };

// The layer's clients, loaded as a function's first call loads them (the handlers get the same instances).
const { cognito } = await import(pathToFileURL(cognitoLayerFile).href);
const { documents, dynamodb } = await import(pathToFileURL(messagesLayerFile).href);
const { erasureQueue } = await import(pathToFileURL(erasureLayerFile).href);
const cognitoMock = mockClient(cognito);
const queueMock = mockClient(erasureQueue);
queueMock.onAnyCommand().resolves({ MessageId: '5fea7756-0ea4-451a-a703-a558b933e274' });
cognitoMock.onAnyCommand().resolves(COGNITO_ANSWER);
const dynamodbMocks = [mockClient(documents), mockClient(dynamodb)];
for (const mock of dynamodbMocks) mock.onAnyCommand().resolves(DOCUMENT_ANSWER);
// A mock keeps every call (its arguments, result and a stack trace) until reset: thousands of
// invocations would pile them up, and every young-generation GC would copy them. A test's
// afterEach resets them; here it happens between invocations, outside the timed part.
const resetMockHistory = () => [cognitoMock, queueMock, ...dynamodbMocks].forEach((mock) => mock.resetHistory());
for (const fn of functions) {
  const { handler } = await import(pathToFileURL(fn.file).href);
  results.mock[fn.id] = await timeHandler(handler, JSON.parse(readFileSync(fn.eventFile, 'utf8')), resetMockHistory);
}
cognitoMock.restore();
queueMock.restore();
for (const mock of dynamodbMocks) mock.restore();

cognito.config.requestHandler = cannedHttp(COGNITO_WIRE_ANSWER);
dynamodb.config.requestHandler = cannedHttp(DYNAMODB_ANSWER);
erasureQueue.config.requestHandler = cannedHttp(sqsAnswer);
const before = segments.count;
for (const fn of functions) {
  const { handler } = await import(pathToFileURL(fn.file).href);
  results.sdk[fn.id] = await timeHandler(handler, JSON.parse(readFileSync(fn.eventFile, 'utf8')));
}
await new Promise((resolve) => setTimeout(resolve, 200));
results.segments = { total: segments.count, sdkPhase: segments.count - before, names: [...segments.names].sort() };
daemon.close();
writeFileSync(resultFile, JSON.stringify(results));
process.exit(0);
