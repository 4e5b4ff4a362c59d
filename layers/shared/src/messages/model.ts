import { randomFillSync } from 'node:crypto';
import { decodeTime, isValid, monotonicFactory } from 'ulid';

export type Box = 'inbox' | 'sent';

export interface Party {
  sub: string;
  /** null for a machine sender (an OAuth2 client-credentials app client). */
  email: string | null;
}

/** The contract's message. */
export interface Message {
  id: string;
  from: Party;
  to: Party;
  subject: string;
  body: string;
  createdAt: string;
  readAt?: string;
}

/**
 * One copy of a message per box it is in: the recipient's inbox copy and the sender's sent copy.
 * `pk` names the box and its owner, so a query or a get keyed from the caller's token can only reach
 * the caller's own copies; `sk` is the message id, a ULID, so a box sorts by time.
 */
export interface MessageItem extends Message {
  pk: string;
  sk: string;
}

export const boxKey = (ownerSub: string, box: Box): string => `USER#${ownerSub}#${box.toUpperCase()}`;

export const itemKey = (ownerSub: string, box: Box, id: string) => ({ pk: boxKey(ownerSub, box), sk: id });

// ulid's own random source asks the CSPRNG once per character (docs/performance.md); this one hands
// out the same kind of bytes from a pool refilled as it runs out. A byte / 256 picks each of the 32
// characters with equal odds.
const pool = new Uint8Array(4096);
let used = pool.length;
const randomFraction = (): number => {
  if (used === pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  return (pool[used++] as number) / 256;
};
const ulid = monotonicFactory(randomFraction);

/** A new message id: a ULID (time-sortable, 26 characters, Crockford base32). */
export const newMessageId = (): string => ulid();

/** Whether `id` could be a message id (checked before any read, so junk never reaches DynamoDB). */
export const isMessageId = (id: string): boolean => isValid(id);

/** The creation time encoded in a message id. */
export const createdAtOf = (id: string): string => new Date(decodeTime(id)).toISOString();

export function messageOf(item: Record<string, unknown>): Message {
  const { id, from, to, subject, body, createdAt, readAt } = item as unknown as MessageItem;
  return { id, from, to, subject, body, createdAt, ...(readAt ? { readAt } : {}) };
}
