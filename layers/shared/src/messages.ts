// `@authapi/shared/messages`: the messages table (model, keys, cursors), the loader of its traced
// DynamoDB client, and idempotency.
// A separate entry point so the auth functions do not carry the messages code.
export { dynamodbSdk } from './messages/client.js';
export { idempotent, type IdempotentRequest } from './messages/idempotency.js';
export { messagesTable } from './messages/config.js';
export {
  boxKey,
  createdAtOf,
  isMessageId,
  itemKey,
  messageOf,
  newMessageId,
  type Box,
  type Message,
  type MessageItem,
  type Party,
} from './messages/model.js';
export { decodeCursor, encodeCursor } from './messages/cursor.js';
export { messageIdOf, messageNotFound } from './messages/path.js';
