// Runs a built function the way Lambda does, in this process: each execution environment is a
// worker thread with the function's own environment variables, handling one event at a time; more
// concurrent events start more environments, up to `maxEnvironments` per function (further events
// wait, first come first served, for one to be free); an event that outlives the timeout ends its
// environment.
import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
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
  /**
   * How many execution environments the function may have at once (default: two per CPU core).
   * Lambda starts one per concurrent event; here they all share this machine's cores, and each one
   * loads, compiles and optimises the same code for itself (20 concurrent requests made 20 of them,
   * whose JIT work took most of the CPU). An environment spends much of an invocation waiting for
   * Cognito or DynamoDB, so two per core keep the cores busy. Events beyond the limit wait for an
   * environment (they are not throttled as Lambda would at its concurrency limit); the timeout
   * counts from when an environment whose init is over takes the event, as on Lambda.
   */
  maxEnvironments?: number;
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
// Lambda puts the function's name in its stream names when it logs to a custom log group, which several
// functions may share: https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-loggroups.html
const streamFunctionName = logGroupName === '/aws/lambda/' + functionName ? '' : functionName;
const asError = (error) => ({
  errorType: (error && error.name) || 'Error',
  errorMessage: (error && error.message) || String(error),
  trace: error && error.stack ? String(error.stack).split('\\n') : [],
});
// Init, as the Lambda runtime does before it asks for an event: load the module, find the handler.
const init = import(file).then((module) => {
  const handler = module[handlerName];
  if (typeof handler !== 'function') throw Object.assign(new Error(file + ' does not export ' + handlerName), { name: 'Runtime.HandlerNotFound' });
  return handler;
});
init.then(() => parentPort.postMessage({ init: 'done' }), (error) => parentPort.postMessage({ init: 'failed', error: asError(error) }));
parentPort.on('message', async ({ event, requestId, deadline }) => {
  try {
    const handler = await init;
    const context = {
      callbackWaitsForEmptyEventLoop: true,
      functionName,
      functionVersion: '$LATEST',
      invokedFunctionArn: 'arn:aws:lambda:' + process.env.AWS_REGION + ':000000000000:function:' + functionName,
      memoryLimitInMB: String(memorySize),
      awsRequestId: requestId,
      logGroupName,
      logStreamName: new Date().toISOString().slice(0, 10).replace(/-/g, '/') + '/' + streamFunctionName + '[$LATEST]local',
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

/** What an environment's worker says once its init is over. */
type InitReport = { init: 'done' } | { init: 'failed'; error: LambdaError };

// Lambda gives init 10 s of its own. An init that takes longer goes on under the first event's
// timeout (Lambda then runs it again within the invocation).
const INIT_LIMIT_MS = 10_000;

type Pending = (result: InvokeResult) => void;

class ExecutionEnvironment {
  readonly worker: Worker;
  private pending?: Pending;
  /** Timed out, crashed or exited: takes no more events. */
  private ended = false;
  /** Settles when init is over (or has taken INIT_LIMIT_MS): with its error if it failed. */
  private readonly initialised: Promise<LambdaError | undefined>;
  private initOver: (error?: LambdaError) => void = () => undefined;

  constructor(config: FunctionConfig, log: (line: string) => void, onExit: (env: ExecutionEnvironment) => void) {
    this.initialised = new Promise((resolve) => {
      const limit = setTimeout(() => resolve(undefined), INIT_LIMIT_MS);
      limit.unref();
      this.initOver = (error) => {
        clearTimeout(limit);
        resolve(error);
      };
    });
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
    this.worker.on('message', (message: InvokeResult | InitReport) => {
      if ('init' in message) this.initOver(message.init === 'failed' ? message.error : undefined);
      else this.settle(message);
    });
    this.worker.on('error', (error: Error) =>
      this.end({ ok: false, error: { errorType: 'Runtime.ExitError', errorMessage: error.message } }),
    );
    this.worker.on('exit', (code) => {
      this.end({ ok: false, error: { errorType: 'Runtime.ExitError', errorMessage: `Runtime exited with code ${code}` } });
      onExit(this);
    });
  }

  /** Free for an event: alive and not handling one. */
  get idle(): boolean {
    return !this.ended && this.pending === undefined;
  }

  /**
   * Handles one event. The timeout counts from the end of the environment's init, as on Lambda:
   * a new environment's worker start and module load are not part of the invocation. An init that
   * fails ends the environment with its error, and the next event gets a fresh one.
   */
  run(event: unknown, timeoutSeconds: number): Promise<InvokeResult> {
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      this.pending = (result) => {
        clearTimeout(timer);
        resolve(result);
      };
      void this.initialised.then((initError) => {
        if (this.ended) return;
        if (initError) {
          this.end({ ok: false, error: initError });
          void this.worker.terminate();
          return;
        }
        const deadline = Date.now() + timeoutSeconds * 1000;
        timer = setTimeout(() => {
          this.end({
            ok: false,
            error: { errorType: 'Sandbox.Timedout', errorMessage: `Task timed out after ${timeoutSeconds.toFixed(2)} seconds` },
          });
          void this.worker.terminate();
        }, timeoutSeconds * 1000);
        this.worker.postMessage({ event, requestId: randomUUID(), deadline });
      });
    });
  }

  private end(result: InvokeResult): void {
    this.ended = true;
    this.initOver();
    this.settle(result);
  }

  private settle(result: InvokeResult): void {
    const pending = this.pending;
    this.pending = undefined;
    pending?.(result);
  }
}

export const defaultMaxEnvironments = (): number => 2 * availableParallelism();

export class LocalFunction {
  private readonly environments = new Set<ExecutionEnvironment>();
  private readonly waiting: Array<{ event: unknown; resolve: (result: InvokeResult) => void }> = [];
  private readonly maxEnvironments: number;

  constructor(
    readonly config: FunctionConfig,
    private readonly log: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
  ) {
    this.maxEnvironments = config.maxEnvironments ?? defaultMaxEnvironments();
    if (!Number.isInteger(this.maxEnvironments) || this.maxEnvironments < 1)
      throw new Error(`${config.id}: maxEnvironments must be a positive integer`);
  }

  invoke(event: unknown): Promise<InvokeResult> {
    return new Promise((resolve) => {
      this.waiting.push({ event, resolve });
      this.dispatch();
    });
  }

  /** Hands waiting events to idle environments, starting new ones up to the limit. */
  private dispatch(): void {
    while (this.waiting.length > 0) {
      let env: ExecutionEnvironment | undefined;
      for (const candidate of this.environments) {
        if (candidate.idle) {
          env = candidate;
          break;
        }
      }
      if (!env) {
        if (this.environments.size >= this.maxEnvironments) return;
        env = new ExecutionEnvironment(this.config, this.log, (gone) => {
          this.environments.delete(gone);
          this.dispatch();
        });
        this.environments.add(env);
      }
      const { event, resolve } = this.waiting.shift() as { event: unknown; resolve: (result: InvokeResult) => void };
      void env.run(event, this.config.timeoutSeconds).then((result) => {
        resolve(result);
        this.dispatch();
      });
    }
  }

  async stop(): Promise<void> {
    await Promise.all([...this.environments].map((env) => env.worker.terminate()));
    this.environments.clear();
  }
}
