// The project's Cognito emulator (local/cognito/), started the way the parity suite starts an embedded Cognito.
import { startCognitoEmulator } from '../../../local/cognito/emulator.js';
import type { EmbeddedCognito } from './embedded-cognito-type.js';

export const startEmulator: EmbeddedCognito['start'] = async ({ host, port, dataDir }) => {
  const cognito = await startCognitoEmulator({ host, port, ...(dataDir ? { dataDir } : {}), printCode: () => undefined });
  return { endpoint: cognito.endpoint, stop: cognito.stop };
};
