import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalFunction, type FunctionConfig, type InvokeResult } from '../../../local/lambda.js';
import { maxEnvironmentsOf } from '../../../local/functions.js';

// A handler that says which execution environment (worker thread) ran it, how many events that
// environment has handled, and when it started; it waits, fails or exits as the event asks.
const HANDLER = `
import { threadId } from 'node:worker_threads';
let invocations = 0;
export const handler = async (event, context) => {
  invocations += 1;
  const started = Date.now();
  if (event.exit) process.exit(3);
  await new Promise((resolve) => setTimeout(resolve, event.delay ?? 0));
  return { threadId, invocations, started, tag: event.tag, logStreamName: context.logStreamName };
};
`;

interface Answer {
  threadId: number;
  invocations: number;
  started: number;
  tag?: number;
  logStreamName: string;
}

const answerOf = (result: InvokeResult): Answer => {
  if (!result.ok) throw new Error(`${result.error.errorType}: ${result.error.errorMessage}`);
  return result.payload as Answer;
};

describe('LocalFunction (execution environments of npm start)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'auth-api-lambda-'));
  const file = join(dir, 'index.mjs');
  writeFileSync(file, HANDLER);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const functions: LocalFunction[] = [];
  const localFunction = (settings: Partial<FunctionConfig>) => {
    const config: FunctionConfig = {
      id: 'Test',
      file,
      handlerName: 'handler',
      environment: {},
      timeoutSeconds: 5,
      memorySize: 128,
      ...settings,
    };
    const fn = new LocalFunction(config, () => undefined);
    functions.push(fn);
    return fn;
  };
  afterEach(async () => {
    await Promise.all(functions.splice(0).map((fn) => fn.stop()));
  });

  it('reuses an idle environment for the next event', async () => {
    const fn = localFunction({});
    const first = answerOf(await fn.invoke({}));
    const second = answerOf(await fn.invoke({}));

    expect(second.threadId).toBe(first.threadId);
    expect([first.invocations, second.invocations]).toEqual([1, 2]);
  });

  it("names log streams as Lambda does: with the function's name in a custom log group, without in its default one", async () => {
    const functionName = 'auth-api-SignInFunction';
    const streamIn = async (logGroup: string) =>
      answerOf(
        await localFunction({ environment: { AWS_LAMBDA_FUNCTION_NAME: functionName, AWS_LAMBDA_LOG_GROUP_NAME: logGroup } }).invoke({}),
      ).logStreamName;

    expect(await streamIn('/aws/lambda/auth-api')).toMatch(/^\d{4}\/\d{2}\/\d{2}\/auth-api-SignInFunction\[\$LATEST\]\w+$/);
    expect(await streamIn(`/aws/lambda/${functionName}`)).toMatch(/^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\]\w+$/);
  });

  it('runs at most maxEnvironments at once and serves waiting events first come, first served', async () => {
    const fn = localFunction({ maxEnvironments: 2 });
    const answers = (await Promise.all([0, 1, 2, 3, 4].map((tag) => fn.invoke({ tag, delay: 150 })))).map(answerOf);

    expect(new Set(answers.map((a) => a.threadId)).size).toBe(2);
    const [s0, s1, s2, s3, s4] = answers.map((a) => a.started) as [number, number, number, number, number];
    // Events 0 and 1 start at once; 2 and 3 when one of those is done; 4, which came last, only
    // when one of 2 and 3 is done.
    expect(Math.min(s2, s3)).toBeGreaterThanOrEqual(Math.min(s0, s1) + 140);
    expect(s4).toBeGreaterThanOrEqual(Math.min(s2, s3) + 140);
  });

  it('starts a new environment for concurrent events below the limit', async () => {
    const fn = localFunction({ maxEnvironments: 3 });
    const answers = (await Promise.all([0, 1, 2].map((tag) => fn.invoke({ tag, delay: 100 })))).map(answerOf);

    expect(new Set(answers.map((a) => a.threadId)).size).toBe(3);
  });

  it('ends an environment whose event times out, and serves the next event in a fresh one', async () => {
    const fn = localFunction({ maxEnvironments: 1, timeoutSeconds: 0.2 });
    const before = answerOf(await fn.invoke({}));
    const [timedOut, next] = await Promise.all([fn.invoke({ delay: 2_000 }), fn.invoke({ tag: 1 })]);

    expect(timedOut).toEqual({ ok: false, error: { errorType: 'Sandbox.Timedout', errorMessage: 'Task timed out after 0.20 seconds' } });
    const after = answerOf(next);
    expect(after.threadId).not.toBe(before.threadId);
    expect(after.invocations).toBe(1);
  });

  it('counts the timeout from the end of init, as Lambda does: a module that loads slower than the timeout still answers', async () => {
    const slowInit = join(dir, 'slow-init.mjs');
    writeFileSync(slowInit, `await new Promise((resolve) => setTimeout(resolve, 400));\n${HANDLER}`);
    const fn = localFunction({ file: slowInit, timeoutSeconds: 0.2 });

    expect(answerOf(await fn.invoke({ tag: 1 })).tag).toBe(1);
  });

  it('answers every event with the init error of a module that fails to load', async () => {
    const broken = join(dir, 'broken.mjs');
    writeFileSync(broken, `throw new TypeError('broken at init');\nexport const handler = async () => 'unreachable';\n`);
    const fn = localFunction({ file: broken });

    const results = [await fn.invoke({}), await fn.invoke({})];
    expect(
      results.map((result) =>
        result.ok ? result : { ok: false, error: { errorType: result.error.errorType, errorMessage: result.error.errorMessage } },
      ),
    ).toEqual([
      { ok: false, error: { errorType: 'TypeError', errorMessage: 'broken at init' } },
      { ok: false, error: { errorType: 'TypeError', errorMessage: 'broken at init' } },
    ]);
  });

  it('answers Runtime.HandlerNotFound for a module without the handler', async () => {
    const fn = localFunction({ handlerName: 'missing' });
    const result = await fn.invoke({});

    expect(result.ok ? result : result.error.errorType).toBe('Runtime.HandlerNotFound');
  });

  it('ends an environment that exits, and serves the event waiting for it in a fresh one', async () => {
    const fn = localFunction({ maxEnvironments: 1 });
    const before = answerOf(await fn.invoke({}));
    const [exited, next] = await Promise.all([fn.invoke({ exit: true }), fn.invoke({ tag: 1 })]);

    expect(exited).toEqual({ ok: false, error: { errorType: 'Runtime.ExitError', errorMessage: 'Runtime exited with code 3' } });
    const after = answerOf(next);
    expect(after.threadId).not.toBe(before.threadId);
    expect(after.invocations).toBe(1);
  });

  it('refuses a maxEnvironments that is not a positive integer', () => {
    expect(() => localFunction({ maxEnvironments: 0 })).toThrow(/maxEnvironments/);
    expect(() => localFunction({ maxEnvironments: 1.5 })).toThrow(/maxEnvironments/);
  });
});

describe('LOCAL_MAX_ENVIRONMENTS', () => {
  it.each([
    [undefined, undefined],
    ['', undefined],
    ['1', 1],
    ['8', 8],
  ])('reads %p as %p', (value, expected) => {
    expect(maxEnvironmentsOf(value === undefined ? {} : { LOCAL_MAX_ENVIRONMENTS: value })).toBe(expected);
  });

  it.each(['0', '-2', '1.5', 'four'])('refuses %p', (value) => {
    expect(() => maxEnvironmentsOf({ LOCAL_MAX_ENVIRONMENTS: value })).toThrow(/LOCAL_MAX_ENVIRONMENTS must be a positive integer/);
  });
});
