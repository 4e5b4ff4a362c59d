// The local HTTP API (npm start) under load with autocannon: GET /health, POST /auth/sign-in, GET /me,
// GET /messages when the template has it, and, as the yardstick for GET /me, the embedded Cognito's
// GetUser called directly with the same token.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { httpRoutesOf, loadTemplate, ROOT } from '../scripts/lib/template.js';
import { machineTicks } from './machine.js';
import { summarize, table } from './stats.js';

export interface RouteResult {
  name: string;
  /** The load before the measurement: at least WARM_UP_REQUESTS requests, or WARM_UP_MAX_SECONDS. */
  warmUp: { requests: number; seconds: number };
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  /** CPU time of the `npm start` process (all its threads) per request, when /proc tells it. */
  stackCpuMsPerRequest?: number;
  /** Share of the machine's CPU time taken by the hypervisor (steal) during the measurement. */
  stealPercent?: number;
}

/** GET /me and the direct GetUser alternated in short rounds: the ratio of each round's req/s. */
export interface PairedRounds {
  seconds: number;
  ratios: number[];
  errors: number;
  non2xx: number;
}

export type HttpResults = { skipped: string } | { connections: number; duration: number; routes: RouteResult[]; meVsDirect: PairedRounds };

interface StackState {
  apiUrl?: string;
  cognitoEndpoint: string;
  codesUrl?: string;
}

const PASSWORD = 'Bench-password-2024';
// Warm-up, counted in requests rather than seconds: V8 optimises each execution environment's hot path
// after enough invocations, however fast the machine runs meanwhile
// (docs/decisions/http-warm-up-counted-in-requests.md).
const WARM_UP_REQUESTS = 15_000;
const WARM_UP_MAX_SECONDS = 50;
const WARM_UP_ROUND_SECONDS = 2;
const PAIRED_ROUNDS = 5;
const PAIRED_SECONDS = 4;

async function waitForState(stateFile: string, child: ChildProcess, output: () => string): Promise<StackState> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (existsSync(stateFile)) return JSON.parse(readFileSync(stateFile, 'utf8')) as StackState;
    if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}: ${output().slice(-2000)}`);
    if (Date.now() > deadline) throw new Error(`npm start did not come up in 90 s: ${output().slice(-2000)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Record<string, unknown>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`POST ${url}: ${response.status} ${text}`);
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

/** Signs a fresh user up through the API, confirms it with the code the embedded Cognito "emailed". */
async function signedInUser(state: StackState & { apiUrl: string }): Promise<{ email: string; accessToken: string }> {
  const email = `bench-${Date.now()}@example.com`;
  await post(`${state.apiUrl}/auth/sign-up`, { email, password: PASSWORD });
  if (!state.codesUrl) throw new Error('the local stack exposes no codes endpoint (external Cognito?)');
  const { codes } = (await (await fetch(`${state.codesUrl}?destination=${encodeURIComponent(email)}`)).json()) as {
    codes: Array<{ code: string }>;
  };
  const code = codes.pop()?.code;
  if (!code) throw new Error(`no confirmation code for ${email}`);
  await post(`${state.apiUrl}/auth/confirm-sign-up`, { email, code });
  const tokens = await post(`${state.apiUrl}/auth/sign-in`, { email, password: PASSWORD });
  return { email, accessToken: String(tokens.accessToken) };
}

interface Load {
  name: string;
  url: string;
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
}

/** user+system CPU ms of a process, all threads (Linux /proc; undefined elsewhere). */
function processCpuMs(pid: number | undefined): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return undefined;
  }
}

async function warmUpRoute(options: Parameters<typeof autocannon>[0]): Promise<RouteResult['warmUp']> {
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  let requests = 0;
  while (requests < WARM_UP_REQUESTS && elapsed() < WARM_UP_MAX_SECONDS) {
    requests += (await autocannon({ ...options, duration: WARM_UP_ROUND_SECONDS })).requests.total;
  }
  return { requests, seconds: elapsed() };
}

async function measure(load: Load, connections: number, duration: number, stackPid?: number): Promise<RouteResult> {
  const options = { url: load.url, method: load.method, headers: load.headers ?? {}, body: load.body, connections };
  const warmUp = await warmUpRoute(options);
  const cpuBefore = processCpuMs(stackPid);
  const ticksBefore = machineTicks();
  const result = await autocannon({ ...options, duration });
  const cpuAfter = processCpuMs(stackPid);
  const ticksAfter = machineTicks();
  const ticks = ticksBefore && ticksAfter ? ticksAfter.map((value, i) => value - (ticksBefore[i] ?? 0)) : undefined;
  const totalTicks = ticks?.reduce((sum, value) => sum + value, 0);
  return {
    ...(cpuBefore !== undefined && cpuAfter !== undefined && result.requests.total > 0
      ? { stackCpuMsPerRequest: (cpuAfter - cpuBefore) / result.requests.total }
      : {}),
    ...(ticks && totalTicks ? { stealPercent: ((ticks[7] ?? 0) / totalTicks) * 100 } : {}),
    name: load.name,
    warmUp,
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
  };
}

/**
 * The /me target is a ratio of two routes, and a shared machine's speed drifts within a run: alternating
 * the two in short rounds puts both under the same drift (docs/decisions/http-warm-up-counted-in-requests.md).
 */
async function pairedRounds(me: Load, direct: Load, connections: number): Promise<PairedRounds> {
  const rounds: PairedRounds = { seconds: PAIRED_SECONDS, ratios: [], errors: 0, non2xx: 0 };
  const run = (load: Load) =>
    autocannon({ url: load.url, method: load.method, headers: load.headers ?? {}, body: load.body, connections, duration: PAIRED_SECONDS });
  for (let i = 0; i < PAIRED_ROUNDS; i += 1) {
    const directResult = await run(direct);
    const meResult = await run(me);
    rounds.ratios.push(meResult.requests.average / directResult.requests.average);
    rounds.errors += directResult.errors + meResult.errors;
    rounds.non2xx += directResult.non2xx + meResult.non2xx;
  }
  return rounds;
}

export async function runHttpBench(options: { buildDir: string; duration: number; connections: number }): Promise<HttpResults> {
  const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts?: Record<string, string> }).scripts ?? {};
  if (!scripts.start || !existsSync(join(ROOT, 'local', 'start.ts')))
    return { skipped: 'skipped: `npm start` (local mode) does not exist yet' };

  process.stdout.write(
    `local HTTP API: npm start, then autocannon ${options.connections} connections x ${options.duration} s per route...\n`,
  );
  const dir = mkdtempSync(join(tmpdir(), 'auth-api-bench-http-'));
  const stateFile = join(dir, 'state.json');
  // `npm start` itself, on free ports, serving the artefacts built for this run.
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'local/start.ts',
      '--port',
      '0',
      '--app-port',
      '0',
      '--cognito-port',
      '0',
      '--dynamodb-port',
      '0',
      '--build-dir',
      options.buildDir,
      '--no-build',
      '--state-file',
      stateFile,
      '--quiet',
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  try {
    const state = await waitForState(stateFile, child, () => output);
    if (!state.apiUrl) throw new Error('the local stack reports no API URL');
    const api = { ...state, apiUrl: state.apiUrl };
    const { email, accessToken } = await signedInUser(api);
    const bearer = { authorization: `Bearer ${accessToken}` };
    const hasMessages = httpRoutesOf(loadTemplate()).some((route) => route.method === 'GET' && route.path === '/messages');
    const me: Load = { name: 'GET /me', url: `${api.apiUrl}/me`, method: 'GET', headers: bearer };
    const direct: Load = {
      name: 'Cognito GetUser (direct)',
      url: api.cognitoEndpoint,
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.GetUser' },
      body: JSON.stringify({ AccessToken: accessToken }),
    };
    const loads: Load[] = [
      { name: 'GET /health', url: `${api.apiUrl}/health`, method: 'GET' },
      {
        name: 'POST /auth/sign-in',
        url: `${api.apiUrl}/auth/sign-in`,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password: PASSWORD }),
      },
      me,
      direct,
      ...(hasMessages ? [{ name: 'GET /messages', url: `${api.apiUrl}/messages`, method: 'GET' as const, headers: bearer }] : []),
    ];
    const routes: RouteResult[] = [];
    for (const load of loads) routes.push(await measure(load, options.connections, options.duration, child.pid));
    const meVsDirect = await pairedRounds(me, direct, options.connections);
    return { connections: options.connections, duration: options.duration, routes, meVsDirect };
  } catch (error) {
    return { skipped: `failed: ${error instanceof Error ? error.message : String(error)}` };
  } finally {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGINT');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

const percent = (ratio: number) => `${(ratio * 100).toFixed(0)}%`;

function pairedLine(rounds: PairedRounds): string {
  return (
    `GET /me / direct GetUser, alternated in ${rounds.ratios.length} rounds of ${rounds.seconds} s each: ` +
    `${rounds.ratios.map(percent).join(' ')} (median ${percent(summarize(rounds.ratios).median)}); errors ${rounds.errors}, non-2xx ${rounds.non2xx}`
  );
}

/** The HTTP part of the report: one line per route, then the alternated GET /me rounds. */
export function httpReport(http: HttpResults): string {
  if ('skipped' in http) return `Local HTTP API: ${http.skipped}\n`;
  const rows = http.routes.map((r) => [
    r.name,
    r.requestsPerSecond.toFixed(0),
    String(r.p50),
    String(r.p99),
    String(r.errors),
    String(r.non2xx),
    r.stackCpuMsPerRequest === undefined ? '-' : r.stackCpuMsPerRequest.toFixed(2),
    r.stealPercent === undefined ? '-' : `${r.stealPercent.toFixed(0)}%`,
    r.warmUp.seconds.toFixed(0),
  ]);
  return [
    table(['local HTTP API', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'non-2xx', 'stack CPU ms/req', 'steal', 'warm-up s'], rows),
    `connections ${http.connections}, ${http.duration} s per route, after a warm-up of ${WARM_UP_REQUESTS.toLocaleString('en')} requests (at most ${WARM_UP_MAX_SECONDS} s);`,
    'stack CPU: the npm start process, all threads;',
    'steal: CPU time the hypervisor gave to other machines meanwhile (figures taken with high steal are not comparable)',
    pairedLine(http.meVsDirect),
    '',
  ].join('\n');
}

/** The targets of the HTTP part, met or not. */
export function httpChecks(
  http: HttpResults,
  targets: { healthRps: number; meVsDirect: number; httpP99Ms: number },
): Array<[string, boolean]> {
  if ('skipped' in http) return [];
  const route = (name: string) => http.routes.find((r) => r.name === name);
  const health = route('GET /health');
  const meVsDirect = summarize(http.meVsDirect.ratios).median;
  return [
    [`GET /health >= ${targets.healthRps} req/s`, (health?.requestsPerSecond ?? 0) >= targets.healthRps],
    [
      `GET /me >= ${percent(targets.meVsDirect)} of direct GetUser (median of ${http.meVsDirect.ratios.length} alternated rounds: ${percent(meVsDirect)})`,
      meVsDirect >= targets.meVsDirect,
    ],
    [
      'zero errors and non-2xx answers',
      http.routes.every((r) => r.errors === 0 && r.non2xx === 0) && http.meVsDirect.errors === 0 && http.meVsDirect.non2xx === 0,
    ],
    [`p99 < ${targets.httpP99Ms} ms on every route`, http.routes.every((r) => r.p99 < targets.httpP99Ms)],
  ];
}
