// The running stack's endpoints and ids, in a file (local-env.json by default) so that
// `npm run invoke`, `npm run user` and integration tests can find it.
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import type { LocalStack } from './stack.js';

export interface StackState {
  pid: number;
  apiUrl?: string;
  /** The browser app (app/), when npm start serves it. */
  appUrl?: string;
  cognitoEndpoint: string;
  dynamodbEndpoint: string;
  region: string;
  userPoolId: string;
  clientId: string;
  issuer: string;
  codesUrl?: string;
  tokenUrl?: string;
  machineClientId?: string;
  machineClientSecret?: string;
  managedLoginClientId?: string;
  managedLoginUrl?: string;
  /** Each function's environment, as the local stack runs it. */
  functions: Record<string, Record<string, string>>;
}

export function stateOf(stack: LocalStack, region: string): StackState {
  return {
    pid: process.pid,
    ...(stack.apiUrl ? { apiUrl: stack.apiUrl } : {}),
    ...(stack.appUrl ? { appUrl: stack.appUrl } : {}),
    cognitoEndpoint: stack.cognitoEndpoint,
    dynamodbEndpoint: stack.dynamodbEndpoint,
    region,
    userPoolId: stack.userPoolId,
    clientId: stack.clientId,
    issuer: stack.issuer,
    ...(stack.codesUrl ? { codesUrl: stack.codesUrl } : {}),
    ...(stack.tokenUrl ? { tokenUrl: stack.tokenUrl } : {}),
    ...(stack.machineClient
      ? { machineClientId: stack.machineClient.clientId, machineClientSecret: stack.machineClient.clientSecret }
      : {}),
    ...(stack.managedLogin ? { managedLoginClientId: stack.managedLogin.clientId, managedLoginUrl: stack.managedLogin.url } : {}),
    functions: Object.fromEntries(stack.configs.map((config) => [config.id, config.environment])),
  };
}

/** Written whole or not at all (temp file + rename): a reader polling for it, as the tests do, never sees half of it. */
export function writeState(file: string, state: StackState): void {
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(temp, file);
}
export const removeState = (file: string) => rmSync(file, { force: true });

/** The state of a stack that is still running, if any. */
export function runningState(file: string): StackState | undefined {
  if (!existsSync(file)) return undefined;
  const state = JSON.parse(readFileSync(file, 'utf8')) as StackState;
  try {
    process.kill(state.pid, 0);
    return state;
  } catch {
    return undefined;
  }
}
