import { loadOnce } from '../load-once.js';

/**
 * The traced Cognito client and its commands (sdk.ts), loaded by the first call rather than at init
 * (powertools.ts says why): `const { cognito, GetUserCommand } = await cognitoSdk();`.
 */
export const cognitoSdk = loadOnce(() => import('./sdk.js'));
