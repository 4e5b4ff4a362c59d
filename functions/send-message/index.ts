import { accessTokenOf, claimsOf, json, problem, type AuthorizedEvent } from '@authapi/shared/http';
import { fields, parseBody, z } from '@authapi/shared/input';
import { cognito, cognitoConfig, GetUserCommand, ListUsersCommand } from '@authapi/shared/cognito';
import {
  createdAtOf,
  documents,
  idempotent,
  itemKey,
  messagesTable,
  newMessageId,
  TransactWriteCommand,
  type IdempotentRequest,
  type Message,
  type Party,
} from '@authapi/shared/messages';
import { protectedHandler } from '@authapi/shared/sessions';
import type { Context } from 'aws-lambda';

const Body = z.object({
  to: fields.email,
  subject: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
  body: z.string().check(z.minLength(1), z.maxLength(10_000)),
});
type Body = z.infer<typeof Body>;

// 10,000 characters of body take up to 30,000 bytes of UTF-8, or 60,000 as JSON \u escapes: every
// message within the contract's limits fits (the 16 KiB default would refuse some).
const MAX_MESSAGE_REQUEST_BYTES = 64 * 1024;

const IdempotencyKey = z.string().check(z.trim(), z.minLength(1), z.maxLength(255));

interface Sender {
  party: Party;
  machine: boolean;
}

const recipientNotFound = problem(404, 'RecipientNotFound', 'Recipient not found', 'No user with this email can receive messages.');

/** The pool's user with this email, if they can receive messages (confirmed and enabled). */
async function recipientByEmail(email: string): Promise<Party> {
  const { Users = [] } = await cognito.send(
    new ListUsersCommand({ UserPoolId: cognitoConfig().userPoolId, Filter: `email = "${email}"`, Limit: 1 }),
  );
  const user = Users.find((u) => u.Enabled !== false && u.UserStatus !== 'UNCONFIRMED');
  const sub = user?.Attributes?.find((a) => a.Name === 'sub')?.Value;
  if (!sub) throw recipientNotFound;
  return { sub, email };
}

/**
 * The sender: a user (their access token says who, GetUser gives their email and refuses a revoked
 * token) or a machine client (a client-credentials token: no `username` claim, `sub` is the client id).
 */
async function senderOf(event: AuthorizedEvent): Promise<Sender> {
  const claims = claimsOf(event);
  if (!claims.username) return { party: { sub: claims.client_id ?? claims.sub ?? '', email: null }, machine: true };
  const user = await cognito.send(new GetUserCommand({ AccessToken: accessTokenOf(event) }));
  const email = user.UserAttributes?.find((a) => a.Name === 'email')?.Value ?? null;
  return { party: { sub: claims.sub ?? '', email }, machine: false };
}

async function send(sender: Sender, body: Body): Promise<Message> {
  const recipient = await recipientByEmail(body.to);
  const id = newMessageId();
  const message: Message = { id, from: sender.party, to: recipient, subject: body.subject, body: body.body, createdAt: createdAtOf(id) };
  const TableName = messagesTable();
  // The recipient's inbox copy and, for a user sender, their sent-box copy: written together, so a
  // message is never in one box only, and each side can later delete its own copy.
  const copies = [itemKey(recipient.sub, 'inbox', id), ...(sender.machine ? [] : [itemKey(sender.party.sub, 'sent', id)])];
  await documents.send(
    new TransactWriteCommand({ TransactItems: copies.map((key) => ({ Put: { TableName, Item: { ...key, ...message } } })) }),
  );
  return message;
}

// Retries with the same key and body get the first response; the same key with another body is a 409.
const sendOnce = idempotent(async ({ request, sender }: IdempotentRequest<Body> & { sender: Sender }) => send(sender, request));

const invalidIdempotencyKey = problem(400, 'ValidationError', 'Invalid request', 'The Idempotency-Key header is invalid.', {
  errors: [{ path: 'idempotency-key', message: 'Must be 1 to 255 characters' }],
});

export const handler = protectedHandler(async (event: AuthorizedEvent, context: Context) => {
  const body = parseBody(event, Body, MAX_MESSAGE_REQUEST_BYTES);
  const header = event.headers['idempotency-key'];
  const key = header === undefined ? undefined : IdempotencyKey.safeParse(header);
  if (key && !key.success) throw invalidIdempotencyKey;
  const sender = await senderOf(event);
  const message = key
    ? await sendOnce({ owner: sender.party.sub, key: key.data, request: body, sender }, context)
    : await send(sender, body);
  return json(201, message);
});
