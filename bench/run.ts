// npm run bench: the cold request of every function (init and first invocation, under a model of
// Lambda's CPU), artefact sizes, warm handler latency and the local HTTP API under load. Prints the
// tables and writes bench/results.json. `npm run bench -- --help` lists the options; docs/performance.md
// describes the method.
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildAll, esbuildFunctionsOf } from '../scripts/build.js';
import { httpRoutesOf, loadTemplate, ROOT } from '../scripts/lib/template.js';
import { cpuModelUnavailable } from './cgroup.js';
import { runColdBench, type Endpoints } from './cold-bench.js';
import { coldTable, decideLayouts, decisionTable } from './cold-report.js';
import { MODEL_LABELS, type CpuModel } from './cold-request.js';
import { httpChecks, httpReport, runHttpBench, type HttpResults } from './http.js';
import { cpuShareOf, MB_PER_VCPU, memorySizeOf, quotaUsOf } from './lambda-cpu.js';
import { AS_BUILT, AT_INIT, buildLayout, NO_METRICS, OPEN_TELEMETRY, type Layout } from './layouts.js';
import { describeLoad, machineLoadSince, machineSnapshot } from './machine.js';
import { buildReferences, FLOOR, NAIVE_ESM } from './references.js';
import { summarize, table } from './stats.js';

const TARGETS = { belowNaive: 0.4, functionBytes: 20 * 1024, warmOverheadP99Ms: 1, healthRps: 3000, meVsDirect: 0.4, httpP99Ms: 50 };
const BENCH = join(ROOT, 'bench');
const LAYOUTS: Record<string, Layout> = { 'as-built': AS_BUILT, init: AT_INIT, otel: OPEN_TELEMETRY, 'no-metrics': NO_METRICS };

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '10' },
    iterations: { type: 'string', default: '2000' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '20' },
    layouts: { type: 'string', default: 'as-built' },
    functions: { type: 'string' },
    'cpu-period-ms': { type: 'string', default: '20' },
    'no-cpu-model': { type: 'boolean' },
    'init-parts': { type: 'boolean' },
    'skip-http': { type: 'boolean' },
    'http-only': { type: 'boolean' },
    out: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  console.log(`Usage: npm run bench [-- options]
  --runs N            cold requests per handler and CPU model (default 10)
  --layouts A,B       layer layouts to compare: as-built, init, otel, no-metrics (default as-built; as-built first)
  --functions A,B     only these functions (default: every function in template.yaml)
  --cpu-period-ms N   CFS period of the CPU quota (default 20)
  --no-cpu-model      no CPU quota: full-core figures only (for machines without root or cgroup v1 cpu)
  --init-parts        also break init down into built-ins, compile and the rest (more processes)
  --iterations N      warm invocations per handler (default 2000)
  --duration S        seconds of load per HTTP route (default 10)
  --connections N     concurrent connections for the HTTP load (default 20)
  --skip-http         leave out the local HTTP API
  --http-only         only the local HTTP API (no cold/warm runs); writes no results file unless --out
  --out FILE          where to write the results (default bench/results.json)`);
  process.exit(0);
}
const httpOnly = values['http-only'] === true;
if (httpOnly && values['skip-http']) throw new Error('--http-only and --skip-http exclude each other');
const outFile = values.out ?? (httpOnly ? undefined : join(BENCH, 'results.json'));
const runs = Number(values.runs);
const iterations = Number(values.iterations);
const cpuModel = values['no-cpu-model'] !== true;
if (cpuModel && !httpOnly) {
  const unavailable = cpuModelUnavailable();
  if (unavailable) {
    console.error(
      `npm run bench: ${unavailable}.\nRun it as root on a machine with cgroup v1, or pass --no-cpu-model for full-core figures only.`,
    );
    process.exit(1);
  }
}
const layouts = (values.layouts ?? '').split(',').map((name) => {
  const layout = LAYOUTS[name];
  if (!layout) throw new Error(`--layouts: unknown layout ${name} (known: ${Object.keys(LAYOUTS).join(', ')})`);
  return layout;
});
if (layouts[0] !== AS_BUILT) throw new Error('--layouts: the first layout must be as-built');

const template = loadTemplate();
const memoryMb = memorySizeOf(template);
const cpuShare = cpuShareOf(memoryMb);
const periodUs = Number(values['cpu-period-ms']) * 1000;
const models: CpuModel[] = cpuModel ? ['lambda', 'shared'] : ['full'];

interface Target {
  id: string;
  file: string;
  eventFile: string;
}

// ---------------------------------------------------------------- build and sizes
const outDir = mkdtempSync(join(tmpdir(), 'auth-api-bench-'));
process.once('exit', () => rmSync(outDir, { recursive: true, force: true }));
const builtDir = join(outDir, 'as-built');
const only = values.functions?.split(',');
// The functions behind a route: a client waits for their cold requests. Triggers and workers answer no client
// (the Post authentication trigger does add its cold start to a sign-in: not measured here).
const routed = new Set(httpRoutesOf(template).map((route) => route.functionId));
const functions = esbuildFunctionsOf(template).filter((fn) => routed.has(fn.id) && (!only || only.includes(fn.id)));
if (only && functions.length !== only.length) throw new Error(`--functions: not all of ${only.join(', ')} are functions of template.yaml`);
await buildAll(builtDir);
const references = await buildReferences(join(outDir, 'references'));
const floorReference = references.find((r) => r.id === FLOOR) as (typeof references)[number];

const layerPackageDir = join(builtDir, 'SharedLayer', 'nodejs', 'node_modules', '@authapi', 'shared');
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
  file: join(builtDir, fn.id, 'index.mjs'),
  eventFile: eventFileOf(fn.codeUri),
}));

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

const layerFiles = filesUnder(join(builtDir, 'SharedLayer'));
const sizes = {
  layer: {
    bytes: bytesOf(layerFiles),
    files: layerFiles.map((file) => ({ file: file.slice(join(builtDir, 'SharedLayer').length + 1), bytes: statSync(file).size })),
  },
  functions: Object.fromEntries(
    targets.map((t) => [t.id, { bytes: bytesOf(filesUnder(dirname(t.file))), loadedAtInitBytes: bytesOf(staticGraphOf(t.file)) }]),
  ),
};

const machineLine = () => `Node ${process.version} on ${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} cores)`;

if (httpOnly) {
  const before = machineSnapshot();
  const http = await runHttpBench({ buildDir: builtDir, duration: Number(values.duration), connections: Number(values.connections) });
  const machine = machineLoadSince(before);
  rmSync(outDir, { recursive: true, force: true });
  console.log(`\n${machineLine()}; HTTP part measured in ${describeLoad(machine)}\n`);
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
      machine: { http: machine },
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

/**
 * What the Lambda runtime and template.yaml give a function, tracing on (Tracing: Active). AWS calls go
 * to the bench's HTTPS stub, when there is one: every endpoint of the SDK and the layer's clients.
 */
function lambdaEnvironment(id: string, taskRoot: string, endpoints?: Endpoints): NodeJS.ProcessEnv {
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
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(memoryMb),
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
    ACCOUNTS_TABLE: 'auth-api-accounts',
    ACCESS_TOKEN_VALIDITY_MINUTES: '15',
    REFRESH_TOKEN_VALIDITY_DAYS: '30',
    RECENT_SIGN_IN_MINUTES: '5',
    SEND_RATE_LIMIT_PER_MINUTE: '20',
    SEND_LIMIT_PER_DAY: '500',
    MACHINE_SEND_RATE_LIMIT_PER_MINUTE: '600',
    MACHINE_SEND_LIMIT_PER_DAY: '50000',
    ERASURE_ITEMS_PER_INVOCATION: '5000',
    ERASURE_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/auth-api-erasure',
    // A failed call is not retried: a retry's back-off would be counted as the cold request.
    AWS_MAX_ATTEMPTS: '1',
    ...(endpoints
      ? {
          COGNITO_ENDPOINT: endpoints.url,
          AWS_ENDPOINT_URL_DYNAMODB: endpoints.url,
          AWS_ENDPOINT_URL_SQS: endpoints.url,
          // The SQS client sends to the queue URL's host: the stub's.
          ERASURE_QUEUE_URL: `${endpoints.url}/123456789012/auth-api-erasure`,
          NODE_EXTRA_CA_CERTS: endpoints.caFile,
        }
      : {}),
  };
}

// ---------------------------------------------------------------- cold requests
const builds = [{ layout: AS_BUILT.name, dir: builtDir }];
const hoisted: Record<string, string[]> = {};
for (const layout of layouts.slice(1)) {
  const dir = join(outDir, layout.name);
  hoisted[layout.name] = await buildLayout(layout, join(outDir, `${layout.name}-sources`), dir);
  builds.push({ layout: layout.name, dir });
}
const quotaUs = quotaUsOf(cpuShare, periodUs);
const coldBench = await runColdBench({
  runs,
  models,
  ...(cpuModel ? { quota: { periodUs, quotaUs } } : {}),
  functions: targets.map(({ id, eventFile }) => ({ id, eventFile })),
  builds,
  references,
  referenceEventFile: join(ROOT, 'events', 'get-me.json'),
  environment: lambdaEnvironment,
});
const { cold } = coldBench;
const decisions = decideLayouts(cold, NAIVE_ESM, TARGETS.belowNaive);

// ---------------------------------------------------------------- cold init in parts (--init-parts)
// Functions that load the same layer modules differ only by their own bundle (0.1-2 KB): one function
// per set of layer modules is broken down, against the cold starts of all the functions in its set.
const partsModel = models[0] as CpuModel;
const coldParts: Record<
  string,
  { alike: number; compiledBytes: number; initOverFloorMs: number; builtinsMs: number; compileMs: number; restMs: number }
> = {};
if (values['init-parts']) {
  const sameLayerModules = new Map<string, Target[]>();
  for (const target of targets) {
    const key = staticGraphOf(target.file)
      .filter((file) => file.startsWith(layerPackageDir))
      .sort()
      .join('\n');
    sameLayerModules.set(key, [...(sameLayerModules.get(key) ?? []), target]);
  }
  const partTargets = [...sameLayerModules.values()].map((group) => ({
    target: group[0] as Target,
    group,
    files: staticGraphOf((group[0] as Target).file),
  }));
  process.stdout.write(`init in parts: ${runs} runs x ${partTargets.length} functions `);
  const partSamples = new Map<string, Array<{ builtinsMs: number; compileMs: number }>>(partTargets.map(({ target }) => [target.id, []]));
  const partsOf = (target: Target, plan: string) =>
    new Promise<{ builtinsMs: number; compileMs: number }>((done, fail) => {
      const args = ['--experimental-vm-modules', '--no-warnings', join(BENCH, 'cold-parts.mjs'), plan];
      const child = spawn(process.execPath, args, {
        env: lambdaEnvironment(target.id, dirname(target.file)),
        stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
      });
      let result = '';
      let errors = '';
      child.stdio[3]?.on('data', (chunk: Buffer) => (result += chunk.toString()));
      child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
      child.on('error', fail);
      child.on('close', (code) =>
        code === 0 && result
          ? done(JSON.parse(result) as { builtinsMs: number; compileMs: number })
          : fail(new Error(`${target.id}: exit ${code}\n${errors}`)),
      );
    });
  for (let run = 0; run < runs; run += 1) {
    for (const { target, files } of partTargets.sort(() => Math.random() - 0.5)) {
      const builtins = coldBench.samples[target.id]?.[partsModel]?.[0]?.builtins ?? [];
      partSamples.get(target.id)?.push(await partsOf(target, JSON.stringify({ builtins, files })));
    }
    process.stdout.write('.');
  }
  process.stdout.write('\n');
  const initOf = (ids: string[]) => summarize(ids.flatMap((id) => coldBench.samples[id]?.[partsModel] ?? []).map((s) => s.init)).median;
  const floorInit = initOf([FLOOR]);
  for (const { target, group, files } of partTargets) {
    const samples = partSamples.get(target.id) ?? [];
    const builtinsMs = summarize(samples.map((s) => s.builtinsMs)).median;
    const compileMs = summarize(samples.map((s) => s.compileMs)).median;
    const initOverFloorMs = initOf(group.map((t) => t.id)) - floorInit;
    coldParts[target.id] = {
      alike: group.length - 1,
      compiledBytes: bytesOf(files),
      initOverFloorMs,
      builtinsMs,
      compileMs,
      restMs: initOverFloorMs - builtinsMs - compileMs,
    };
  }
}

// ---------------------------------------------------------------- warm latency
process.stdout.write(`warm latency: ${iterations} invocations per handler, mocked client then stubbed HTTP...\n`);
const warmBefore = machineSnapshot();
const warmConfigFile = join(outDir, 'warm.json');
const warmResultFile = join(outDir, 'warm-result.json');
writeFileSync(
  warmConfigFile,
  JSON.stringify({
    cognitoLayerFile: layerFileOf('@authapi/shared/cognito'),
    messagesLayerFile: layerFileOf('@authapi/shared/messages'),
    erasureLayerFile: layerFileOf('@authapi/shared/erasure'),
    floorFile: floorReference.file,
    functions: targets,
    iterations,
    warmup: Math.min(500, iterations),
    resultFile: warmResultFile,
  }),
);
await new Promise<void>((done, fail) => {
  const child = spawn(process.execPath, [join(BENCH, 'warm-child.mjs'), warmConfigFile], {
    cwd: ROOT,
    env: lambdaEnvironment('bench', builtDir),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let errors = '';
  child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  child.on('close', (code) => (code === 0 ? done() : fail(new Error(`warm bench: exit ${code}\n${errors}`))));
});
const warmMachine = machineLoadSince(warmBefore);
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
const httpBefore = machineSnapshot();
const http: HttpResults = values['skip-http']
  ? { skipped: 'skipped (--skip-http)' }
  : await runHttpBench({ buildDir: builtDir, duration: Number(values.duration), connections: Number(values.connections) });
const httpMachine = values['skip-http'] ? undefined : machineLoadSince(httpBefore);
rmSync(outDir, { recursive: true, force: true });

// ---------------------------------------------------------------- report
const ms = (value: number) => value.toFixed(1);
const kb = (bytes: number) => (bytes / 1024).toFixed(1);
const ids = targets.map((t) => t.id);

console.log(`\n${machineLine()}`);
console.log(
  cpuModel
    ? `Lambda CPU model: MemorySize ${memoryMb} MB (template Globals) / ${MB_PER_VCPU} MB per vCPU = ${cpuShare.toFixed(3)} of a core, ` +
        `a CFS quota of ${quotaUs} µs per ${periodUs} µs. Init on a full core is an assumption from public measurements ` +
        '(on-demand init has been observed to run unthrottled), not an AWS promise: the shared model holds init to the same share.'
    : 'No CPU model (--no-cpu-model): every figure on a full core, which understates what an invocation costs on Lambda.',
);
console.log(
  `Machine during the cold requests: ${describeLoad(coldBench.machine)}; worst round steal ${Math.max(...coldBench.rounds.map((r) => r.stealPercent ?? 0)).toFixed(1)}%`,
);
if (Object.keys(hoisted).length > 0)
  console.log(
    `Layouts: ${layouts.map((l) => `${l.name} (${l.description})`).join('; ')}; made static: ${Object.values(hoisted).flat().join(', ')}`,
  );
console.log(
  `\nCold request: a fresh process loads the handler (init) and runs its first invocation, AWS calls answered by a local HTTPS stub\n`,
);
console.log(coldTable(cold));
console.log(
  `\nPer function: the layout with the lower cold request over the floor (${models[0]} model), and the target against the ${NAIVE_ESM} reference\n`,
);
console.log(decisionTable(cold, decisions, TARGETS.belowNaive));

console.log(`\nLayer: ${kb(sizes.layer.bytes)} KB in ${sizes.layer.files.length} files`);
console.log(
  `Warm floor (empty handler): p50 ${(warmFloor.median * 1000).toFixed(0)} µs, p99 ${(warmFloor.p99 * 1000).toFixed(0)} µs; measured in ${describeLoad(warmMachine)}\n`,
);
console.log(
  table(
    ['function', 'bundle KB', 'loaded at init KB', 'warm ms p50', 'p99', 'SDK stack p50', 'p99'],
    ids.map((id) => {
      const w = warm[id] as (typeof warm)[string];
      const s = sizes.functions[id] as { bytes: number; loadedAtInitBytes: number };
      return [
        id,
        kb(s.bytes),
        kb(s.loadedAtInitBytes),
        w.mock.median.toFixed(3),
        w.mock.p99.toFixed(3),
        w.sdk.median.toFixed(3),
        w.sdk.p99.toFixed(3),
      ];
    }),
  ),
);
if (values['init-parts']) {
  console.log(
    `\nInit over the floor's init in parts (${partsModel} model), per set of functions that load the same layer modules: built-ins, importing the Node modules a start loads; compile, V8 compiling the files it loads (medians of ${runs} processes); the rest: resolving, linking and running the modules`,
  );
  console.log(
    table(
      ['function', 'init over floor ms', 'built-ins', 'compile', 'KB compiled', 'the rest'],
      Object.entries(coldParts).map(([id, p]) => [
        p.alike ? `${id} and ${p.alike} more` : id,
        ms(p.initOverFloorMs),
        ms(p.builtinsMs),
        ms(p.compileMs),
        kb(p.compiledBytes),
        ms(p.restMs),
      ]),
    ),
  );
}
console.log(`\nX-Ray: ${warmRaw.segments.total} segment documents received during the warm run (${warmRaw.segments.names.join(', ')})\n`);

console.log(httpReport(http));
if (httpMachine) console.log(`HTTP part measured in ${describeLoad(httpMachine)}`);

const decisionOf = (id: string) => decisions.find((d) => d.functionId === id);
const checks: Array<[string, boolean]> = [
  [
    `cold request over the floor at least ${TARGETS.belowNaive * 100}% below the ${NAIVE_ESM} reference's (${models[0]} model), every function as built`,
    ids.every((id) => decisionOf(id)?.asBuilt.met === true),
  ],
  [`the same, every function in its better layout`, ids.every((id) => decisionOf(id)?.bestLayout.met === true)],
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
console.log('');
for (const [label, ok] of checks) console.log(`${ok ? 'MET ' : 'MISS'}  ${label}`);

const results = {
  date: new Date().toISOString(),
  node: process.version,
  v8: process.versions.v8,
  cpu: { model: cpus()[0]?.model, cores: cpus().length },
  platform: `${process.platform}-${process.arch}`,
  options: {
    runs,
    iterations,
    duration: Number(values.duration),
    connections: Number(values.connections),
    layouts: layouts.map((l) => l.name),
  },
  cpuModel: cpuModel
    ? {
        memoryMb,
        mbPerVcpu: MB_PER_VCPU,
        share: cpuShare,
        periodUs,
        quotaUs,
        models: Object.fromEntries(models.map((m) => [m, MODEL_LABELS[m]])),
      }
    : { none: MODEL_LABELS.full },
  machine: { cold: coldBench.machine, coldRounds: coldBench.rounds, warm: warmMachine, ...(httpMachine ? { http: httpMachine } : {}) },
  targets: TARGETS,
  checks: Object.fromEntries(checks),
  sizes,
  cold: { ...cold, decisions, hoisted, stubRequests: coldBench.stubRequests, parts: coldParts },
  warm: { floor: warmFloor, functions: warm, xraySegments: warmRaw.segments },
  http,
};
if (outFile) {
  writeFileSync(outFile, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nwrote ${outFile}`);
}
