import { undefinedOn } from '../http/aws-errors.js';
import { DeleteCommand, documents, GetCommand } from '../messages/client.js';
import { accountsTable } from '../sessions/config.js';
import { accountKey, type AccountItem } from '../sessions/table.js';
import { directoryKey } from './partitions.js';

/** Whether the account's item is a deleted account's tombstone (read strongly consistent). */
export async function isTombstoned(sub: string): Promise<boolean> {
  const { Item } = await documents.send(new GetCommand({ TableName: accountsTable(), Key: accountKey(sub), ConsistentRead: true }));
  return (Item as AccountItem | undefined)?.deletedAt !== undefined;
}

/**
 * Removes the directory's entries of the user's emails, so no one can address them any more. Only entries that
 * still name this user: an address another account has taken since is theirs.
 */
export async function removeDirectoryEntries(sub: string, emails: readonly string[]): Promise<void> {
  const TableName = accountsTable();
  await Promise.all(
    [...new Set(emails.map((email) => email.toLowerCase()))].map((email) =>
      documents
        .send(
          new DeleteCommand({
            TableName,
            Key: directoryKey(email),
            ConditionExpression: '#sub = :sub',
            ExpressionAttributeNames: { '#sub': 'sub' },
            ExpressionAttributeValues: { ':sub': sub },
          }),
        )
        .catch(undefinedOn('ConditionalCheckFailedException')),
    ),
  );
}
