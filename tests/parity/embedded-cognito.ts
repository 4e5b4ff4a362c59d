// The project's embedded Cognito as the parity suite runs it. Switching the suite to another
// implementation is this one entry: its name and its start function.
// The import is lazy: only the child process that runs it loads the implementation.
import type { EmbeddedCognito } from './targets/embedded-cognito-type.js';

export const embeddedCognito: EmbeddedCognito = {
  name: 'emulator',
  start: async (options) => (await import('./targets/emulator.js')).startEmulator(options),
};
