// npm run test:load: N connections (one user each) of mixed sends and reads against the local stack (npm start
// in a child process, on free ports) for a fixed time, then every acknowledged send checked in both boxes.
// Fails on a lost or duplicated message, a 500/502/504 or an unanswered request; 429 and 503 are counted.
// Options: --connections N (default 16), --duration SECONDS (default 60), --param Name=Value (a template
// parameter, as npm start takes it; e.g. SendRateLimitPerMinute=20 to load the quota). Figures: docs/messages.md.
import { parseArgs } from 'node:util';
import { describeLoad, machineLoadSince, machineSnapshot } from '../../bench/machine.js';
import { claimsOf, startTestStack, uniqueEmail } from '../integration/local-stack.js';
import { isBackPressure, isServerFailure, RouteStats } from './routes.js';
import { verify } from './verify.js';
import { Workload, type LoadUser } from './workload.js';

const { values } = parseArgs({
  options: {
    connections: { type: 'string', default: process.env.LOAD_CONNECTIONS ?? '16' },
    duration: { type: 'string', default: process.env.LOAD_DURATION_SECONDS ?? '60' },
    param: { type: 'string', multiple: true, default: [] },
  },
});
const CONNECTIONS = Number(values.connections);
const DURATION_SECONDS = Number(values.duration);
if (!(CONNECTIONS >= 2) || !(DURATION_SECONDS > 0)) throw new Error('--connections must be at least 2 and --duration positive');

// The per-user send quotas (20 a minute by default) would answer most sends 429 and measure the quota, not the
// system; the tokens must outlive the run.
const PARAMETERS = {
  SendRateLimitPerMinute: '1000000',
  SendLimitPerDay: '1000000',
  AccessTokenValidityMinutes: String(Math.min(1440, Math.max(15, Math.ceil(DURATION_SECONDS / 60) + 10))),
  ...Object.fromEntries(values.param.map((param) => [param.slice(0, param.indexOf('=')), param.slice(param.indexOf('=') + 1)])),
};

async function main(): Promise<void> {
  const stack = await startTestStack({ parameters: PARAMETERS });
  try {
    const apiUrl = stack.state.apiUrl ?? '';
    const users: LoadUser[] = await Promise.all(
      Array.from({ length: CONNECTIONS }, async (_, i) => {
        const email = uniqueEmail(`load-${i}`);
        const token = await stack.signedInUser(email);
        return { email, token, sub: String(claimsOf(token).sub) };
      }),
    );
    const stats = new RouteStats();
    const workload = new Workload(apiUrl, users, stats);
    const machineBefore = machineSnapshot();
    const started = performance.now();
    await Promise.all(users.map((user) => workload.worker(user, started + DURATION_SECONDS * 1000)));
    const seconds = (performance.now() - started) / 1000;
    const machine = machineLoadSince(machineBefore);
    const verdict = await verify(apiUrl, users, workload.sends);

    const serverFailures = stats.count(isServerFailure);
    console.log(`${CONNECTIONS} connections, ${seconds.toFixed(1)} s; machine: ${describeLoad(machine)}`);
    console.log(stats.report(seconds));
    console.log(
      [
        `sends: ${workload.sends.length}, acknowledged ${verdict.acknowledged}, retried with their key ${verdict.retriedOnce} (stored once), ` +
          `retries of an acknowledged send refused ${verdict.retryRefusals}`,
        `lost ${verdict.lost}, duplicated ${verdict.duplicated}, wrong id ${verdict.wrongId}, torn ${verdict.torn}, ` +
          `listed twice ${verdict.listingRepeats}, unknown copies ${verdict.unknownCopies}, stored unacknowledged ${verdict.storedUnacknowledged}`,
        `429/503: ${stats.count(isBackPressure)}, 500/502/504/no answer: ${serverFailures}, other 4xx/5xx: ${stats.count(isUnexpected)}`,
      ].join('\n'),
    );
    const failed =
      verdict.lost +
        verdict.duplicated +
        verdict.retryRefusals +
        verdict.wrongId +
        verdict.torn +
        verdict.listingRepeats +
        verdict.unknownCopies +
        serverFailures >
        0 ||
      stats.count(isUnexpected) > 0 ||
      verdict.acknowledged === 0;
    if (failed) {
      console.error('load run FAILED');
      process.exitCode = 1;
    }
  } finally {
    await stack.stop();
  }
}

/** Any answer that is neither a success nor counted apart (429, 503, 500, 502, 504, none): a 401 or 404 here is a defect. */
const isUnexpected = (status: number) => status >= 400 && !isBackPressure(status) && !isServerFailure(status);

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
