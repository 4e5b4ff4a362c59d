// Command-line flags of the local stack, each with an environment variable and a default that works.
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT } from '../scripts/lib/template.js';
import type { StackOptions } from './stack.js';

export const HOST = '127.0.0.1';
export const DEFAULT_STATE_FILE = join(ROOT, 'local-env.json');

export const STACK_FLAGS = {
  port: { type: 'string' },
  'app-port': { type: 'string' },
  'cognito-port': { type: 'string' },
  'dynamodb-port': { type: 'string' },
  'data-dir': { type: 'string' },
  'cognito-endpoint': { type: 'string' },
  'cognito-signing-key': { type: 'string' },
  region: { type: 'string' },
  'stack-name': { type: 'string' },
  param: { type: 'string', multiple: true },
  'build-dir': { type: 'string' },
  'no-build': { type: 'boolean' },
  'state-file': { type: 'string' },
  quiet: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const STACK_HELP = `Options (flag, or environment variable):
  --port N                 LOCAL_API_PORT        HTTP API port (default 3000; 0 picks a free one)
  --app-port N             LOCAL_APP_PORT        browser app port (default 3001; 0 picks a free one)
  --cognito-port N         LOCAL_COGNITO_PORT    embedded Cognito port (default 9229)
  --dynamodb-port N        LOCAL_DYNAMODB_PORT   DynamoDB port (default 8000)
  --data-dir DIR           LOCAL_DATA_DIR        keep users and items there between runs (default: nothing kept)
  --cognito-endpoint URL   LOCAL_COGNITO_ENDPOINT use this Cognito-compatible endpoint instead of the embedded one
  --cognito-signing-key F  LOCAL_COGNITO_SIGNING_KEY the embedded Cognito's RS256 key (PEM; written there if absent)
  --region R               AWS_REGION            (default us-east-1)
  --stack-name NAME        LOCAL_STACK_NAME      value of AWS::StackName (default serverless-auth-api-local)
  --param Name=Value                             template parameter override (repeatable)
  --build-dir DIR          LOCAL_BUILD_DIR       where the functions are built (default build/)
  --no-build                                     use the existing build
  --state-file FILE        LOCAL_STATE_FILE      endpoints and ids of the running stack (default local-env.json)
  --quiet                  LOCAL_QUIET=1         hide function logs and the request log`;

/**
 * Template parameters that differ locally (--param overrides them): browsers open the local app at
 * http://localhost:<port>, so passkeys' relying party is localhost (an IP address cannot be one); and the
 * emulator's codes endpoint stands in for SES, so email codes are offered.
 */
export const LOCAL_PARAMETERS: Readonly<Record<string, string>> = {
  WebAuthnRelyingPartyId: 'localhost',
  SesEmailIdentityArn: 'arn:aws:ses:us-east-1:000000000000:identity/local.invalid',
};

type Values = {
  [K in keyof typeof STACK_FLAGS]?: (typeof STACK_FLAGS)[K] extends { multiple: true }
    ? string[]
    : (typeof STACK_FLAGS)[K] extends { type: 'boolean' }
      ? boolean
      : string;
};

const port = (flag: string | undefined, env: string | undefined, fallback: number): number => {
  const value = Number(flag ?? env ?? fallback);
  if (!Number.isInteger(value) || value < 0 || value > 65535) throw new Error(`Invalid port ${String(flag ?? env)}`);
  return value;
};

export function parseStackArgs(args: string[], allowPositionals = false) {
  const { values, positionals } = parseArgs({ args, options: STACK_FLAGS, allowPositionals });
  return { values: values as Values, positionals };
}

export interface CliStackOptions extends Omit<StackOptions, 'api' | 'log' | 'app'> {
  appPort: number;
  build: boolean;
  stateFile: string;
  quiet: boolean;
}

export function stackOptionsFrom(values: Values, env: NodeJS.ProcessEnv = process.env): CliStackOptions {
  const parameters = {
    ...LOCAL_PARAMETERS,
    ...Object.fromEntries(
      (values.param ?? []).map((pair) => {
        const at = pair.indexOf('=');
        if (at < 1) throw new Error(`--param expects Name=Value, got ${pair}`);
        return [pair.slice(0, at), pair.slice(at + 1)];
      }),
    ),
  };
  const dataDir = values['data-dir'] ?? env.LOCAL_DATA_DIR;
  const cognitoEndpoint = values['cognito-endpoint'] ?? env.LOCAL_COGNITO_ENDPOINT;
  const signingKey = values['cognito-signing-key'] ?? env.LOCAL_COGNITO_SIGNING_KEY;
  return {
    host: HOST,
    apiPort: port(values.port, env.LOCAL_API_PORT, 3000),
    appPort: port(values['app-port'], env.LOCAL_APP_PORT, 3001),
    cognitoPort: port(values['cognito-port'], env.LOCAL_COGNITO_PORT, 9229),
    dynamodbPort: port(values['dynamodb-port'], env.LOCAL_DYNAMODB_PORT, 8000),
    ...(dataDir ? { dataDir: resolve(dataDir) } : {}),
    ...(cognitoEndpoint ? { cognitoEndpoint } : {}),
    ...(signingKey ? { cognitoSigningKeyFile: resolve(signingKey) } : {}),
    region: values.region ?? env.AWS_REGION ?? 'us-east-1',
    stackName: values['stack-name'] ?? env.LOCAL_STACK_NAME ?? 'serverless-auth-api-local',
    parameters,
    buildDir: resolve(values['build-dir'] ?? env.LOCAL_BUILD_DIR ?? join(ROOT, 'build')),
    build: !values['no-build'],
    stateFile: resolve(values['state-file'] ?? env.LOCAL_STATE_FILE ?? DEFAULT_STATE_FILE),
    quiet: values.quiet ?? env.LOCAL_QUIET === '1',
  };
}
