import { loadOnce } from '../load-once.js';

/**
 * Loads the traced Cognito client and its commands (client.ts) with the first call rather than at
 * init (docs/performance.md): `const { cognito, GetUserCommand } = await loadCognitoClient();`.
 */
export const loadCognitoClient = loadOnce(() => import('./client.js'));
