// What the load run saw per route: every answer's status and latency, as the client measured them.
import { percentile, table } from '../../bench/stats.js';

/** A status the run tolerates and reports: the quota's 429 and an upstream's 503 (both carry retry-after). */
export const isBackPressure = (status: number) => status === 429 || status === 503;
/** What the run fails on: a gateway or function failure, or a connection that gave no answer (0). */
export const isServerFailure = (status: number) => status === 0 || status === 500 || status === 502 || status === 504;

export class RouteStats {
  private readonly latencies = new Map<string, number[]>();
  private readonly statuses = new Map<string, Map<number, number>>();

  record(route: string, status: number, ms: number): void {
    const samples = this.latencies.get(route) ?? [];
    samples.push(ms);
    this.latencies.set(route, samples);
    const counts = this.statuses.get(route) ?? new Map<number, number>();
    counts.set(status, (counts.get(status) ?? 0) + 1);
    this.statuses.set(route, counts);
  }

  /** How many answers, over all routes, had a status `matches` accepts. */
  count(matches: (status: number) => boolean): number {
    let total = 0;
    for (const counts of this.statuses.values()) for (const [status, n] of counts) if (matches(status)) total += n;
    return total;
  }

  /** One row per route: requests, requests per second, p50/p99 latency, and the statuses seen (0 = no answer). */
  report(seconds: number): string {
    const rows = [...this.latencies.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([route, samples]) => {
        const sorted = [...samples].sort((a, b) => a - b);
        const counts = [...(this.statuses.get(route) ?? new Map<number, number>()).entries()].sort(([a], [b]) => a - b);
        return [
          route,
          String(samples.length),
          (samples.length / seconds).toFixed(1),
          percentile(sorted, 50).toFixed(0),
          percentile(sorted, 99).toFixed(0),
          counts.map(([status, n]) => `${status}: ${n}`).join(', '),
        ];
      });
    const total = [...this.latencies.values()].reduce((sum, samples) => sum + samples.length, 0);
    rows.push(['all', String(total), (total / seconds).toFixed(1), '', '', '']);
    return table(['route', 'requests', 'req/s', 'p50 ms', 'p99 ms', 'statuses'], rows);
  }
}
