// The cold-request phase of `npm run bench`: every function in every layout and the reference handlers,
// one fresh process per sample, round-robin in a random order per round, under each CPU model, against
// the local HTTPS stub of the AWS endpoints. CPU-quota groups and the stub live only as long as the phase.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { QuotaGroups } from './cgroup.js';
import type { ColdResults } from './cold-report.js';
import { coldRequest, coldRequestResult, type ColdSample, type ColdTarget, type CpuModel } from './cold-request.js';
import { startAwsStub } from './https-stub.js';
import { describeLoad, machineLoadSince, machineSnapshot, type MachineLoad } from './machine.js';
import { FLOOR, type Reference } from './references.js';

export interface Endpoints {
  /** The stub's https:// URL, for every AWS client and the lower bound's request. */
  url: string;
  /** The CA file a child trusts the stub's certificate through (NODE_EXTRA_CA_CERTS). */
  caFile: string;
}

export interface ColdBenchOptions {
  runs: number;
  models: CpuModel[];
  /** CFS period and quota for the models that hold a process to the function's share. */
  quota?: { periodUs: number; quotaUs: number };
  functions: Array<{ id: string; eventFile: string }>;
  /** Layout name -> build folder (one subfolder per function); the first is the layer as built. */
  builds: Array<{ layout: string; dir: string }>;
  references: Reference[];
  /** The event file for references (their handlers ignore it, except for the Authorization header). */
  referenceEventFile: string;
  environment: (id: string, taskRoot: string, endpoints: Endpoints) => NodeJS.ProcessEnv;
}

export interface ColdBenchResult {
  cold: ColdResults;
  /** Key (`Function` or `Function@layout`) -> model -> samples. */
  samples: Record<string, Partial<Record<CpuModel, ColdSample[]>>>;
  machine: MachineLoad;
  /** Steal and load per round: the worst round says how much to trust the medians. */
  rounds: MachineLoad[];
  stubRequests: Record<string, number>;
}

const shuffled = <T>(items: T[]): T[] =>
  items
    .map((item) => ({ item, key: Math.random() }))
    .sort((a, b) => a.key - b.key)
    .map(({ item }) => item);

/** Quota groups and the stub's folder removed however the bench ends (an error, Ctrl-C): a left-over group would outlive it. */
function withCleanup(groups: QuotaGroups | undefined, stubDir: string): () => void {
  const cleanup = () => {
    groups?.removeAll();
    rmSync(stubDir, { recursive: true, force: true });
  };
  const onSignal = (signal: NodeJS.Signals) => {
    cleanup();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('exit', cleanup);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return () => {
    process.off('exit', cleanup);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    cleanup();
  };
}

export async function runColdBench(options: ColdBenchOptions): Promise<ColdBenchResult> {
  const stubDir = mkdtempSync(join(tmpdir(), 'auth-api-bench-tls-'));
  const stub = await startAwsStub(stubDir);
  const groups = options.models.some((model) => model !== 'full') ? new QuotaGroups(`auth-api-bench-${process.pid}`) : undefined;
  const done = withCleanup(groups, stubDir);
  const quota = groups && options.quota ? { groups, ...options.quota } : undefined;
  const endpoints = { url: stub.url, caFile: stub.caFile };
  const target = (key: string, file: string, eventFile: string, id = key): ColdTarget => ({
    key,
    file: pathToFileURL(file).href,
    eventFile,
    env: options.environment(id, dirname(file), endpoints),
  });
  const asBuilt = options.builds[0]?.layout;
  const keyOf = (id: string, layout: string) => (layout === asBuilt ? id : `${id}@${layout}`);
  const targets = [
    ...options.references.map((r) => target(r.id, r.file, options.referenceEventFile)),
    ...options.builds.flatMap(({ layout, dir }) =>
      options.functions.map((fn) => target(keyOf(fn.id, layout), join(dir, fn.id, 'index.mjs'), fn.eventFile, fn.id)),
    ),
  ];
  const samples: ColdBenchResult['samples'] = Object.fromEntries(targets.map((t) => [t.key, {}]));
  const rounds: MachineLoad[] = [];
  const callsSoFar = () => [...stub.requests.values()].reduce((sum, count) => sum + count, 0);
  const phase = machineSnapshot();
  try {
    process.stdout.write(`cold requests: ${options.runs} rounds x ${targets.length} handlers x ${options.models.length} CPU models `);
    for (let run = 0; run < options.runs; run += 1) {
      const round = machineSnapshot();
      // Every handler under every model once per round, in a random order, so that the machine's drift
      // spreads over all of them.
      for (const [t, model] of shuffled(targets.flatMap((t) => options.models.map((model) => [t, model] as const)))) {
        const callsBefore = callsSoFar();
        const sample = { ...(await coldRequest(t, model, quota)), awsCalls: callsSoFar() - callsBefore };
        if (!String(sample.statusCode).startsWith('2'))
          throw new Error(
            `${t.key} (${model}) answered ${sample.statusCode} to its first invocation: the figures would not be of the whole path. ${sample.body ?? ''}`,
          );
        ((samples[t.key] as Partial<Record<CpuModel, ColdSample[]>>)[model] ??= []).push(sample);
      }
      rounds.push(machineLoadSince(round));
      process.stdout.write('.');
    }
    process.stdout.write('\n');
  } finally {
    await stub.close();
    done();
  }
  const machine = machineLoadSince(phase);
  console.log(`cold requests measured in ${describeLoad(machine)}`);

  const floorSamples = samples[FLOOR] ?? {};
  const byModel = (key: string) =>
    Object.fromEntries(options.models.map((model) => [model, coldRequestResult(samples[key]?.[model] ?? [], floorSamples[model] ?? [])]));
  const cold: ColdResults = {
    models: options.models,
    layouts: options.builds.map((b) => b.layout),
    references: options.references.map((r) => ({ id: r.id, label: r.label, results: byModel(r.id) })),
    functions: Object.fromEntries(
      options.functions.map((fn) => [
        fn.id,
        Object.fromEntries(options.builds.map(({ layout }) => [layout, byModel(keyOf(fn.id, layout))])),
      ]),
    ),
  };
  // A reference that calls AWS but reached no endpoint measured something else (a cached stand-in, an error path).
  const silent = cold.references.filter((r) => r.id !== FLOOR && Object.values(r.results).some((result) => result.awsCalls < 1));
  if (silent.length > 0) throw new Error(`no AWS request reached the stub from: ${silent.map((r) => r.label).join(', ')}`);
  const unknown = [...stub.requests.keys()].filter((key) => key.startsWith('unknown'));
  if (unknown.length > 0) throw new Error(`the AWS stub had no answer for: ${unknown.join(', ')}`);
  return { cold, samples, machine, rounds, stubRequests: Object.fromEntries(stub.requests) };
}
