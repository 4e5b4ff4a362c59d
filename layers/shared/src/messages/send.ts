import { createHash } from 'node:crypto';
import type { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { problem } from '../http/problem.js';
import { count } from '../metrics.js';
import { documents, GetCommand, TransactWriteCommand } from './client.js';
import { messagesTable } from './config.js';
import { itemKey, type Message } from './model.js';
import { quotaKey, quotaWindows, secondsUntil } from './quota.js';

// A send is ONE TransactWriteItems (docs/messages.md): the message's copies, the Idempotency-Key's record
// and the sender's quota counters, all or nothing. A function that dies after it leaves a stored message
// and its record together, so a retry finds the record and answers the stored message: nothing twice.
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html

/** A key's record is kept this long: a retry after that is a new request. */
const IDEMPOTENCY_SECONDS = 24 * 60 * 60;
/** Counters outlive their window by this much before TTL may delete them. */
const COUNTER_GRACE_SECONDS = 3600;

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export interface SendRequest {
  message: Message;
  /** A user's sent-box copy is written too; a machine client has no box. */
  machine: boolean;
  /** The Idempotency-Key and the hash of the request it was first used with. */
  idempotency?: { key: string; requestHash: string };
}

/** USER#<sender>#IDEMPOTENCY / <key>: { requestHash, message, expiresAt }. */
export const idempotencyKeyOf = (senderSub: string, key: string) => ({ pk: `USER#${senderSub}#IDEMPOTENCY`, sk: key });

/** The request as compared on a retry: its fields in a fixed order, hashed. */
export const requestHashOf = (request: { to: string; subject: string; body: string }): string =>
  createHash('sha256')
    .update(JSON.stringify([request.to, request.subject, request.body]))
    .digest('base64url');

export const idempotencyKeyReused = problem(
  409,
  'IdempotencyKeyReused',
  'Idempotency key reused',
  'This Idempotency-Key was used with a different request.',
);

const sendQuotaExceeded = (retryAfterSeconds: number) =>
  problem(429, 'SendQuotaExceeded', 'Send quota exceeded', 'You have sent as many messages as this window allows; retry later.', {
    retryAfterSeconds,
  });

const reasonsOf = (error: unknown) =>
  error instanceof Error && error.name === 'TransactionCanceledException'
    ? ((error as TransactionCanceledException).CancellationReasons ?? [])
    : undefined;

/**
 * Stores the message, or answers what an earlier attempt with the same Idempotency-Key stored (same
 * request) or a 409 (another request); over a quota, a 429 with the seconds to the window's end.
 */
export async function storeMessage({ message, machine, idempotency }: SendRequest, now = Date.now()): Promise<Message> {
  const TableName = messagesTable();
  const sender = message.from.sub;
  const nowSeconds = Math.floor(now / 1000);
  const windows = quotaWindows(now, machine);
  const copies = [itemKey(message.to.sub, 'inbox', message.id), ...(machine ? [] : [itemKey(sender, 'sent', message.id)])];
  const items: TransactItem[] = copies.map((key) => ({ Put: { TableName, Item: { ...key, ...message } } }));
  const recordAt = items.length;
  if (idempotency)
    items.push({
      Put: {
        TableName,
        Item: {
          ...idempotencyKeyOf(sender, idempotency.key),
          requestHash: idempotency.requestHash,
          message,
          expiresAt: nowSeconds + IDEMPOTENCY_SECONDS,
        },
        // An expired record (TTL deletes lazily) counts as none.
        ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
        ExpressionAttributeValues: { ':now': nowSeconds },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    });
  const countersAt = items.length;
  for (const window of windows)
    items.push({
      Update: {
        TableName,
        Key: quotaKey(sender, window.sk),
        UpdateExpression: 'ADD sends :one SET expiresAt = if_not_exists(expiresAt, :expires)',
        ConditionExpression: 'attribute_not_exists(sends) OR sends < :limit',
        ExpressionAttributeValues: {
          ':one': 1,
          ':limit': window.limit,
          ':expires': Math.ceil(window.endsAt / 1000) + COUNTER_GRACE_SECONDS,
        },
      },
    });
  try {
    await documents.send(new TransactWriteCommand({ TransactItems: items }));
    count('MessagesSent');
    return message;
  } catch (error) {
    const reasons = reasonsOf(error);
    if (!reasons) throw error;
    const failed = (index: number) => reasons[index]?.Code === 'ConditionalCheckFailed';
    // The key's record first: a retry of a stored send is answered even when its window is now full.
    if (idempotency && failed(recordAt)) {
      const stored = reasons[recordAt]?.Item;
      if (!stored) throw error;
      const record = unmarshall(stored) as { requestHash?: string; message?: Message };
      if (record.requestHash !== idempotency.requestHash || !record.message) throw idempotencyKeyReused;
      return record.message;
    }
    const full = windows.filter((_, index) => failed(countersAt + index));
    if (full.length > 0) {
      count('SendQuotaRefusals');
      throw sendQuotaExceeded(Math.max(...full.map((window) => secondsUntil(window.endsAt, now))));
    }
    throw error;
  }
}

/**
 * What an earlier attempt with this Idempotency-Key stored, read directly: for a retry that cannot be
 * sent again (its recipient has left the directory since, say) but must still answer the first result.
 * The stored message for the same request, a 409 for another, undefined when the key has no live record.
 */
export async function storedSend(senderSub: string, idempotency: { key: string; requestHash: string }): Promise<Message | undefined> {
  const { Item } = await documents.send(
    new GetCommand({ TableName: messagesTable(), Key: idempotencyKeyOf(senderSub, idempotency.key), ConsistentRead: true }),
  );
  const record = Item as { requestHash?: string; message?: Message; expiresAt?: number } | undefined;
  if (!record?.message || (record.expiresAt ?? 0) * 1000 <= Date.now()) return undefined;
  if (record.requestHash !== idempotency.requestHash) throw idempotencyKeyReused;
  return record.message;
}
