import { messagesTable } from '../messages/config.js';
import { accountsTable } from '../sessions/config.js';

// Every partition the project keys by a user (docs/erasure.md). A new per-user item type is erased only once
// its partition is listed here; tests/integration/erasure.test.ts scans the tables to catch one that is not.

export interface Partition {
  table: string;
  pk: string;
  /** A sort key erasure keeps: the account's tombstone. */
  keep?: string;
}

/** The user's partitions: both boxes, idempotency records and send-quota counters, sessions (the tombstone is kept). */
export const partitionsOf = (sub: string): Partition[] => [
  { table: messagesTable(), pk: `USER#${sub}#INBOX` },
  { table: messagesTable(), pk: `USER#${sub}#SENT` },
  { table: messagesTable(), pk: `USER#${sub}#IDEMPOTENCY` },
  { table: messagesTable(), pk: `USER#${sub}#QUOTA` },
  { table: accountsTable(), pk: `USER#${sub}`, keep: 'ACCOUNT' },
];

/** The directory's entry for an email (EMAIL#<email> / EMAIL), in the accounts table. */
export const directoryKey = (email: string) => ({ pk: `EMAIL#${email.toLowerCase()}`, sk: 'EMAIL' });
