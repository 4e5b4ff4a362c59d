import { createHash } from 'node:crypto';
import { problem } from '../http/problem.js';
import { documents, UpdateCommand } from '../messages/client.js';
import { accountsTable, emailCodeLimitPerHour } from './config.js';

// The email sign-in codes the API asks Cognito to send, counted per address and clock hour in the accounts table
// (docs/passwordless.md): one conditional update per send, before Cognito is asked, for every address alike,
// registered or not, so the limit tells nothing about accounts. The key holds a digest, not the address.

const HOUR_MS = 3_600_000;

/** EMAIL_CODES#<sha256 of the address> / HOUR#<the hour, UTC>. */
export const emailCodesKey = (email: string, hourStart: number) => ({
  pk: `EMAIL_CODES#${createHash('sha256').update(email).digest('base64url')}`,
  sk: `HOUR#${new Date(hourStart).toISOString().slice(0, 13)}`,
});

export const emailCodeLimitExceeded = (retryAfterSeconds: number) =>
  problem(429, 'EmailCodeLimitExceeded', 'Too many codes', 'Too many sign-in codes were sent to this address; retry later.', {
    retryAfterSeconds,
  });

/** Counts one code for `email` this hour, or refuses it (429 EmailCodeLimitExceeded, retry-after to the hour's end). */
export async function countEmailCode(email: string, now = Date.now()): Promise<void> {
  const hourStart = now - (now % HOUR_MS);
  const endsAt = hourStart + HOUR_MS;
  try {
    await documents.send(
      new UpdateCommand({
        TableName: accountsTable(),
        Key: emailCodesKey(email, hourStart),
        UpdateExpression: 'ADD sends :one SET expiresAt = :expiresAt',
        ConditionExpression: 'attribute_not_exists(sends) OR sends < :limit',
        ExpressionAttributeValues: { ':one': 1, ':limit': emailCodeLimitPerHour(), ':expiresAt': Math.floor(endsAt / 1000) },
      }),
    );
  } catch (error) {
    if (error instanceof Error && error.name === 'ConditionalCheckFailedException')
      throw emailCodeLimitExceeded(Math.max(1, Math.ceil((endsAt - now) / 1000)));
    throw error;
  }
}
