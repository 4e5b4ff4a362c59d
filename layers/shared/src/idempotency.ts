// `@authapi/shared/idempotency`: Powertools idempotency over the messages table's DynamoDB client.
// A separate entry point so that only the function that needs it (send-message) loads Powertools
// idempotency and its JMESPath engine on a cold start (~45 KB); the other message functions do not.
export { idempotent, type IdempotentRequest } from './messages/idempotency.js';
