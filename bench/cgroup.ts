// CPU quotas for the bench's cold-start children, with the cgroup v1 `cpu` controller: one group per
// child, created before it starts and removed after it exits, under a parent group that lives as long
// as the bench. https://docs.kernel.org/scheduler/sched-bwc.html
import { existsSync, mkdirSync, readdirSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const CPU_CONTROLLER = '/sys/fs/cgroup/cpu';

export interface QuotaGroup {
  /** The file a pid is written to in order to move that process, all its threads, into the group. */
  procsFile: string;
  /** Moves a running process (its whole thread group) into the group. */
  add(pid: number): void;
  remove(): void;
}

/** Why the CPU model cannot run here, or undefined if it can. */
export function cpuModelUnavailable(controller = CPU_CONTROLLER): string | undefined {
  if (process.getuid?.() !== 0) return 'the Lambda CPU model needs root (it writes cgroup CPU quotas)';
  if (!existsSync(join(controller, 'cpu.cfs_quota_us')))
    return `the Lambda CPU model needs the cgroup v1 cpu controller at ${controller} (no cpu.cfs_quota_us there)`;
  return undefined;
}

/** rmdir of a group whose last process has just exited can race the kernel's own clean-up: retry briefly. */
function removeDir(dir: string): void {
  for (let attempt = 0; ; attempt += 1) {
    try {
      rmdirSync(dir);
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return;
      if (code !== 'EBUSY' || attempt >= 50) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
    }
  }
}

export class QuotaGroups {
  private readonly parent: string;
  private count = 0;

  constructor(
    name: string,
    private readonly controller = CPU_CONTROLLER,
  ) {
    this.parent = join(controller, name);
    mkdirSync(this.parent);
  }

  /** A new group giving `quotaUs` of CPU time per `periodUs` to what runs in it. */
  create(periodUs: number, quotaUs: number): QuotaGroup {
    this.count += 1;
    const dir = join(this.parent, `child-${this.count}`);
    mkdirSync(dir);
    // The period first: a quota above the old period is accepted either way, but a period below the
    // old quota is refused on some kernels.
    writeFileSync(join(dir, 'cpu.cfs_period_us'), String(periodUs));
    writeFileSync(join(dir, 'cpu.cfs_quota_us'), String(quotaUs));
    const procsFile = join(dir, 'cgroup.procs');
    return { procsFile, add: (pid) => writeFileSync(procsFile, String(pid)), remove: () => removeDir(dir) };
  }

  /** Removes every group left (their processes must have exited), then the parent. */
  removeAll(): void {
    if (!existsSync(this.parent)) return;
    for (const entry of readdirSync(this.parent, { withFileTypes: true }))
      if (entry.isDirectory()) removeDir(join(this.parent, entry.name));
    removeDir(this.parent);
  }
}
