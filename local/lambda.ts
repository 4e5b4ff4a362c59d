// Runs a built function the way Lambda does, in this process: each execution environment is a
// worker thread with the function's own environment variables, handling one event at a time; more
// concurrent events start more environments; an event that outlives the timeout ends its environment.
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

export interface FunctionConfig {
  id: string;
  /** The built module (build/<Id>/index.mjs) and its exported handler name. */
  file: string;
  handlerName: string;
  environment: Record<string, string>;
  timeoutSeconds: number;
  memorySize: number;
}

export interface LambdaError {
  errorType: string;
  errorMessage: string;
  trace?: string[];
}

export type InvokeResult = { ok: true; payload: unknown } | { ok: false; error: LambdaError };

// Plain JavaScript on purpose: an execution environment loads only the built bundles, as Lambda
// does, and needs no TypeScript loader. Results go through JSON, as Lambda serialises them.
const BOOTSTRAP = `
const { parentPort, workerData } = require('node:worker_threads');
const { file, handlerName, functionName, memorySize, logGroupName } = workerData;
let handler;
const asError = (error) => ({
  errorType: (error && error.name) || 'Error',
  errorMessage: (error && error.message) || String(error),
  trace: error && error.stack ? String(error.stack).split('\\n') : [],
});
parentPort.on('message', async ({ event, requestId, deadline }) => {
  try {
    if (!handler) {
      const module = await import(file);
      handler = module[handlerName];
      if (typeof handler !== 'function') throw Object.assign(new Error(file + ' does not export ' + handlerName), { name: 'Runtime.HandlerNotFound' });
    }
    const context = {
      callbackWaitsForEmptyEventLoop: true,
      functionName,
      functionVersion: '$LATEST',
      invokedFunctionArn: 'arn:aws:lambda:' + process.env.AWS_REGION + ':000000000000:function:' + functionName,
      memoryLimitInMB: String(memorySize),
      awsRequestId: requestId,
      logGroupName,
      logStreamName: new Date().toISOString().slice(0, 10).replace(/-/g, '/') + '/[$LATEST]local',
      getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
      done: () => undefined, fail: () => undefined, succeed: () => undefined,
    };
    const result = await handler(event, context);
    parentPort.postMessage({ ok: true, payload: JSON.parse(JSON.stringify(result === undefined ? null : result)) });
  } catch (error) {
    parentPort.postMessage({ ok: false, error: asError(error) });
  }
});
`;

type Pending = (result: InvokeResult) => void;

class ExecutionEnvironment {
  readonly worker: Worker;
  private pending?: Pending;

  constructor(config: FunctionConfig, log: (line: string) => void, onExit: (env: ExecutionEnvironment) => void) {
    this.worker = new Worker(BOOTSTRAP, {
      eval: true,
      env: config.environment,
      stdout: true,
      stderr: true,
      workerData: {
        file: pathToFileURL(config.file).href,
        handlerName: config.handlerName,
        functionName: config.environment.AWS_LAMBDA_FUNCTION_NAME ?? config.id,
        memorySize: config.memorySize,
        logGroupName: config.environment.AWS_LAMBDA_LOG_GROUP_NAME ?? `/aws/lambda/${config.id}`,
      },
    });
    for (const stream of [this.worker.stdout, this.worker.stderr] as Readable[]) {
      createInterface({ input: stream }).on('line', (line) => log(`[${config.id}] ${line}`));
    }
    this.worker.on('message', (result: InvokeResult) => this.settle(result));
    this.worker.on('error', (error) => this.settle({ ok: false, error: { errorType: 'Runtime.ExitError', errorMessage: error.message } }));
    this.worker.on('exit', (code) => {
      this.settle({ ok: false, error: { errorType: 'Runtime.ExitError', errorMessage: `Runtime exited with code ${code}` } });
      onExit(this);
    });
  }

  get busy(): boolean {
    return this.pending !== undefined;
  }

  run(event: unknown, timeoutSeconds: number): Promise<InvokeResult> {
    return new Promise((resolve) => {
      const deadline = Date.now() + timeoutSeconds * 1000;
      const timer = setTimeout(() => {
        this.settle({ ok: false, error: { errorType: 'Sandbox.Timedout', errorMessage: `Task timed out after ${timeoutSeconds.toFixed(2)} seconds` } });
        void this.worker.terminate();
      }, timeoutSeconds * 1000);
      this.pending = (result) => {
        clearTimeout(timer);
        resolve(result);
      };
      this.worker.postMessage({ event, requestId: randomUUID(), deadline });
    });
  }

  private settle(result: InvokeResult): void {
    const pending = this.pending;
    this.pending = undefined;
    pending?.(result);
  }
}

export class LocalFunction {
  private readonly environments = new Set<ExecutionEnvironment>();

  constructor(
    readonly config: FunctionConfig,
    private readonly log: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
  ) {}

  invoke(event: unknown): Promise<InvokeResult> {
    const idle = [...this.environments].find((env) => !env.busy);
    const env = idle ?? new ExecutionEnvironment(this.config, this.log, (gone) => this.environments.delete(gone));
    this.environments.add(env);
    return env.run(event, this.config.timeoutSeconds);
  }

  async stop(): Promise<void> {
    await Promise.all([...this.environments].map((env) => env.worker.terminate()));
    this.environments.clear();
  }
}
