// moto_server (Python, `pip install 'moto[server]'`) as a parity target: started on a free port for
// the run and stopped after it. Its Cognito is an independent reading of AWS's documentation.
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { Jwks } from 'aws-jwt-verify/jwk';
import { CognitoIdentityProviderClient, type ForgotPasswordCommandInput } from '@aws-sdk/client-cognito-identity-provider';
import { TargetLacks, type CodePurpose, type ParityTarget, type RunningTarget } from '../target.js';

const REGION = 'us-east-1';
const CREDENTIALS = { accessKeyId: 'parity', secretAccessKey: 'parity' };
// moto routes a request by the service named in its signature; the JWKS GET needs one to reach Cognito.
// https://docs.getmoto.org/en/latest/docs/services/cognito-idp.html
const JWKS_AUTHORIZATION = `AWS4-HMAC-SHA256 Credential=parity/20240101/${REGION}/cognito-idp/aws4_request, SignedHeaders=host, Signature=0`;
// moto returns the ForgotPassword code in this response header, not in any mailbox.
const RESET_CODE_HEADER = 'x-moto-forgot-password-confirmation-code';

/** Where moto_server is on PATH, if anywhere. */
export function motoServerPath(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, 'moto_server');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      continue;
    }
  }
  return undefined;
}

function listeningUrl(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`moto_server did not start within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /Running on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve(url);
      }
    };
    // Both streams are read for the whole run: moto logs every request, and a full pipe would stall it.
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`moto_server exited with ${code}:\n${output}`));
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
    child.kill('SIGTERM');
  });
}

async function startMoto(): Promise<RunningTarget> {
  const executable = motoServerPath();
  if (!executable) throw new Error('moto_server is not on PATH');
  // TOTP codes are checked only with this setting (moto then uses one fixed secret for every user).
  const child = spawn(executable, ['-H', '127.0.0.1', '-p', '0'], {
    env: { ...process.env, MOTO_COGNITO_IDP_USER_POOL_ENABLE_TOTP: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let endpoint: string;
  try {
    endpoint = await listeningUrl(child, 30_000);
  } catch (error) {
    await stopped(child);
    throw error;
  }
  const resetCodes = new Map<string, string[]>();

  const client = () => {
    const cognito = new CognitoIdentityProviderClient({ endpoint, region: REGION, credentials: CREDENTIALS, maxAttempts: 1 });
    cognito.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        const headers = (result.response as { headers?: Record<string, string> }).headers ?? {};
        const code = headers[RESET_CODE_HEADER];
        if (context.commandName === 'ForgotPasswordCommand' && code) {
          const email = ((args.input as ForgotPasswordCommandInput).Username ?? '').toLowerCase();
          resetCodes.set(email, [...(resetCodes.get(email) ?? []), code]);
        }
        return result;
      },
      { step: 'deserialize', name: 'motoResetCodes' },
    );
    return cognito;
  };

  return {
    name: 'moto',
    endpoint,
    issuerOf: (userPoolId) => `https://cognito-idp.${REGION}.amazonaws.com/${userPoolId}`,
    jwksOf: async (userPoolId) => {
      const response = await fetch(`${endpoint}/${userPoolId}/.well-known/jwks.json`, { headers: { authorization: JWKS_AUTHORIZATION } });
      return (await response.json()) as Jwks;
    },
    client,
    codesFor: async (email: string, purpose: CodePurpose) => {
      if (purpose !== 'reset') throw new TargetLacks(`moto_server keeps no ${purpose} codes (it checks none)`);
      return resetCodes.get(email.toLowerCase()) ?? [];
    },
    stop: () => stopped(child),
  };
}

export const moto: ParityTarget = { name: 'moto', start: startMoto };
