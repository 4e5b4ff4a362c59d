// `@authapi/shared/messages`: the messages table (model, keys, cursors) and its traced DynamoDB client.
// A separate entry point so the auth functions do not load DynamoDB (idempotency: `./idempotency`).
export { dynamodb, documents } from './messages/client.js';
export { messagesTable } from './messages/config.js';
export { boxKey, createdAtOf, isMessageId, itemKey, messageOf, newMessageId, type Box, type Message, type MessageItem, type Party } from './messages/model.js';
export { decodeCursor, encodeCursor } from './messages/cursor.js';
export { messageIdOf, messageNotFound } from './messages/path.js';
// Only the commands the functions send, so the rest of the document client is tree-shaken away.
export { DeleteCommand, GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
