// `@authapi/shared/messages`: for the message functions: the DynamoDB clients and their commands, the
// messages table (model, keys, cursors, the `{id}` path parameter) and the send's one transaction.
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
export { idempotencyKeyOf, idempotencyKeyReused, requestHashOf, storedSend, storeMessage, type SendRequest } from './messages/send.js';
export { quotaKey } from './messages/quota.js';
