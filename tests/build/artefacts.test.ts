import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildAll, esbuildFunctionsOf, layerEntryPoints } from '../../scripts/build.js';
import { httpRoutesOf, loadTemplate } from '../../scripts/lib/template.js';

const functions = esbuildFunctionsOf(loadTemplate());
const routeFunctionIds = new Set(httpRoutesOf(loadTemplate()).map((route) => route.functionId));
const eventFileOf = (codeUri: string) => join(process.cwd(), 'events', `${codeUri.split('/').pop()}.json`);

/** A built module and the files it imports statically (relative imports; dynamic import() excluded). */
function staticImportGraph(entry: string, seen = new Set<string>()): string[] {
  if (seen.has(entry)) return [...seen];
  seen.add(entry);
  for (const [, specifier] of readFileSync(entry, 'utf8').matchAll(/(?:import|export)\s*(?:[\w$*{},\s]*?from\s*)?"(\.[^"]+)"/g)) {
    staticImportGraph(resolve(dirname(entry), specifier ?? ''), seen);
  }
  return [...seen];
}

// Loads each built handler in a plain Node process, resolving '@authapi/shared' from a node_modules
// folder as Lambda does from /opt/nodejs/node_modules, and invokes it with its events/ file. Cognito
// DynamoDB and SQS point at a closed port, so every call that reaches the SDK must come back as the contract's 503
// (the queue's worker: as a batch item failure, so SQS delivers the job again).
const INVOKE_ALL = `
const [outDir, ...pairs] = process.argv.slice(1);
const context = { functionName: 'f', awsRequestId: 'r', invokedFunctionArn: 'arn', memoryLimitInMB: '512', getRemainingTimeInMillis: () => 1000 };
const results = {};
for (let i = 0; i < pairs.length; i += 2) {
  const { handler } = await import(outDir + '/' + pairs[i] + '/index.mjs');
  const event = JSON.parse((await import('node:fs')).readFileSync(pairs[i + 1], 'utf8'));
  const response = await handler(event, context);
  results[pairs[i]] = response.batchItemFailures
    ? { batchItemFailures: response.batchItemFailures }
    : { statusCode: response.statusCode, contentType: response.headers?.['content-type'] };
}
process.stdout.write('RESULTS' + JSON.stringify(results));
`;

// The environment the template gives the functions, with the AWS endpoints on a closed port.
const HANDLER_ENV = {
  PATH: process.env.PATH,
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  AWS_MAX_ATTEMPTS: '1',
  COGNITO_ENDPOINT: 'http://127.0.0.1:1',
  AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:1',
  AWS_ENDPOINT_URL_SQS: 'http://127.0.0.1:1',
  ERASURE_QUEUE_URL: 'http://127.0.0.1:1/000000000000/erasure',
  ERASURE_ITEMS_PER_INVOCATION: '5000',
  MESSAGES_TABLE: 'messages',
  ACCOUNTS_TABLE: 'accounts',
  RECENT_SIGN_IN_MINUTES: '5',
  REFRESH_TOKEN_VALIDITY_DAYS: '30',
  ACCESS_TOKEN_VALIDITY_MINUTES: '15',
  USER_POOL_ID: 'us-east-1_TEST',
  USER_POOL_CLIENT_ID: 'test-client-id',
  POWERTOOLS_LOG_LEVEL: 'ERROR',
};

// What Lambda adds for a function with active tracing, so that Tracer is on as it is there.
const TRACED_ON_LAMBDA = {
  AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
  _X_AMZN_TRACE_ID: 'Root=1-6740f2a0-5d3c1b8e9f0a1b2c3d4e5f60;Parent=53995c3f42cd8ad8;Sampled=1',
  AWS_XRAY_DAEMON_ADDRESS: '127.0.0.1:1',
  AWS_XRAY_CONTEXT_MISSING: 'IGNORE_ERROR',
};

describe('npm run build', () => {
  const outDir = mkdtempSync(join(tmpdir(), 'auth-api-build-'));
  const packageDir = join(outDir, 'SharedLayer', 'nodejs', 'node_modules', '@authapi', 'shared');
  beforeAll(() => buildAll(outDir), 60_000);
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('emits one ES module bundle per function, holding only the function (libraries stay in the layer)', () => {
    for (const fn of functions) {
      const bundle = readFileSync(join(outDir, fn.id, 'index.mjs'), 'utf8');
      expect(bundle).toMatch(/from\s*"@authapi\/shared(\/\w+)?"/);
      expect(bundle).not.toMatch(/CognitoIdentityProviderClient|@smithy|aws-xray-sdk|powertools/i);
    }
  });

  it('emits the layer as bundled ES modules under nodejs/node_modules: one file per entry point plus shared chunks, without source maps', () => {
    const entryPoints = layerEntryPoints();
    const exports = Object.fromEntries(Object.keys(entryPoints).map((subpath) => [subpath, `./${subpath === '.' ? 'index' : subpath.slice(2)}.mjs`]));
    expect(JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'))).toEqual({ name: '@authapi/shared', exports });
    const files = readdirSync(packageDir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => relative(packageDir, join(entry.parentPath, entry.name)));
    // Bundled: no node_modules tree, every file an ES module (entry points, or chunks they import).
    expect(files.filter((file) => file !== 'package.json' && !/^(chunks\/)?[\w-]+\.mjs$/.test(file))).toEqual([]);
    for (const entry of Object.values(exports)) expect(files).toContain(entry.slice(2));
    expect(files.some((file) => file.endsWith('.map'))).toBe(false);
  });

  /** The layer entry points a built function imports. */
  const entriesOf = (id: string) =>
    [...readFileSync(join(outDir, id, 'index.mjs'), 'utf8').matchAll(/from\s*"@authapi\/shared(?:\/(\w+))?"/g)].map((m) => m[1] ?? 'index').sort();
  /** The layer code a function's cold start loads: its entry points and their static imports. */
  const loadedAtInit = (id: string) =>
    entriesOf(id)
      .flatMap((entry) => staticImportGraph(join(packageDir, `${entry}.mjs`)))
      .map((file) => readFileSync(file, 'utf8'))
      .join('\n');

  it('creates Tracer and exactly the AWS clients a function calls at init, where a cold start runs faster (docs/performance.md)', () => {
    for (const fn of functions) {
      const loaded = loadedAtInit(fn.id);
      const entries = entriesOf(fn.id);
      expect({ id: fn.id, tracer: /AWS_XRAY_DAEMON_ADDRESS/.test(loaded) }).toEqual({ id: fn.id, tracer: true });
      expect({ id: fn.id, cognito: /CognitoIdentityProviderClient/.test(loaded) }).toEqual({ id: fn.id, cognito: entries.includes('cognito') });
      // The session check (every protected route) and the sign-in record read and write the accounts table.
      const dynamodb = entries.includes('messages') || entries.includes('sessions') || entries.includes('directory') || entries.includes('erasure');
      expect({ id: fn.id, dynamodb: /DynamoDBClient/.test(loaded) }).toEqual({ id: fn.id, dynamodb });
      expect({ id: fn.id, sqs: /SQSClient/.test(loaded) }).toEqual({ id: fn.id, sqs: entries.includes('erasure') });
    }
  });

  it('keeps zod out of what health loads, and the Cognito helpers out of the message functions, none of which calls Cognito', () => {
    expect(entriesOf('HealthFunction')).toEqual(['http']);
    expect(loadedAtInit('HealthFunction')).not.toMatch(/ZodString|ZodMiniString/);
    for (const id of ['SendMessageFunction', 'ListMessagesFunction', 'GetMessageFunction', 'UpdateMessageFunction', 'DeleteMessageFunction']) {
      expect({ id, entries: entriesOf(id) }).toEqual({ id, entries: expect.not.arrayContaining(['cognito']) });
      expect({ id, loaded: /SECRET_HASH|otpauth:/.exec(loadedAtInit(id))?.[0] }).toEqual({ id, loaded: undefined });
    }
  });

  it('loads TLS (tls, https) at init only where an AWS client is created, as the bench cold child records', () => {
    const builtinsOf = (id: string): string[] => {
      const fn = functions.find((f) => f.id === id);
      const child = spawnSync(
        process.execPath,
        [join('bench', 'cold-child.mjs'), pathToFileURL(join(outDir, id, 'index.mjs')).href, eventFileOf(fn?.codeUri ?? id)],
        { env: { ...HANDLER_ENV, ...TRACED_ON_LAMBDA, AWS_LAMBDA_FUNCTION_NAME: id }, stdio: ['ignore', 'ignore', 'pipe', 'pipe'], timeout: 30_000 },
      );
      if (child.status !== 0) throw new Error(`${id}: exit ${child.status}\n${String(child.stderr)}`);
      // One JSON line at init, one after the first invocation.
      const lines = String(child.output[3]).trim().split('\n');
      const result = Object.assign({}, ...lines.map((line) => JSON.parse(line) as object)) as { builtins: string[]; statusCode: number };
      // The first invocation ran the SDK path: its call to the closed port is the contract's 503.
      expect({ id, statusCode: result.statusCode }).toEqual({ id, statusCode: id === 'HealthFunction' ? 200 : 503 });
      return result.builtins;
    };
    const tlsOf = (id: string) => builtinsOf(id).filter((name) => ['tls', 'https'].includes(name)).sort();
    expect(tlsOf('HealthFunction')).toEqual([]);
    for (const id of ['GetMeFunction', 'SendMessageFunction']) expect({ id, tls: tlsOf(id) }).toEqual({ id, tls: ['https', 'tls'] });
  });

  it('produces handlers that load with the layer and answer their events as the contract says', () => {
    // The routes' functions; the directory's triggers and schedule answer no HTTP (tests/unit/functions).
    const routed = functions.filter((fn) => routeFunctionIds.has(fn.id));
    const args = routed.flatMap((fn) => [fn.id, eventFileOf(fn.codeUri)]);
    const output = execFileSync(process.execPath, ['--input-type=module', '-e', INVOKE_ALL, outDir, ...args], {
      env: HANDLER_ENV,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 60_000,
    });
    const results = JSON.parse(output.slice(output.indexOf('RESULTS') + 'RESULTS'.length)) as Record<string, unknown>;
    const expected = Object.fromEntries(
      routed.map((fn) => [
        fn.id,
        fn.id === 'HealthFunction'
          ? { statusCode: 200, contentType: 'application/json' }
          : fn.id === 'EraseAccountFunction'
            ? { batchItemFailures: [{ itemIdentifier: '0c9a3f5e-7b1d-4e2a-9f6c-3d8b1a2e4f50' }] }
            : { statusCode: 503, contentType: 'application/problem+json' },
      ]),
    );
    expect(results).toEqual(expected);
  });
});
