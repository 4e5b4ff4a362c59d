// Today's embedded Cognito (cognito-local behind local/cognito.ts's corrections), started the way the
// parity suite starts an embedded Cognito.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedCognito } from '../../../local/cognito.js';
import type { EmbeddedCognito } from './embedded-cognito-type.js';

export const startCognitoLocal: EmbeddedCognito['start'] = async ({ host, port }) => {
  // Without keepData nothing is written there; cognito-local still wants a directory.
  const dataDir = mkdtempSync(join(tmpdir(), 'parity-cognito-local-'));
  const cognito = await startEmbeddedCognito({ host, port, dataDir, keepData: false, printCode: () => undefined });
  return {
    endpoint: cognito.endpoint,
    stop: async () => {
      await cognito.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
};
