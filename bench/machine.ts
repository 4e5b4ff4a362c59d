// How busy the machine was while the bench measured: the other tenants of a shared VM (steal) and the
// other processes (load) move every figure, so each phase records them next to its results.
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';

/** The machine's CPU counters (Linux /proc/stat: user nice system idle iowait irq softirq steal). */
export function machineTicks(): number[] | undefined {
  try {
    return readFileSync('/proc/stat', 'utf8').split('\n')[0]?.trim().split(/\s+/).slice(1).map(Number);
  } catch {
    return undefined;
  }
}

export interface MachineSnapshot {
  ticks?: number[];
  at: number;
}

export interface MachineLoad {
  seconds: number;
  /** Share of CPU time the hypervisor gave to other machines (steal). */
  stealPercent?: number;
  /** Share of CPU time not idle, over all cores (this bench's own work included). */
  busyPercent?: number;
  /** 1-minute load average at the end, and the number of cores it compares with. */
  load1: number;
  cores: number;
}

export const machineSnapshot = (): MachineSnapshot => ({ ...(machineTicks() ? { ticks: machineTicks() } : {}), at: performance.now() });

export function machineLoadSince(before: MachineSnapshot, after = machineSnapshot()): MachineLoad {
  const ticks = before.ticks && after.ticks ? after.ticks.map((value, i) => value - (before.ticks?.[i] ?? 0)) : undefined;
  const total = ticks?.reduce((sum, value) => sum + value, 0);
  const idle = ticks ? (ticks[3] ?? 0) + (ticks[4] ?? 0) : 0;
  return {
    seconds: (after.at - before.at) / 1000,
    ...(ticks && total ? { stealPercent: ((ticks[7] ?? 0) / total) * 100, busyPercent: ((total - idle) / total) * 100 } : {}),
    load1: loadavg()[0] ?? 0,
    cores: cpus().length,
  };
}

export const describeLoad = (load: MachineLoad): string =>
  `${load.seconds.toFixed(0)} s, steal ${load.stealPercent?.toFixed(1) ?? '?'}%, CPU busy ${load.busyPercent?.toFixed(0) ?? '?'}% (this bench included), load ${load.load1.toFixed(2)} on ${load.cores} cores`;
