// The project's embedded Cognito as the parity suite runs it. Switching the suite to another
// implementation (the project's own emulator) is this one entry: its name and its start function.
// The import is lazy: only the child process that runs it loads the implementation.
import type { EmbeddedCognito } from './targets/embedded-cognito-type.js';

export const embeddedCognito: EmbeddedCognito = {
  name: 'cognito-local',
  start: async (options) => (await import('./targets/cognito-local.js')).startCognitoLocal(options),
};
