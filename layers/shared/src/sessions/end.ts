import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { undefinedOn } from '../http/aws-errors.js';
import { documents, UpdateCommand } from '../messages/client.js';
import { accessTokenSeconds, accountsTable } from './config.js';
import { accountKey } from './table.js';

// Ending sessions in the API's record. Each caller first revokes what Cognito can (its refresh tokens), and
// writes here last: once this says ended, the session check refuses the caller's retry (docs/sessions.md).

/** JWT verifiers allow for some clock skew past `exp`; a tombstone outlives the tokens by as much. */
const CLOCK_SKEW_SECONDS = 60;

/** Ends every session of the user issued until now. */
export async function endSessions(sub: string): Promise<void> {
  const now = Date.now();
  await documents
    .send(
      new UpdateCommand({
        TableName: accountsTable(),
        Key: accountKey(sub),
        UpdateExpression: 'SET sessionsEndedAt = :now',
        // Kept as a maximum: an ending that is slower to arrive never moves it back.
        ConditionExpression: 'attribute_not_exists(sessionsEndedAt) OR sessionsEndedAt < :now',
        ExpressionAttributeValues: { ':now': now },
      }),
    )
    .catch(undefinedOn('ConditionalCheckFailedException'));
}

/**
 * Replaces the account's item with the tombstone of a deleted account: no personal data, only when, and
 * an expiry once every token issued before the deletion has expired (DynamoDB TTL).
 */
export async function writeTombstone(sub: string): Promise<void> {
  const now = Date.now();
  const expiresAt = Math.floor(now / 1000) + accessTokenSeconds() + CLOCK_SKEW_SECONDS;
  await documents.send(
    new PutCommand({ TableName: accountsTable(), Item: { ...accountKey(sub), deletedAt: now, sessionsEndedAt: now, expiresAt } }),
  );
}
