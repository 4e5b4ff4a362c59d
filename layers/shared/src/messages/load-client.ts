import { loadOnce } from '../load-once.js';

/**
 * Loads the traced DynamoDB clients and their commands (client.ts) with the first call rather than
 * at init (docs/performance.md): `const { documents, QueryCommand } = await loadDynamodbClient();`.
 */
export const loadDynamodbClient = loadOnce(() => import('./client.js'));
