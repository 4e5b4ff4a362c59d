// The Cognito implementations every parity case runs against: moto_server and the project's
// embedded Cognito (which one that is: tests/parity/embedded-cognito.ts).
import type { ParityTarget } from './target.js';
import { embedded } from './targets/embedded.js';
import { moto, motoServerPath } from './targets/moto.js';

/**
 * moto_server missing: on a developer's machine without Python the moto half does not run and one loud
 * line says so; in CI (CI set, as .ci/run does) it fails, so that CI always runs both halves.
 */
function motoOrExplanation(): ParityTarget | undefined {
  if (motoServerPath()) return moto;
  if (!process.env.CI) {
    process.stderr.write(
      "\n*** PARITY: moto_server is not installed: the moto half of the parity suite DID NOT RUN (pip install 'moto[server]') ***\n\n",
    );
    return undefined;
  }
  return {
    name: moto.name,
    start: () =>
      Promise.reject(
        new Error("moto_server is not on PATH, and CI runs the parity suite against it: install it (pip install 'moto[server]')"),
      ),
  };
}

export const targets: ParityTarget[] = [motoOrExplanation(), embedded].filter((target) => target !== undefined);
