// npm run bench: artefact sizes, cold init over an empty handler, warm handler latency and the local
// HTTP API under load. Prints a table and writes bench/results.json. Usage:
//   npm run bench [-- --runs 20] [-- --iterations 2000] [-- --duration 10] [-- --connections 20] [-- --skip-http | --http-only]
// --http-only measures the local HTTP API alone (no cold/warm runs) and writes no results file
// unless --out is given.
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { buildAll, esbuildFunctionsOf } from '../scripts/build.js';
import { loadTemplate, ROOT } from '../scripts/lib/template.js';
import { httpChecks, httpReport, runHttpBench, type HttpResults } from './http.js';
import { buildNaive } from './naive.js';
import { table, type Summary, summarize } from './stats.js';

const TARGETS = { coldOverheadMs: 30, functionBytes: 20 * 1024, warmOverheadP99Ms: 1, healthRps: 3000, meVsDirect: 0.4, httpP99Ms: 50 };
const BENCH = join(ROOT, 'bench');
const FLOOR = 'EmptyHandler';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '20' },
    iterations: { type: 'string', default: '2000' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '20' },
    'skip-http': { type: 'boolean' },
    'http-only': { type: 'boolean' },
    out: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  console.log(`Usage: npm run bench [-- options]
  --runs N          cold starts per function (default 20)
  --iterations N    warm invocations per handler (default 2000)
  --duration S      seconds of load per HTTP route (default 10)
  --connections N   concurrent connections for the HTTP load (default 20)
  --skip-http       leave out the local HTTP API
  --http-only       only the local HTTP API (no cold/warm runs); writes no results file unless --out
  --out FILE        where to write the results (default bench/results.json)`);
  process.exit(0);
}
const httpOnly = values['http-only'] === true;
if (httpOnly && values['skip-http']) throw new Error('--http-only and --skip-http exclude each other');
const outFile = values.out ?? (httpOnly ? undefined : join(BENCH, 'results.json'));
const runs = Number(values.runs);
const iterations = Number(values.iterations);

interface Target {
  id: string;
  file: string;
  eventFile: string;
}

// ---------------------------------------------------------------- build and sizes
const outDir = mkdtempSync(join(tmpdir(), 'auth-api-bench-'));
const functions = esbuildFunctionsOf(loadTemplate());
await buildAll(outDir);
mkdirSync(join(outDir, FLOOR));
copyFileSync(join(BENCH, 'empty-handler.mjs'), join(outDir, FLOOR, 'index.mjs'));

const layerPackageDir = join(outDir, 'SharedLayer', 'nodejs', 'node_modules', '@authapi', 'shared');
const layerPackage = JSON.parse(readFileSync(join(layerPackageDir, 'package.json'), 'utf8')) as {
  exports: string | Record<string, string>;
};
const layerExports = typeof layerPackage.exports === 'string' ? { '.': layerPackage.exports } : layerPackage.exports;
/** '@authapi/shared[/subpath]' -> the built file, as Node resolves it from the package's `exports`. */
const layerFileOf = (specifier: string): string | undefined => {
  const subpath = `.${specifier.slice('@authapi/shared'.length)}`;
  return layerExports[subpath] ? join(layerPackageDir, layerExports[subpath]) : undefined;
};

const eventFileOf = (codeUri: string) => join(ROOT, 'events', `${basename(codeUri)}.json`);
const targets: Target[] = functions.map((fn) => ({
  id: fn.id,
  file: join(outDir, fn.id, 'index.mjs'),
  eventFile: eventFileOf(fn.codeUri),
}));
const floor: Target = { id: FLOOR, file: join(outDir, FLOOR, 'index.mjs'), eventFile: join(ROOT, 'events', 'health.json') };
// The issue's reference builds, measured in the same run: the same GetUser call as GetMeFunction.
const REFERENCE_FOR = 'GetMeFunction';
const naive = await buildNaive(outDir);
const baselines: Target[] = naive.map(({ id, file }) => ({ id, file, eventFile: join(ROOT, 'events', 'get-me.json') }));

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : entry.isFile() ? [join(dir, entry.name)] : [],
  );
}
const bytesOf = (files: string[]) => files.reduce((sum, file) => sum + statSync(file).size, 0);

/**
 * The files a cold start loads before the handler runs: the static `import`/`export ... from` graph of
 * the bundle, into the layer. Dynamic `import()`s (chunks loaded on first use) are not followed.
 */
function staticGraphOf(entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(/(?:^|[;}\s])(?:import|export)\s*(?:[\w$*{},\s]*?from\s*)?["']([^"']+)["']/g)) {
      const specifier = match[1] ?? '';
      if (specifier.startsWith('node:')) continue;
      const layerFile = specifier.startsWith('@authapi/shared') ? layerFileOf(specifier) : undefined;
      if (layerFile) visit(layerFile);
      else if (specifier.startsWith('.')) visit(resolve(dirname(file), specifier));
    }
  };
  visit(entry);
  return [...seen];
}

const layerFiles = filesUnder(join(outDir, 'SharedLayer'));
const sizes = {
  layer: {
    bytes: bytesOf(layerFiles),
    files: layerFiles.map((file) => ({ file: file.slice(join(outDir, 'SharedLayer').length + 1), bytes: statSync(file).size })),
  },
  functions: Object.fromEntries(
    targets.map((t) => [t.id, { bytes: bytesOf(filesUnder(dirname(t.file))), loadedAtInitBytes: bytesOf(staticGraphOf(t.file)) }]),
  ),
};

if (httpOnly) {
  const http = await runHttpBench({ buildDir: outDir, duration: Number(values.duration), connections: Number(values.connections) });
  rmSync(outDir, { recursive: true, force: true });
  console.log(`\nNode ${process.version} on ${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} cores)\n`);
  console.log(httpReport(http));
  const checks = httpChecks(http, TARGETS);
  for (const [label, ok] of checks) console.log(`${ok ? 'MET ' : 'MISS'}  ${label}`);
  if (outFile) {
    const options = { duration: Number(values.duration), connections: Number(values.connections) };
    const results = {
      date: new Date().toISOString(),
      node: process.version,
      v8: process.versions.v8,
      cpu: { model: cpus()[0]?.model, cores: cpus().length },
      options,
      targets: TARGETS,
      checks: Object.fromEntries(checks),
      http,
    };
    writeFileSync(outFile, `${JSON.stringify(results, null, 2)}\n`);
    console.log(`\nwrote ${outFile}`);
  }
  process.exit(0);
}

// ---------------------------------------------------------------- Lambda-like environment
async function unusedUdpPort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((done) => socket.bind(0, '127.0.0.1', done));
  const { port } = socket.address();
  await new Promise<void>((done) => socket.close(done));
  return port;
}
const xrayPort = await unusedUdpPort();

/** What the Lambda runtime and template.yaml give a function, tracing on (Tracing: Active). */
function lambdaEnvironment(id: string, taskRoot: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    LANG: 'en_US.UTF-8',
    TZ: ':UTC',
    LAMBDA_TASK_ROOT: taskRoot,
    _HANDLER: 'index.handler',
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
    AWS_LAMBDA_FUNCTION_NAME: id,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIDBENCH',
    AWS_SECRET_ACCESS_KEY: 'bench-secret',
    AWS_SESSION_TOKEN: 'bench-token',
    _X_AMZN_TRACE_ID: 'Root=1-6740f2a0-5d3c1b8e9f0a1b2c3d4e5f60;Parent=53995c3f42cd8ad8;Sampled=1',
    AWS_XRAY_DAEMON_ADDRESS: `127.0.0.1:${xrayPort}`,
    AWS_XRAY_CONTEXT_MISSING: 'LOG_ERROR',
    POWERTOOLS_SERVICE_NAME: 'auth-api',
    POWERTOOLS_LOG_LEVEL: 'INFO',
    POWERTOOLS_TRACER_CAPTURE_RESPONSE: 'false',
    USER_POOL_ID: 'us-east-1_BENCH',
    USER_POOL_CLIENT_ID: 'bench-client-id',
    TOTP_ISSUER: 'auth-api',
    MESSAGES_TABLE: 'auth-api-messages',
    IDEMPOTENCY_TABLE: 'auth-api-idempotency',
    // Calls fail fast (connection refused, no retry): the first invocation runs the whole SDK path.
    COGNITO_ENDPOINT: 'http://127.0.0.1:1',
    AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:1',
    AWS_MAX_ATTEMPTS: '1',
  };
}

// ---------------------------------------------------------------- cold init
interface ColdSample {
  started: number;
  loaded: number;
  firstInvoke: number;
  statusCode?: number;
  builtins: string[];
}

/** Runs a bench child in the Lambda-like environment and parses what it writes to fd 3. */
function childResult<T>(label: string, args: string[], env: NodeJS.ProcessEnv): Promise<T> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
    let result = '';
    let errors = '';
    child.stdio[3]?.on('data', (chunk: Buffer) => (result += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.on('error', fail);
    child.on('close', (code) =>
      code === 0 && result ? done(JSON.parse(result) as T) : fail(new Error(`${label}: exit ${code}\n${errors}`)),
    );
  });
}

const coldStart = (target: Target) =>
  childResult<ColdSample>(
    target.id,
    [join(BENCH, 'cold-child.mjs'), pathToFileURL(target.file).href, target.eventFile],
    lambdaEnvironment(target.id, dirname(target.file)),
  );

const shuffled = <T>(items: T[]): T[] =>
  items
    .map((item) => ({ item, key: Math.random() }))
    .sort((a, b) => a.key - b.key)
    .map(({ item }) => item);

const coldTargets = [floor, ...targets, ...baselines];
process.stdout.write(`cold init: ${runs} runs x ${coldTargets.length} handlers `);
const coldSamples = new Map<string, ColdSample[]>(coldTargets.map((t) => [t.id, []]));
// Round-robin in a random order each round, so that machine noise spreads over every handler.
for (let run = 0; run < runs; run += 1) {
  for (const target of shuffled(coldTargets)) coldSamples.get(target.id)?.push(await coldStart(target));
  process.stdout.write('.');
}
process.stdout.write('\n');

interface ColdResult {
  bootstrap: Summary;
  import: Summary;
  init: Summary;
  firstInvoke: Summary;
  statusCodes: number[];
  overheadMs: number;
  overheadP90Ms: number;
  /** Import and first invocation together, over the floor's import: what the first request waits for here. */
  withFirstInvokeMs: number;
  ratio: number;
}
const coldOf = (samples: ColdSample[], floorResult?: ColdResult): ColdResult => {
  const result = {
    bootstrap: summarize(samples.map((s) => s.started)),
    import: summarize(samples.map((s) => s.loaded - s.started)),
    init: summarize(samples.map((s) => s.loaded)),
    firstInvoke: summarize(samples.map((s) => s.firstInvoke)),
    statusCodes: [...new Set(samples.map((s) => s.statusCode ?? 0))],
    overheadMs: 0,
    overheadP90Ms: 0,
    withFirstInvokeMs: 0,
    ratio: 1,
  };
  if (floorResult) {
    result.overheadMs = result.import.median - floorResult.import.median;
    result.withFirstInvokeMs = summarize(samples.map((s) => s.loaded - s.started + s.firstInvoke)).median - floorResult.import.median;
    result.overheadP90Ms = result.import.p90 - floorResult.import.p90;
    result.ratio = result.init.median / floorResult.init.median;
  }
  return result;
};
const coldFloor = coldOf(coldSamples.get(FLOOR) ?? []);
const cold = Object.fromEntries(targets.map((t) => [t.id, coldOf(coldSamples.get(t.id) ?? [], coldFloor)]));
const coldBaselines = Object.fromEntries(naive.map(({ id, label }) => [id, { label, ...coldOf(coldSamples.get(id) ?? [], coldFloor) }]));

// ---------------------------------------------------------------- cold init in parts
// Functions that load the same layer modules differ only by their own bundle (0.1-2 KB): one function
// per set of layer modules is broken down, against the cold starts of all the functions in its set.
const sameLayerModules = new Map<string, Target[]>();
for (const target of targets) {
  const key = staticGraphOf(target.file)
    .filter((file) => file.startsWith(layerPackageDir))
    .sort()
    .join('\n');
  sameLayerModules.set(key, [...(sameLayerModules.get(key) ?? []), target]);
}
const partTargets = [...sameLayerModules.values()].map((group) => {
  const target = group[0] as Target;
  return { target, group, files: staticGraphOf(target.file) };
});
process.stdout.write(`cold init in parts: ${runs} runs x ${partTargets.length} functions `);
const partSamples = new Map<string, Array<{ builtinsMs: number; compileMs: number }>>(partTargets.map(({ target }) => [target.id, []]));
for (let run = 0; run < runs; run += 1) {
  for (const { target, files } of shuffled(partTargets)) {
    const plan = JSON.stringify({ builtins: coldSamples.get(target.id)?.[0]?.builtins ?? [], files });
    const args = ['--experimental-vm-modules', '--no-warnings', join(BENCH, 'cold-parts.mjs'), plan];
    partSamples.get(target.id)?.push(await childResult(target.id, args, lambdaEnvironment(target.id, dirname(target.file))));
  }
  process.stdout.write('.');
}
process.stdout.write('\n');
const coldParts = Object.fromEntries(
  partTargets.map(({ target, group, files }) => {
    const samples = partSamples.get(target.id) ?? [];
    const builtinsMs = summarize(samples.map((s) => s.builtinsMs)).median;
    const compileMs = summarize(samples.map((s) => s.compileMs)).median;
    const { overheadMs } = coldOf(
      group.flatMap((t) => coldSamples.get(t.id) ?? []),
      coldFloor,
    );
    const parts = { builtinsMs, compileMs, restMs: overheadMs - builtinsMs - compileMs };
    return [target.id, { alike: group.length - 1, compiledBytes: bytesOf(files), overheadMs, ...parts }];
  }),
);

// ---------------------------------------------------------------- warm latency
process.stdout.write(`warm latency: ${iterations} invocations per handler, mocked client then stubbed HTTP...\n`);
const warmConfigFile = join(outDir, 'warm.json');
const warmResultFile = join(outDir, 'warm-result.json');
writeFileSync(
  warmConfigFile,
  JSON.stringify({
    cognitoLayerFile: layerFileOf('@authapi/shared/cognito'),
    messagesLayerFile: layerFileOf('@authapi/shared/messages'),
    floorFile: floor.file,
    functions: targets,
    iterations,
    warmup: Math.min(500, iterations),
    resultFile: warmResultFile,
  }),
);
await new Promise<void>((done, fail) => {
  const child = spawn(process.execPath, [join(BENCH, 'warm-child.mjs'), warmConfigFile], {
    cwd: ROOT,
    env: lambdaEnvironment('bench', outDir),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let errors = '';
  child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  child.on('close', (code) => (code === 0 ? done() : fail(new Error(`warm bench: exit ${code}\n${errors}`))));
});
type WarmRaw = { samples: number[]; statuses: Record<string, number> };
const warmRaw = JSON.parse(readFileSync(warmResultFile, 'utf8')) as {
  floor: WarmRaw;
  mock: Record<string, WarmRaw>;
  sdk: Record<string, WarmRaw>;
  segments: { total: number; sdkPhase: number; names: string[] };
};
const warmOf = (raw: WarmRaw) => ({ ...summarize(raw.samples), statuses: raw.statuses });
const warmFloor = warmOf(warmRaw.floor);
const warm = Object.fromEntries(
  targets.map((t) => {
    const mock = warmOf(warmRaw.mock[t.id] as WarmRaw);
    const sdk = warmOf(warmRaw.sdk[t.id] as WarmRaw);
    return [t.id, { mock, sdk, overheadP99Ms: mock.p99 - warmFloor.p99 }];
  }),
);

// ---------------------------------------------------------------- local HTTP API
const http: HttpResults = values['skip-http']
  ? { skipped: 'skipped (--skip-http)' }
  : await runHttpBench({ buildDir: outDir, duration: Number(values.duration), connections: Number(values.connections) });
rmSync(outDir, { recursive: true, force: true });

// ---------------------------------------------------------------- report
const ms = (value: number) => value.toFixed(1);
const kb = (bytes: number) => (bytes / 1024).toFixed(1);
const ids = targets.map((t) => t.id);

console.log(`\nNode ${process.version} on ${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} cores)\n`);
console.log(
  `Layer: ${kb(sizes.layer.bytes)} KB in ${sizes.layer.files.length} files (${sizes.layer.files.map((f) => `${basename(f.file)} ${kb(f.bytes)}`).join(', ')})`,
);
console.log(
  `Cold floor (empty handler): process start to handler loaded ${ms(coldFloor.init.median)} ms median (node bootstrap ${ms(coldFloor.bootstrap.median)}, import ${ms(coldFloor.import.median)})`,
);
console.log(`Warm floor (empty handler): p50 ${(warmFloor.median * 1000).toFixed(0)} µs, p99 ${(warmFloor.p99 * 1000).toFixed(0)} µs\n`);
console.log(
  table(
    [
      'function',
      'bundle KB',
      'loaded at init KB',
      'init ms p50',
      'p90',
      'over floor ms p50',
      'p90',
      'ratio',
      '1st invoke ms',
      'both over floor',
      'warm ms p50',
      'p99',
      'SDK stack p50',
      'p99',
    ],
    ids.map((id) => {
      const c = cold[id] as ColdResult;
      const w = warm[id] as (typeof warm)[string];
      const s = sizes.functions[id] as { bytes: number; loadedAtInitBytes: number };
      return [
        id,
        kb(s.bytes),
        kb(s.loadedAtInitBytes),
        ms(c.init.median),
        ms(c.init.p90),
        ms(c.overheadMs),
        ms(c.overheadP90Ms),
        `${c.ratio.toFixed(2)}x`,
        ms(c.firstInvoke.median),
        ms(c.withFirstInvokeMs),
        w.mock.median.toFixed(3),
        w.mock.p99.toFixed(3),
        w.sdk.median.toFixed(3),
        w.sdk.p99.toFixed(3),
      ];
    }),
  ),
);
const reference = cold[REFERENCE_FOR];
for (const baseline of Object.values(coldBaselines)) {
  const saved = reference
    ? ` (${REFERENCE_FOR}, same call: ${(100 * (1 - reference.overheadMs / baseline.overheadMs)).toFixed(0)}% less)`
    : '';
  const both = reference
    ? `; with its 1st invoke ${ms(baseline.withFirstInvokeMs)} ms (${REFERENCE_FOR}: ${ms(reference.withFirstInvokeMs)})`
    : '';
  console.log(
    `Reference, ${baseline.label}: over floor ${ms(baseline.overheadMs)} ms p50, p90 ${ms(baseline.overheadP90Ms)}${saved}${both}`,
  );
}
console.log(
  `\nCold init over the floor in parts, per set of functions that load the same layer modules: over floor, the median of all their cold starts; built-ins, importing the Node modules a start loads, and compile, V8 compiling the files it loads (medians of ${runs} processes); the rest: resolving, linking and running the modules`,
);
console.log(
  table(
    ['function', 'over floor ms', 'built-ins', 'compile', 'KB compiled', 'the rest'],
    Object.entries(coldParts).map(([id, p]) => [
      p.alike ? `${id} and ${p.alike} more` : id,
      ms(p.overheadMs),
      ms(p.builtinsMs),
      ms(p.compileMs),
      kb(p.compiledBytes),
      ms(p.restMs),
    ]),
  ),
);
console.log(`\nX-Ray: ${warmRaw.segments.total} segment documents received during the warm run (${warmRaw.segments.names.join(', ')})\n`);

console.log(httpReport(http));

const checks: Array<[string, boolean]> = [
  [
    `cold init overhead over the floor <= ${TARGETS.coldOverheadMs} ms median, every function`,
    ids.every((id) => (cold[id] as ColdResult).overheadMs <= TARGETS.coldOverheadMs),
  ],
  [
    `function artefact <= ${kb(TARGETS.functionBytes)} KB each`,
    ids.every((id) => (sizes.functions[id]?.bytes ?? Infinity) <= TARGETS.functionBytes),
  ],
  [
    `warm handler overhead p99 <= ${TARGETS.warmOverheadP99Ms} ms (mocked client)`,
    ids.every((id) => (warm[id]?.overheadP99Ms ?? Infinity) <= TARGETS.warmOverheadP99Ms),
  ],
  [
    'handlers answer 2xx with mocked clients',
    ids.every((id) => Object.keys(warm[id]?.mock.statuses ?? {}).every((status) => status.startsWith('2'))),
  ],
];
checks.push(...httpChecks(http, TARGETS));
for (const [label, ok] of checks) console.log(`${ok ? 'MET ' : 'MISS'}  ${label}`);

const results = {
  date: new Date().toISOString(),
  node: process.version,
  v8: process.versions.v8,
  cpu: { model: cpus()[0]?.model, cores: cpus().length },
  platform: `${process.platform}-${process.arch}`,
  options: { runs, iterations, duration: Number(values.duration), connections: Number(values.connections) },
  targets: TARGETS,
  checks: Object.fromEntries(checks),
  sizes,
  cold: { floor: coldFloor, functions: cold, baselines: coldBaselines, parts: coldParts },
  warm: { floor: warmFloor, functions: warm, xraySegments: warmRaw.segments },
  http,
};
if (outFile) {
  writeFileSync(outFile, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nwrote ${outFile}`);
}
