import { noContent, subjectOf, type AuthorizedEvent } from '@authapi/shared/http';
import { DeleteCommand, documents, itemKey, messageIdOf, messageNotFound, messagesTable } from '@authapi/shared/messages';
import { protectedHandler } from '@authapi/shared/sessions';

export const handler = protectedHandler(async (event: AuthorizedEvent) => {
  const id = messageIdOf(event);
  const sub = subjectOf(event);
  const TableName = messagesTable();
  // Only the caller's copies go (both, for a message to oneself); the other party keeps theirs.
  const deleted = await Promise.all(
    (['inbox', 'sent'] as const).map((box) =>
      documents.send(new DeleteCommand({ TableName, Key: itemKey(sub, box, id), ReturnValues: 'ALL_OLD' })),
    ),
  );
  if (!deleted.some((result) => result.Attributes)) throw messageNotFound;
  return noContent();
});
