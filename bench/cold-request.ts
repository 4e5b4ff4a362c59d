// Cold requests: one fresh Node process per sample (bench/cold-child.mjs) that loads a built handler as
// the Lambda runtime does (init), then runs its first invocation, under one of the CPU models below.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../scripts/lib/template.js';
import type { QuotaGroups } from './cgroup.js';
import { summarize, type Summary } from './stats.js';

/**
 * - `lambda`: init on a full core, the first invocation held to the function's share (the bench's model
 *   of Lambda: an on-demand init is assumed to get a full core, which public measurements show and AWS
 *   does not promise);
 * - `shared`: init and invocation both held to the share (the same process in the quota group from its start);
 * - `full`: no quota at all (`--no-cpu-model`).
 */
export type CpuModel = 'lambda' | 'shared' | 'full';

export const MODEL_LABELS: Record<CpuModel, string> = {
  lambda: 'init on a full core, invocation at the share',
  shared: 'init and invocation at the share',
  full: 'full core (no CPU model)',
};

export interface ColdTarget {
  /** Unique per target and layout, e.g. `GetMeFunction` or `GetMeFunction@init`. */
  key: string;
  file: string;
  eventFile: string;
  env: NodeJS.ProcessEnv;
}

export interface ColdSample {
  /** ms from process start to the handler loaded (Node's bootstrap and the import). */
  init: number;
  /** Node's bootstrap alone: process start to the child's first line. */
  bootstrap: number;
  firstInvoke: number;
  /** CPU time of all the process's threads, ms: init (bootstrap included), then the first invocation. */
  initCpu: number;
  invokeCpu: number;
  statusCode?: number;
  /** The answer's body when it is not 2xx, to say why. */
  body?: string;
  builtins: string[];
  /** Requests the AWS stub answered during this sample (set by the caller, who owns the stub). */
  awsCalls?: number;
}

export interface Quota {
  groups: QuotaGroups;
  periodUs: number;
  quotaUs: number;
}

const BENCH = join(ROOT, 'bench');

/** One cold request of `target` under `model`. */
export function coldRequest(target: ColdTarget, model: CpuModel, quota?: Quota): Promise<ColdSample> {
  if (model !== 'full' && !quota) throw new Error(`CPU model ${model} needs a quota`);
  const group = quota && model !== 'full' ? quota.groups.create(quota.periodUs, quota.quotaUs) : undefined;
  const node = [process.execPath, join(BENCH, 'cold-child.mjs'), target.file, target.eventFile, '--wait'];
  // `shared`: the shell joins the group, then becomes Node, so the whole process runs under the quota.
  const [command, ...args] =
    model === 'shared' && group ? ['/bin/sh', '-c', 'echo $$ > "$1" && shift && exec "$@"', 'sh', group.procsFile, ...node] : node;
  return new Promise<ColdSample>((done, fail) => {
    const child = spawn(command as string, args, { env: target.env, stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] });
    const lines: Array<Record<string, unknown>> = [];
    let pending = '';
    let errors = '';
    child.stdio[3]?.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      for (let end = pending.indexOf('\n'); end >= 0; end = pending.indexOf('\n')) {
        lines.push(JSON.parse(pending.slice(0, end)) as Record<string, unknown>);
        pending = pending.slice(end + 1);
        if (lines.length === 1) {
          // Init is done and the child waits: under the Lambda model, its invocation runs in the group.
          try {
            if (model === 'lambda' && group && child.pid) group.add(child.pid);
            (child.stdio[4] as NodeJS.WritableStream | null)?.end('g');
          } catch (error) {
            child.kill('SIGKILL');
            fail(error instanceof Error ? error : new Error(String(error)));
          }
        }
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.on('error', fail);
    child.on('close', (code) => {
      try {
        group?.remove();
      } catch (error) {
        fail(error instanceof Error ? error : new Error(String(error)));
        return;
      }
      const [init, invoke] = lines as [
        { started: number; loaded: number; builtins: string[]; initCpu: number } | undefined,
        { firstInvoke: number; invokeCpu: number; statusCode?: number; body?: string } | undefined,
      ];
      if (code !== 0 || !init || !invoke) {
        fail(new Error(`${target.key} (${model}): exit ${code}\n${errors}`));
        return;
      }
      done({
        init: init.loaded,
        bootstrap: init.started,
        firstInvoke: invoke.firstInvoke,
        initCpu: init.initCpu,
        invokeCpu: invoke.invokeCpu,
        ...(invoke.statusCode === undefined ? {} : { statusCode: invoke.statusCode }),
        ...(invoke.body === undefined ? {} : { body: invoke.body }),
        builtins: init.builtins,
      });
    });
  });
}

export interface ColdRequestResult {
  samples: number;
  /** Medians, ms. */
  init: number;
  firstInvoke: number;
  /** Median of each sample's init + first invocation: what the first request waits for. */
  coldRequest: number;
  coldRequestP90: number;
  /** Medians of the CPU time, ms, all threads: init (bootstrap included) and the first invocation. */
  initCpu: number;
  invokeCpu: number;
  /** coldRequest minus the floor's coldRequest in the same run and model. */
  overFloor: number;
  statusCodes: number[];
  /** Median of the requests the AWS stub answered per sample. */
  awsCalls: number;
}

const coldRequestsOf = (samples: ColdSample[]): Summary => summarize(samples.map((s) => s.init + s.firstInvoke));

/** The figures of one target under one model, over the floor's samples under the same model. */
export function coldRequestResult(samples: ColdSample[], floorSamples: ColdSample[]): ColdRequestResult {
  const cold = coldRequestsOf(samples);
  return {
    samples: samples.length,
    init: summarize(samples.map((s) => s.init)).median,
    firstInvoke: summarize(samples.map((s) => s.firstInvoke)).median,
    coldRequest: cold.median,
    coldRequestP90: cold.p90,
    initCpu: summarize(samples.map((s) => s.initCpu)).median,
    invokeCpu: summarize(samples.map((s) => s.invokeCpu)).median,
    overFloor: cold.median - coldRequestsOf(floorSamples).median,
    statusCodes: [...new Set(samples.map((s) => s.statusCode ?? 0))].sort(),
    awsCalls: summarize(samples.map((s) => s.awsCalls ?? 0)).median,
  };
}

export interface TargetCheck {
  /** 1 - function / reference, both over the floor: 0.4 means 40% below the reference. */
  below: number;
  met: boolean;
}

/** The target: a function's cold request over the floor at least `required` (0.4) below the reference's. */
export function againstReference(functionOverFloor: number, referenceOverFloor: number, required: number): TargetCheck {
  if (!(referenceOverFloor > 0)) throw new Error(`the reference must cost more than the floor (got ${referenceOverFloor} ms over it)`);
  const below = 1 - functionOverFloor / referenceOverFloor;
  return { below, met: below >= required };
}
