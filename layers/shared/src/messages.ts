// `@authapi/shared/messages`: for the message functions: the DynamoDB clients and their commands, the
// messages table (model, keys, cursors, the `{id}` path parameter) and idempotent sends.
export * from './messages/client.js';
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
export { idempotent, type IdempotentRequest } from './messages/idempotency.js';
