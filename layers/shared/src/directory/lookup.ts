import { unavailable } from '../http/aws-errors.js';
import { problem } from '../http/problem.js';
import { documents, GetCommand } from '../messages/client.js';
import { accountsTable } from '../sessions/config.js';
import type { AccountItem } from '../sessions/table.js';
import { emailKey, normalizedEmail, type EmailItem } from './table.js';

// What POST /messages reads instead of Cognito, whose request-rate quotas are shared by the whole account:
// strongly consistent GetItems, so a confirmation or an email change is seen by the very next send.

export const recipientNotFound = problem(404, 'RecipientNotFound', 'Recipient not found', 'No user with this email can receive messages.');

const read = async <T>(Key: Record<string, string>): Promise<T | undefined> =>
  (await documents.send(new GetCommand({ TableName: accountsTable(), Key, ConsistentRead: true }))).Item as T | undefined;

/** The user who receives mail at `email` (confirmed and enabled, as the directory holds them). */
export async function recipientOf(email: string): Promise<{ sub: string; email: string }> {
  const address = normalizedEmail(email);
  const entry = await read<EmailItem>(emailKey(address));
  if (!entry) throw recipientNotFound;
  return { sub: entry.sub, email: address };
}

/**
 * The sender's email, from their ACCOUNT item as the session check read it (sessions' `checkedAccountOf`). An
 * account the directory has not reached yet (a user signed in before it was deployed, until their next
 * sign-in or the next reconciliation) is a 503: its messages would carry no sender address for good.
 */
export function senderEmailOf(account: AccountItem | undefined): string {
  if (!account?.email) throw unavailable;
  return account.email;
}
