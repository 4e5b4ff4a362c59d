// npm run invoke -- <FunctionLogicalId> events/<file>.json: runs one function with an event file,
// like `sam local invoke -e`, without Docker. It uses the emulators of a running `npm start` when
// there is one (same users), else starts its own for the call.
import { readFileSync } from 'node:fs';
import { buildAll } from '../scripts/build.js';
import { functionConfigsOf } from './functions.js';
import { LocalFunction } from './lambda.js';
import { parseStackArgs, STACK_HELP, stackOptionsFrom } from './options.js';
import { localContext, startStack } from './stack.js';
import { runningState } from './state.js';

const USAGE = `Usage: npm run invoke -- <FunctionLogicalId> <event.json> [options]\n\n${STACK_HELP}`;

async function main(): Promise<number> {
  const { values, positionals } = parseStackArgs(process.argv.slice(2), true);
  const [functionId, eventFile] = positionals;
  if (values.help || !functionId || !eventFile) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  const options = stackOptionsFrom(values);
  const event: unknown = JSON.parse(readFileSync(eventFile, 'utf8'));
  if (options.build) await buildAll(options.buildDir);
  // Function logs go to stderr; stdout carries only the result, as with sam local invoke.
  const log = (line: string) => process.stderr.write(`${line}\n`);

  const running = runningState(options.stateFile);
  let fn: LocalFunction;
  let stop: () => Promise<void> = async () => undefined;
  if (running) {
    const config = functionConfigsOf(localContext(options), options.buildDir, {}).find((c) => c.id === functionId);
    const environment = running.functions[functionId];
    if (!config || !environment) throw new Error(`No function ${functionId} in template.yaml`);
    log(`(using the running local stack at ${running.cognitoEndpoint})`);
    fn = new LocalFunction({ ...config, environment }, log);
  } else {
    const stack = await startStack({ ...options, cognitoPort: 0, dynamodbPort: 0, api: false, log, printCode: log });
    const found = stack.functions.get(functionId);
    if (!found) {
      await stack.stop();
      throw new Error(`No function ${functionId} in template.yaml; one of: ${[...stack.functions.keys()].join(', ')}`);
    }
    log(`(started emulators for this call: Cognito ${stack.cognitoEndpoint}, pool ${stack.userPoolId})`);
    fn = found;
    stop = stack.stop;
  }
  const result = await fn.invoke(event);
  await fn.stop();
  await stop();
  process.stdout.write(`${JSON.stringify(result.ok ? result.payload : result.error, null, 2)}\n`);
  return result.ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
