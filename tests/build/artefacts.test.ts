import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildAll, esbuildFunctionsOf } from '../../scripts/build.js';
import { loadTemplate } from '../../scripts/lib/template.js';

const functions = esbuildFunctionsOf(loadTemplate());
const eventFileOf = (codeUri: string) => join(process.cwd(), 'events', `${codeUri.split('/').pop()}.json`);

// Loads each built handler in a plain Node process, resolving '@authapi/shared' from a node_modules
// folder as Lambda does from /opt/nodejs/node_modules, and invokes it with its events/ file. Cognito
// points at a closed port, so every call that reaches the SDK must come back as the contract's 503.
const INVOKE_ALL = `
const [outDir, ...pairs] = process.argv.slice(1);
const context = { functionName: 'f', awsRequestId: 'r', invokedFunctionArn: 'arn', memoryLimitInMB: '512', getRemainingTimeInMillis: () => 1000 };
const results = {};
for (let i = 0; i < pairs.length; i += 2) {
  const { handler } = await import(outDir + '/' + pairs[i] + '/index.mjs');
  const event = JSON.parse((await import('node:fs')).readFileSync(pairs[i + 1], 'utf8'));
  const response = await handler(event, context);
  results[pairs[i]] = { statusCode: response.statusCode, contentType: response.headers?.['content-type'] };
}
process.stdout.write('RESULTS' + JSON.stringify(results));
`;

describe('npm run build', () => {
  const outDir = mkdtempSync(join(tmpdir(), 'auth-api-build-'));
  beforeAll(() => buildAll(outDir), 60_000);
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('emits one ES module bundle per function, holding only the function (libraries stay in the layer)', () => {
    for (const fn of functions) {
      const bundle = readFileSync(join(outDir, fn.id, 'index.mjs'), 'utf8');
      expect(bundle).toMatch(/from\s*"@authapi\/shared"/);
      expect(bundle).not.toMatch(/CognitoIdentityProviderClient|@smithy|aws-xray-sdk|powertools/i);
    }
  });

  it('emits the layer as one bundled file under nodejs/node_modules, without source maps', () => {
    const packageDir = join(outDir, 'SharedLayer', 'nodejs', 'node_modules', '@authapi', 'shared');
    expect(JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'))).toEqual({ name: '@authapi/shared', exports: './index.mjs' });
    expect(existsSync(join(packageDir, 'index.mjs'))).toBe(true);
    expect(existsSync(join(packageDir, 'index.mjs.map'))).toBe(false);
  });

  it('produces handlers that load with the layer and answer their events as the contract says', () => {
    const args = functions.flatMap((fn) => [fn.id, eventFileOf(fn.codeUri)]);
    const output = execFileSync(process.execPath, ['--input-type=module', '-e', INVOKE_ALL, outDir, ...args], {
      env: {
        PATH: process.env.PATH,
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
        AWS_MAX_ATTEMPTS: '1',
        COGNITO_ENDPOINT: 'http://127.0.0.1:1',
        USER_POOL_ID: 'us-east-1_TEST',
        USER_POOL_CLIENT_ID: 'test-client-id',
        POWERTOOLS_LOG_LEVEL: 'ERROR',
      },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 60_000,
    });
    const results = JSON.parse(output.slice(output.indexOf('RESULTS') + 'RESULTS'.length)) as Record<string, { statusCode: number; contentType: string }>;
    const expected = Object.fromEntries(
      functions.map((fn) => [
        fn.id,
        fn.id === 'HealthFunction' ? { statusCode: 200, contentType: 'application/json' } : { statusCode: 503, contentType: 'application/problem+json' },
      ]),
    );
    expect(results).toEqual(expected);
  });
});
