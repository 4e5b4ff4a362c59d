// One cold start, in a fresh Node process: loads the built handler module the way the Lambda runtime
// does (a dynamic import of the bundle; the layer resolves from a node_modules folder as it does from
// /opt/nodejs/node_modules), then invokes it once. Plain JavaScript, so nothing but the bundles loads.
// Times are in ms since the process started (performance.timeOrigin).
const [file, eventFile] = process.argv.slice(2);
const started = performance.now();
const modulesBefore = process.moduleLoadList.length;
const { handler } = await import(file);
const loaded = performance.now();
const loadedByImport = process.moduleLoadList.slice(modulesBefore);

const { readFileSync, writeSync } = await import('node:fs');
const { builtinModules } = await import('node:module');
// The public Node modules the import loaded, in load order (for bench/cold-parts.mjs).
const builtins = loadedByImport
  .filter((entry) => entry.startsWith('NativeModule '))
  .map((entry) => entry.slice('NativeModule '.length))
  .filter((name) => builtinModules.includes(name));
const event = JSON.parse(readFileSync(eventFile, 'utf8'));
const context = {
  functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
  functionVersion: '$LATEST',
  invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${process.env.AWS_LAMBDA_FUNCTION_NAME}`,
  memoryLimitInMB: '512',
  awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
  getRemainingTimeInMillis: () => 10_000,
};
const invokeStart = performance.now();
const response = await handler(event, context);
const invoked = performance.now();

// fd 3 is a pipe to the bench; stdout and stderr carry the function's own logs.
writeSync(3, JSON.stringify({ started, loaded, firstInvoke: invoked - invokeStart, statusCode: response?.statusCode, builtins }));
process.exit(0);
