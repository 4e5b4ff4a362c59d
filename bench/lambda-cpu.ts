// The bench's model of the CPU a Lambda function gets: a share of one vCPU proportional to its memory.
// https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html ("At 1,769 MB, a function has
// the equivalent of one vCPU"). docs/performance.md describes the model and what it assumes.
import type { Template } from '../scripts/lib/template.js';

/** Memory at which a function has one vCPU's worth of CPU time. */
export const MB_PER_VCPU = 1769;

/** Lambda's default when a template sets no MemorySize. */
const DEFAULT_MEMORY_MB = 128;

/** The functions' memory: `Globals.Function.MemorySize`; a function that sets its own is an error (one model for all). */
export function memorySizeOf(template: Template): number {
  const global = template.Globals?.Function?.MemorySize;
  const memory = global === undefined ? DEFAULT_MEMORY_MB : Number(global);
  if (!Number.isInteger(memory) || memory < 128)
    throw new Error(`Globals.Function.MemorySize: expected an integer >= 128, got ${JSON.stringify(global)}`);
  const differing = Object.entries(template.Resources)
    .filter(([, r]) => r.Type === 'AWS::Serverless::Function' && r.Properties?.MemorySize !== undefined)
    .filter(([, r]) => Number(r.Properties?.MemorySize) !== memory)
    .map(([id]) => id);
  if (differing.length > 0) throw new Error(`The bench models one memory size; these functions set another: ${differing.join(', ')}`);
  return memory;
}

/** The share of one CPU a function with `memoryMb` gets: its memory over MB_PER_VCPU (above 1 past it). */
export const cpuShareOf = (memoryMb: number): number => memoryMb / MB_PER_VCPU;

/** A CFS bandwidth quota (cgroup `cpu.cfs_quota_us`) that gives `share` of a CPU per `periodUs`. */
export function quotaUsOf(share: number, periodUs: number): number {
  if (!(share > 0)) throw new Error(`CPU share must be positive, got ${share}`);
  // The kernel refuses quotas under 1 ms (EINVAL).
  return Math.max(1000, Math.round(share * periodUs));
}
