// Starts `npm start`'s local stack as a child process on free ports, and drives it over HTTP.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdminDeleteUserCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { DeliveredCode } from '../../local/outbox.js';
import type { StackState } from '../../local/state.js';
import { loadOpenApi } from '../../scripts/lib/openapi.js';
import { OpenApiContract } from '../fixtures/openapi-contract.js';

export interface ApiResponse {
  status: number;
  headers: Headers;
  body: Record<string, unknown> | undefined;
}

export interface TestStack {
  state: StackState;
  /** Where the stack's functions are built (build/<FunctionId>/index.mjs). */
  buildDir: string;
  cognito: CognitoIdentityProviderClient;
  /** A request to the local API; it throws when the response does not match openapi.yaml. */
  call: (
    method: string,
    path: string,
    options?: { body?: unknown; token?: string; headers?: Record<string, string> },
  ) => Promise<ApiResponse>;
  /** The latest code the embedded Cognito "emailed" to `email` for `source`, read from its codes endpoint. */
  codeFor: (email: string, source: string) => Promise<string>;
  /** A client-credentials token of the machine client from the local /oauth2/token, as on AWS. */
  machineToken: (scope?: string) => Promise<{ status: number; body: Record<string, unknown> }>;
  /** A confirmed user signed in through the API: their access token. */
  signedInUser: (email: string) => Promise<string>;
  /** The embedded Cognito's RS256 signing key (PEM) and its `kid`, to make tokens that fail one check only. */
  signingKey: { pem: string; kid: string };
  /** Deletes the user (if it still exists) once the test is over. */
  deleteUser: (email: string) => Promise<void>;
  /** Stops the stack: SIGINT lets it shut down, SIGKILL is a crash. */
  stop: (signal?: 'SIGINT' | 'SIGKILL') => Promise<void>;
}

const jwtPart = (token: string, part: number) =>
  JSON.parse(Buffer.from(token.split('.')[part] ?? '', 'base64url').toString()) as Record<string, unknown>;
/** A JWT's (or a JWE's) header, decoded without any check. */
export const headerOf = (token: string) => jwtPart(token, 0);
/** A JWT's claims, decoded without any check. */
export const claimsOf = (token: string) => jwtPart(token, 1);

// Every response `call` receives is checked against the contract, so every test checks it without saying so.
const contract = new OpenApiContract(loadOpenApi());

let counter = 0;
/** A fresh address per test, so tests never share users. */
export const uniqueEmail = (label: string) => `${label}-${process.pid}-${Date.now()}-${++counter}@example.com`;
export const PASSWORD = 'Correct-horse-battery-42';

async function waitFor<T>(probe: () => T | undefined, child: ChildProcess, output: () => string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (child.exitCode !== null) throw new Error(`local stack exited with ${child.exitCode}:\n${output()}`);
    if (Date.now() > deadline) throw new Error(`local stack did not start:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export interface TestStackOptions {
  /** npm start's --data-dir: users and items kept there between runs. */
  dataDir?: string;
  /** Where the functions are built (default: a folder of this stack's own). */
  buildDir?: string;
  /** false: use the functions already in `buildDir` (--no-build). */
  build?: boolean;
  /** Template parameter overrides (--param Name=Value). */
  parameters?: Record<string, string>;
}

export async function startTestStack(options: TestStackOptions = {}): Promise<TestStack> {
  const dir = mkdtempSync(join(tmpdir(), 'auth-api-it-'));
  const stateFile = join(dir, 'state.json');
  const signingKeyFile = join(dir, 'signing-key.pem');
  const args = ['--import', 'tsx', 'local/start.ts', '--port', '0', '--app-port', '0', '--cognito-port', '0', '--dynamodb-port', '0'];
  const buildDir = options.buildDir ?? join(dir, 'build');
  const build = ['--build-dir', buildDir, ...(options.build === false ? ['--no-build'] : [])];
  const dataDir = options.dataDir ? ['--data-dir', options.dataDir] : [];
  const key = ['--cognito-signing-key', signingKeyFile];
  const parameters = Object.entries(options.parameters ?? {}).flatMap(([name, value]) => ['--param', `${name}=${value}`]);
  const child = spawn(process.execPath, [...args, ...build, ...dataDir, ...key, ...parameters, '--state-file', stateFile, '--quiet'], {
    cwd: process.cwd(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const state = await waitFor(
    () => (existsSync(stateFile) ? (JSON.parse(readFileSync(stateFile, 'utf8')) as StackState) : undefined),
    child,
    () => output,
  );
  // The file holds the access tokens' key first (local/cognito/signing-key.ts); the JWKS lists it first too.
  const { keys } = (await (await fetch(`${state.issuer}/.well-known/jwks.json`)).json()) as { keys: Array<{ kid: string }> };
  const [accessKeyPem = ''] = readFileSync(signingKeyFile, 'utf8').split(/(?<=-----END PRIVATE KEY-----\n)/);
  const signingKey = { pem: accessKeyPem, kid: keys[0]?.kid ?? '' };
  const cognito = new CognitoIdentityProviderClient({
    endpoint: state.cognitoEndpoint,
    region: state.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });

  const call: TestStack['call'] = async (method, path, options = {}) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const response = await fetch(`${state.apiUrl}${path}`, {
      method,
      headers,
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    });
    const text = await response.text();
    const mismatches = contract.mismatches(method, path, { status: response.status, headers: response.headers, body: text });
    if (mismatches.length > 0) {
      throw new Error(`${method} ${path} answered ${response.status}, which openapi.yaml does not allow:\n  ${mismatches.join('\n  ')}`);
    }
    return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
  };

  const codeFor: TestStack['codeFor'] = async (email, source) => {
    const response = await fetch(`${state.codesUrl}?destination=${encodeURIComponent(email)}`);
    const { codes } = (await response.json()) as { codes: DeliveredCode[] };
    const code = codes.filter((c) => c.source === source).pop()?.code;
    if (!code) throw new Error(`no ${source} code for ${email}`);
    return code;
  };

  const deleteUser: TestStack['deleteUser'] = async (email) => {
    await cognito.send(new AdminDeleteUserCommand({ UserPoolId: state.userPoolId, Username: email })).catch((error: Error) => {
      if (error.name !== 'UserNotFoundException') throw error;
    });
  };

  const machineToken: TestStack['machineToken'] = async (scope) => {
    const basic = Buffer.from(`${state.machineClientId}:${state.machineClientSecret}`).toString('base64');
    const response = await fetch(state.tokenUrl ?? '', {
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', ...(scope ? { scope } : {}) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  const signedInUser: TestStack['signedInUser'] = async (email) => {
    await call('POST', '/auth/sign-up', { body: { email, password: PASSWORD } });
    await call('POST', '/auth/confirm-sign-up', { body: { email, code: await codeFor(email, 'SignUp') } });
    const signIn = await call('POST', '/auth/sign-in', { body: { email, password: PASSWORD } });
    if (signIn.status !== 200) throw new Error(`sign-in of ${email}: ${signIn.status}`);
    return String(signIn.body?.accessToken);
  };

  const stop: TestStack['stop'] = async (signal = 'SIGINT') => {
    cognito.destroy();
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill(signal);
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };

  return { state, buildDir, cognito, call, codeFor, machineToken, signedInUser, signingKey, deleteUser, stop };
}
