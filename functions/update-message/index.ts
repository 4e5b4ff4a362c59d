import { json, problem, subjectOf, type AuthorizedEvent } from '@authapi/shared/http';
import { parseBody, z } from '@authapi/shared/input';
import {
  documents,
  GetCommand,
  itemKey,
  messageIdOf,
  messageNotFound,
  messageOf,
  messagesTable,
  UpdateCommand,
} from '@authapi/shared/messages';
import { protectedHandler } from '@authapi/shared/sessions';

const Body = z.object({ read: z.boolean() });

const notRecipient = problem(403, 'NotRecipient', 'Not the recipient', 'Only the recipient can mark a message read or unread.');

export const handler = protectedHandler(async (event: AuthorizedEvent) => {
  const id = messageIdOf(event);
  const { read } = parseBody(event, Body);
  const sub = subjectOf(event);
  const TableName = messagesTable();
  try {
    // Read state lives on the recipient's inbox copy; the first read time is kept.
    const { Attributes } = await documents.send(
      new UpdateCommand({
        TableName,
        Key: itemKey(sub, 'inbox', id),
        ConditionExpression: 'attribute_exists(pk)',
        UpdateExpression: read ? 'SET readAt = if_not_exists(readAt, :now)' : 'REMOVE readAt',
        ...(read ? { ExpressionAttributeValues: { ':now': new Date().toISOString() } } : {}),
        ReturnValues: 'ALL_NEW',
      }),
    );
    return json(200, messageOf(Attributes ?? {}));
  } catch (error) {
    if (!(error instanceof Error) || error.name !== 'ConditionalCheckFailedException') throw error;
  }
  // Not in the caller's inbox: their own sent message is a 403, anything else is not theirs to see.
  const sent = await documents.send(new GetCommand({ TableName, Key: itemKey(sub, 'sent', id), ProjectionExpression: 'pk' }));
  throw sent.Item ? notRecipient : messageNotFound;
});
