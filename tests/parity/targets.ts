// The Cognito implementations every parity case runs against: moto_server and the project's
// embedded Cognito (which one that is: tests/parity/embedded-cognito.ts).
import type { ParityTarget } from './target.js';
import { embedded } from './targets/embedded.js';
import { moto, motoServerPath } from './targets/moto.js';

/** moto_server missing fails the moto half, unless PARITY_WITHOUT_MOTO=1 says to run without it. */
function motoOrExplanation(): ParityTarget | undefined {
  if (motoServerPath()) return moto;
  if (process.env.PARITY_WITHOUT_MOTO === '1') {
    process.stderr.write(
      '\n*** PARITY: moto_server is not installed and PARITY_WITHOUT_MOTO=1: the moto half of the parity suite DID NOT RUN ***\n\n',
    );
    return undefined;
  }
  return {
    name: moto.name,
    start: () =>
      Promise.reject(
        new Error(
          "moto_server is not on PATH: install it (pip install 'moto[server]') or set PARITY_WITHOUT_MOTO=1 to run the parity suite against the embedded Cognito only",
        ),
      ),
  };
}

export const targets: ParityTarget[] = [motoOrExplanation(), embedded].filter((target) => target !== undefined);
