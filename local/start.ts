// npm start: builds the functions, then runs the whole API locally in this process.
import { join } from 'node:path';
import { buildApp } from '../scripts/build-app.js';
import { buildAll } from '../scripts/build.js';
import { OPENAPI_PATH } from './http-api.js';
import { parseStackArgs, STACK_HELP, stackOptionsFrom } from './options.js';
import { startStack } from './stack.js';
import { removeState, runningState, stateOf, writeState } from './state.js';

async function main(): Promise<void> {
  const { values } = parseStackArgs(process.argv.slice(2));
  if (values.help) {
    console.log(`Usage: npm start [-- options]\n\n${STACK_HELP}`);
    return;
  }
  const options = stackOptionsFrom(values);
  const other = runningState(options.stateFile);
  if (other) throw new Error(`A local stack is already running (pid ${other.pid}, ${other.apiUrl}); stop it or pass --state-file`);
  const appDir = join(options.buildDir, 'app');
  if (options.build) {
    await buildAll(options.buildDir);
    await buildApp(appDir);
  }
  const log = options.quiet ? () => undefined : (line: string) => process.stdout.write(`${line}\n`);
  const stack = await startStack({ ...options, api: true, app: { dir: appDir, port: options.appPort }, log });
  writeState(options.stateFile, stateOf(stack, options.region));

  let stopping = false;
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    removeState(options.stateFile);
    void stack.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);

  const codes = stack.codesUrl
    ? `printed here as "[cognito] SignUp code for <email>: 123456", and JSON at ${stack.codesUrl}?destination=<email>`
    : `sent by ${stack.cognitoEndpoint} (external Cognito)`;
  console.log(
    [
      `Local API (${options.stackName}) running; Ctrl-C stops it.`,
      `  API URL           ${stack.apiUrl}`,
      `  App URL           ${stack.appUrl}`,
      `  OpenAPI           ${stack.apiUrl}${OPENAPI_PATH} (openapi.yaml; the deployed API does not serve it)`,
      `  Cognito endpoint  ${stack.cognitoEndpoint}${stack.codesUrl ? '' : ' (external)'}`,
      `  User pool id      ${stack.userPoolId}`,
      `  App client id     ${stack.clientId}`,
      `  Codes             ${codes}`,
      ...(stack.machineClient && stack.tokenUrl
        ? [
            `  Machine client    ${stack.machineClient.clientId} (secret ${stack.machineClient.clientSecret})`,
            `  Machine token     curl -s -u ${stack.machineClient.clientId}:${stack.machineClient.clientSecret} -d grant_type=client_credentials ${stack.tokenUrl}`,
          ]
        : []),
      ...(stack.managedLogin
        ? [
            `  Managed login     ${stack.managedLogin.url}`,
            `                    (client ${stack.managedLogin.clientId}; add state and a PKCE code_challenge, docs/managed-login.md)`,
          ]
        : []),
      `  Data              ${options.dataDir ?? 'not kept after exit (--data-dir DIR keeps users between runs)'}`,
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (process.env.DEBUG ? error.stack : error.message) : error);
  process.exit(1);
});
