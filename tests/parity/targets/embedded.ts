// The project's embedded Cognito (tests/parity/embedded-cognito.ts) as a parity target, run in a
// child process and driven over HTTP like any other Cognito endpoint.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { Jwks } from 'aws-jwt-verify/jwk';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { DeliveredCode } from '../../../local/outbox.js';
import { embeddedCognito } from '../embedded-cognito.js';
import type { CodePurpose, ParityTarget, RunningTarget } from '../target.js';

const REGION = 'us-east-1';
const CREDENTIALS = { accessKeyId: 'parity', secretAccessKey: 'parity' };

/** The outbox's `source` of each purpose's codes. */
const SOURCES: Record<CodePurpose, string[]> = {
  'sign-up': ['SignUp', 'ResendCode'],
  reset: ['ForgotPassword'],
  attribute: ['UpdateUserAttribute', 'VerifyUserAttribute'],
};

function announced(child: ChildProcess, timeoutMs: number): Promise<{ name: string; endpoint: string }> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`the embedded Cognito did not start within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n').find((text) => text.startsWith('{'));
      if (line) {
        clearTimeout(timer);
        resolve(JSON.parse(line) as { name: string; endpoint: string });
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the embedded Cognito exited with ${code}:\n${output}`));
    });
  });
}

function stopped(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.stdin?.end();
  });
}

async function startEmbedded(): Promise<RunningTarget> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(process.cwd(), 'tests/parity/targets/embedded-server.ts')], {
    cwd: process.cwd(),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let announcement: { name: string; endpoint: string };
  try {
    announcement = await announced(child, 30_000);
  } catch (error) {
    await stopped(child);
    throw error;
  }
  const { name, endpoint } = announcement;
  const issuerOf = (userPoolId: string) => `${endpoint}/${userPoolId}`;
  return {
    name,
    endpoint,
    issuerOf,
    jwksOf: async (userPoolId) => (await (await fetch(`${issuerOf(userPoolId)}/.well-known/jwks.json`)).json()) as Jwks,
    client: () => new CognitoIdentityProviderClient({ endpoint, region: REGION, credentials: CREDENTIALS, maxAttempts: 1 }),
    codesFor: async (email, purpose) => {
      const response = await fetch(`${endpoint}/_local/codes?destination=${encodeURIComponent(email)}`);
      const { codes } = (await response.json()) as { codes: DeliveredCode[] };
      return codes.filter((code) => SOURCES[purpose].includes(code.source)).map((code) => code.code);
    },
    stop: () => stopped(child),
  };
}

export const embedded: ParityTarget = { name: embeddedCognito.name, start: startEmbedded };
