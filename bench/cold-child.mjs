// One cold request, in a fresh Node process: loads the built handler module the way the Lambda runtime
// does (a dynamic import of the bundle; the layer resolves from a node_modules folder as it does from
// /opt/nodejs/node_modules), reports init, waits for the bench's go-ahead if asked to (the bench may
// move this process into a CPU-quota cgroup meanwhile), then invokes it once. Plain JavaScript, so nothing
// but the bundles loads. Times are in ms since the process started (performance.timeOrigin).
const [file, eventFile, wait] = process.argv.slice(2);
const started = performance.now();
const modulesBefore = process.moduleLoadList.length;
const { handler } = await import(file);
const loaded = performance.now();
// CPU time of all the process's threads (µs): unlike the clock, it barely moves when the machine is busy.
const cpuAtInit = process.cpuUsage();
const loadedByImport = process.moduleLoadList.slice(modulesBefore);

// Loaded only now, so that the import above is all the process did before `loaded`.
const { readFileSync, readSync, writeSync } = await import('node:fs');
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
  memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
  awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
  getRemainingTimeInMillis: () => 10_000,
};

// fd 3 is a pipe to the bench, one JSON line per phase; stdout and stderr carry the function's own logs.
writeSync(3, `${JSON.stringify({ started, loaded, builtins, initCpu: (cpuAtInit.user + cpuAtInit.system) / 1000 })}\n`);
// With --wait, a blocking read: nothing of this process runs until the bench says go (one byte on fd 4,
// a pipe nothing else in the process touches: stdin may be made non-blocking by a library).
if (wait === '--wait') readSync(4, Buffer.alloc(1));
const cpuBefore = process.cpuUsage();
const invokeStart = performance.now();
const response = await handler(event, context);
const invoked = performance.now();
const invokeCpu = process.cpuUsage(cpuBefore);
writeSync(
  3,
  `${JSON.stringify({ firstInvoke: invoked - invokeStart, invokeCpu: (invokeCpu.user + invokeCpu.system) / 1000, statusCode: response?.statusCode, ...(String(response?.statusCode).startsWith('2') ? {} : { body: response?.body }) })}\n`,
);
process.exit(0);
