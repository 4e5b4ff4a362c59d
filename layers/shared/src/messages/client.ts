import { loadOnce } from '../load-once.js';

/**
 * The traced DynamoDB client, its document client and their commands (sdk.ts), loaded by the first
 * call rather than at init (powertools.ts says why): `const { documents, QueryCommand } = await dynamodbSdk();`.
 */
export const dynamodbSdk = loadOnce(() => import('./sdk.js'));
