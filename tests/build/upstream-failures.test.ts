import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { upstreamTimeouts } from '../../layers/shared/src/aws/upstream-settings.js';
import { buildAll } from '../../scripts/build.js';
import { functionsOf, httpRoutesOf, loadTemplate } from '../../scripts/lib/template.js';
import { OpenApiContract } from '../fixtures/openapi-contract.js';
import { loadOpenApi } from '../../scripts/lib/openapi.js';
import { BlackHole, refusingEndpoint, type ReceivedRequest } from '../fixtures/upstream.js';

// Contract v2: a refused or hanging Cognito/DynamoDB answers 503 problem+json with retry-after, well within
// the function's timeout, on every route. The built functions run as on Lambda (one process each, init
// then one invocation), their AWS endpoints on 127.0.0.1, with shortened timeouts (the production values
// and their bound are checked in tests/unit/layer/retry-strategy.test.ts).

const TIMEOUT_ENV = { UPSTREAM_CONNECT_TIMEOUT_MS: '200', UPSTREAM_REQUEST_TIMEOUT_MS: '300' };
const timeouts = upstreamTimeouts(TIMEOUT_ENV);
const contract = new OpenApiContract(loadOpenApi());
/**
 * The handler's own time on top of the upstream's: a cold first invocation, in a child process, on a
 * shared machine. Far below the 20 s at which a hanging call's invocation is killed here.
 */
const HANDLER_SLACK_MS = 2500;

// Init, then one invocation timed from the handler's call to its answer.
const INVOKE = `
const [file, eventJson] = process.argv.slice(1);
const { handler } = await import(file);
const context = { functionName: 'f', awsRequestId: 'r', invokedFunctionArn: 'arn', memoryLimitInMB: '512', getRemainingTimeInMillis: () => 10000 };
const started = performance.now();
const response = await handler(JSON.parse(eventJson), context);
process.stdout.write(JSON.stringify({ ms: Math.round(performance.now() - started), response }));
`;

// What POST /messages reads before it writes, answered: the sender's session and account, the recipient's
// directory entry (one item serves all three reads). Its one write then meets the hung DynamoDB.
const READ_ANSWERS = {
  'DynamoDB_20120810.GetItem': {
    Item: { pk: { S: 'USER#sender' }, sk: { S: 'ACCOUNT' }, sub: { S: 'recipient' }, email: { S: 'sender@example.com' } },
  },
};

interface Invocation {
  ms: number;
  response: { statusCode: number; headers?: Record<string, string>; body?: string };
}

/** The event file of a function: SendMessageFunction -> events/send-message.json. */
const eventNameOf = (functionId: string) =>
  functionId
    .replace(/Function$/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase();

// The functions behind an HTTP route (triggers, the schedule's and the queue's workers answer no client).
const routed = new Set(httpRoutesOf(loadTemplate()).map((route) => route.functionId));
const routes = functionsOf(loadTemplate())
  .filter(({ id }) => routed.has(id))
  .map(({ id }) => ({ id, event: eventNameOf(id) }))
  .filter(({ event }) => event !== 'health');

describe('every route against an upstream in trouble (built functions)', () => {
  const outDir = mkdtempSync(join(tmpdir(), 'auth-api-upstream-'));

  beforeAll(async () => {
    await buildAll(outDir);
  }, 60_000);

  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  async function invoke(functionId: string, event: string, endpoint: string): Promise<Invocation> {
    const env = {
      PATH: process.env.PATH,
      ...TIMEOUT_ENV,
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      _HANDLER: 'index.handler',
      AWS_LAMBDA_FUNCTION_NAME: functionId,
      LAMBDA_TASK_ROOT: join(outDir, functionId),
      // Traced as on Lambda (the clients' calls get subsegments); the daemon's port is closed.
      _X_AMZN_TRACE_ID: 'Root=1-6740f2a0-000000000000000000000001;Parent=aaaaaaaaaaaaaaa1;Sampled=1',
      AWS_XRAY_DAEMON_ADDRESS: '127.0.0.1:9',
      AWS_XRAY_CONTEXT_MISSING: 'LOG_ERROR',
      POWERTOOLS_SERVICE_NAME: 'auth-api',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      COGNITO_ENDPOINT: endpoint,
      AWS_ENDPOINT_URL_DYNAMODB: endpoint,
      USER_POOL_ID: 'us-east-1_TEST',
      USER_POOL_CLIENT_ID: 'test-client-id',
      MESSAGES_TABLE: 'auth-api-messages',
      ACCOUNTS_TABLE: 'auth-api-accounts',
      SEND_RATE_LIMIT_PER_MINUTE: '20',
      SEND_LIMIT_PER_DAY: '500',
      MACHINE_SEND_RATE_LIMIT_PER_MINUTE: '600',
      MACHINE_SEND_LIMIT_PER_DAY: '50000',
      TOTP_ISSUER: 'auth-api',
    };
    const eventJson = readFileSync(join('events', `${event}.json`), 'utf8');
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['--input-type=module', '-e', INVOKE, join(outDir, functionId, 'index.mjs'), eventJson],
      { env, encoding: 'utf8', timeout: 20_000 },
    );
    expect(stderr).toBe('');
    return JSON.parse(stdout) as Invocation;
  }

  /** 503 problem+json ServiceUnavailable with retry-after, never a 500, as openapi.yaml documents it for the route. */
  const expectUnavailable = ({ response }: Invocation, event: string) => {
    expect({
      status: response.statusCode,
      contentType: response.headers?.['content-type'],
      retryAfter: Number(response.headers?.['retry-after']) > 0,
      code: (JSON.parse(response.body ?? '{}') as { code?: string }).code,
    }).toEqual({ status: 503, contentType: 'application/problem+json', retryAfter: true, code: 'ServiceUnavailable' });
    const { routeKey } = JSON.parse(readFileSync(join('events', `${event}.json`), 'utf8')) as { routeKey: string };
    const [method = '', path = ''] = routeKey.split(' ');
    const received = { status: response.statusCode, headers: new Headers(response.headers), body: response.body ?? '' };
    expect(contract.mismatches(method, path, received)).toEqual([]);
  };

  interface Outcome {
    silent: Invocation & { requests: ReceivedRequest[]; connections: number };
    refusing: Invocation;
  }
  const outcomes = new Map<string, Outcome>();

  /** Both scenarios for one route, each with an upstream of its own so that requests are counted per route. */
  async function runRoute({ id, event }: (typeof routes)[number]): Promise<void> {
    const blackHole = new BlackHole();
    const endpoint = await blackHole.listen();
    try {
      const silent = await invoke(id, event, endpoint);
      await blackHole.settle();
      const refusing = await invoke(id, event, await refusingEndpoint());
      outcomes.set(id, { silent: { ...silent, requests: [...blackHole.requests], connections: blackHole.connections }, refusing });
    } finally {
      await blackHole.close();
    }
  }

  // The routes run two at a time (jest's concurrent tests would not wait for the build in beforeAll).
  beforeAll(async () => {
    const queue = [...routes];
    const worker = async (): Promise<void> => {
      for (let route = queue.shift(); route; route = queue.shift()) await runRoute(route);
    };
    await Promise.all([worker(), worker()]);
    if (process.env.UPSTREAM_FIGURES) console.log(JSON.stringify([...outcomes].map(([id, o]) => [id, o.silent.ms, o.silent.requests.map((r) => r.target), o.refusing.ms])));
  }, 120_000);

  const outcomeOf = (id: string): Outcome => {
    const outcome = outcomes.get(id);
    if (!outcome) throw new Error(`${id} was not invoked`);
    return outcome;
  };

  it.each(routes)('$id answers 503 within the request timeout when Cognito and DynamoDB accept and never answer, and sends no call twice', ({ id, event }) => {
    const { silent } = outcomeOf(id);
    expectUnavailable(silent, event);
    expect(silent.ms).toBeLessThan(timeouts.requestTimeoutMs + HANDLER_SLACK_MS);
    // A call that got no answer may have taken effect: none is sent a second time (some routes make
    // two calls at once), and each request came on a connection of its own.
    expect(silent.requests.length).toBeGreaterThan(0);
    expect(silent.requests.filter(({ attempt }) => attempt !== 1)).toEqual([]);
    expect(new Set(silent.requests.map(({ call }) => call)).size).toBe(silent.requests.length);
    expect(silent.connections).toBe(silent.requests.length);
  });

  it.each(routes)('$id answers 503 within the call budget when Cognito and DynamoDB refuse connections', ({ id, event }) => {
    const { refusing } = outcomeOf(id);
    expectUnavailable(refusing, event);
    expect(refusing.ms).toBeLessThan(timeouts.callBudgetMs + HANDLER_SLACK_MS);
  });

  // POST /messages reads DynamoDB, then writes one transaction (copies, the key's record, the quota counters):
  // here the reads are answered and the write meets the hung service, which must see it once.
  it.each([
    ['a keyed send by a user', 'send-message'],
    ['a machine send', 'send-message-machine'],
  ])('SendMessageFunction answers 503 when DynamoDB answers reads and never a write, and sends no write twice (%s)', async (_, event) => {
    const blackHole = new BlackHole(READ_ANSWERS);
    try {
      const invocation = await invoke('SendMessageFunction', event, await blackHole.listen());
      await blackHole.settle();
      expectUnavailable(invocation, event);
      expect(invocation.ms).toBeLessThan(timeouts.requestTimeoutMs + HANDLER_SLACK_MS);
      const writes = blackHole.requests.filter(({ target }) => target.startsWith('DynamoDB') && !target.endsWith('.GetItem'));
      expect(writes.map(({ target, attempt }) => [target, attempt])).toEqual([['DynamoDB_20120810.TransactWriteItems', 1]]);
    } finally {
      await blackHole.close();
    }
  }, 30_000);
});
