import { json, subjectOf, type AuthorizedEvent } from '@authapi/shared/http';
import { parseQuery, z } from '@authapi/shared/input';
import { boxKey, decodeCursor, documents, encodeCursor, messageOf, messagesTable, QueryCommand } from '@authapi/shared/messages';
import { protectedHandler } from '@authapi/shared/sessions';

const Query = z.object({
  box: z._default(z.enum(['inbox', 'sent']), 'inbox'),
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 20),
  cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(512))),
});

export const handler = protectedHandler(async (event: AuthorizedEvent) => {
  const { box, limit, cursor } = parseQuery(event, Query);
  // The partition always comes from the token: no query parameter can name another user's box.
  const pk = boxKey(subjectOf(event), box);
  const after = cursor === undefined ? undefined : decodeCursor(cursor, box);
  // One more than asked for tells whether there is a next page, so the last page has no cursor.
  const { Items = [] } = await documents.send(
    new QueryCommand({
      TableName: messagesTable(),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': pk },
      ScanIndexForward: false,
      Limit: limit + 1,
      ...(after ? { ExclusiveStartKey: { pk, sk: after } } : {}),
    }),
  );
  const items = Items.slice(0, limit).map(messageOf);
  const last = items.at(-1);
  return json(200, { items, ...(Items.length > limit && last ? { nextCursor: encodeCursor(box, last.id) } : {}) });
});
