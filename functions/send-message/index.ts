import { claimsOf, json, problem, type AuthorizedEvent } from '@authapi/shared/http';
import { fields, parseBody, z } from '@authapi/shared/input';
import { recipientOf, senderEmailOf } from '@authapi/shared/directory';
import { createdAtOf, newMessageId, requestHashOf, storedSend, storeMessage, type Message, type Party } from '@authapi/shared/messages';
import { checkedAccountOf, protectedHandler } from '@authapi/shared/sessions';

const Body = z.object({
  to: fields.email,
  subject: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
  body: z.string().check(z.minLength(1), z.maxLength(10_000)),
});

// 10,000 characters of body take up to 30,000 bytes of UTF-8, or 60,000 as JSON \u escapes: every
// message within the contract's limits fits (the 16 KiB default would refuse some).
const MAX_MESSAGE_REQUEST_BYTES = 64 * 1024;

const IdempotencyKey = z.string().check(z.trim(), z.minLength(1), z.maxLength(255));

const invalidIdempotencyKey = problem(400, 'ValidationError', 'Invalid request', 'The Idempotency-Key header is invalid.', {
  errors: [{ path: 'idempotency-key', message: 'Must be 1 to 255 characters' }],
});

/**
 * The sender: a user (their token says who) or a machine client (a client-credentials token: no `username`
 * claim, `sub` is the client id). No Cognito call on this route: emails come from the directory (docs/messages.md).
 */
function senderOf(event: AuthorizedEvent): { sub: string; machine: boolean } {
  const claims = claimsOf(event);
  return claims.username ? { sub: claims.sub ?? '', machine: false } : { sub: claims.client_id ?? claims.sub ?? '', machine: true };
}

export const handler = protectedHandler(async (event: AuthorizedEvent) => {
  const body = parseBody(event, Body, MAX_MESSAGE_REQUEST_BYTES);
  const header = event.headers['idempotency-key'];
  const key = header === undefined ? undefined : IdempotencyKey.safeParse(header);
  if (key && !key.success) throw invalidIdempotencyKey;
  const idempotency = key ? { key: key.data, requestHash: requestHashOf(body) } : undefined;
  const sender = senderOf(event);
  let parties: [string | null, Party];
  try {
    parties = [sender.machine ? null : senderEmailOf(checkedAccountOf(event)), await recipientOf(body.to)];
  } catch (error) {
    // A retry whose first attempt was stored answers it, even when the send could not be made again now.
    const stored = idempotency && (await storedSend(sender.sub, idempotency));
    if (stored) return json(201, stored);
    throw error;
  }
  const [email, recipient] = parties;
  const id = newMessageId();
  const from: Party = { sub: sender.sub, email };
  const message: Message = { id, from, to: recipient, subject: body.subject, body: body.body, createdAt: createdAtOf(id) };
  // One transaction: the copies, the key's record and the quota counters (a retry gets what was stored).
  return json(201, await storeMessage({ message, machine: sender.machine, ...(idempotency ? { idempotency } : {}) }));
});
