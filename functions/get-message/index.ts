import { json, subjectOf, type AuthorizedEvent } from '@authapi/shared/http';
import { documents, GetCommand, itemKey, messageIdOf, messageNotFound, messageOf, messagesTable } from '@authapi/shared/messages';
import { protectedHandler } from '@authapi/shared/sessions';

export const handler = protectedHandler(async (event: AuthorizedEvent) => {
  const id = messageIdOf(event);
  const sub = subjectOf(event);
  const TableName = messagesTable();
  // Keys come from the caller's token, so only the caller's own copies can be found. The inbox copy
  // wins for a message to oneself: it carries the read state.
  const copies = await Promise.all(
    (['inbox', 'sent'] as const).map((box) => documents.send(new GetCommand({ TableName, Key: itemKey(sub, box, id) }))),
  );
  const item = copies.find((copy) => copy.Item)?.Item;
  if (!item) throw messageNotFound;
  return json(200, messageOf(item));
});
