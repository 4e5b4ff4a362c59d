import { documents, ScanCommand } from '../messages/client.js';
import { accountsTable } from '../sessions/config.js';
import type { AccountItem } from '../sessions/table.js';
import { claimEmail, forgetAccountEmail, releaseEmail } from './claim.js';
import { emailOfKey, type EmailItem } from './table.js';

// The reconciliation (docs/messages.md): what no trigger reports (an administrator's delete, disable or
// attribute change) reaches the directory on its next run. Cognito's list is the truth; what the API or a
// trigger wrote after the run began is newer than that list, so it is left alone.

/** A user as ListUsers shows them. */
export interface PoolUser {
  sub: string;
  email?: string;
  /** Confirmed and enabled: may receive messages. */
  receives: boolean;
}

export interface ReconcileSummary {
  users: number;
  entries: number;
  claimed: number;
  released: number;
  accountsCleared: number;
}

interface DirectoryView {
  entries: Map<string, EmailItem>;
  accounts: Map<string, AccountItem>;
}

/** Every directory entry and every ACCOUNT item with an email, read in pages. */
async function scanDirectory(): Promise<DirectoryView> {
  const view: DirectoryView = { entries: new Map(), accounts: new Map() };
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(
      new ScanCommand({
        TableName: accountsTable(),
        FilterExpression: 'sk = :entry OR (sk = :account AND attribute_exists(email))',
        ExpressionAttributeValues: { ':entry': 'EMAIL', ':account': 'ACCOUNT' },
        ExclusiveStartKey,
      }),
    );
    for (const item of page.Items ?? []) {
      const pk = String(item.pk);
      const email = emailOfKey(pk);
      if (email !== undefined) view.entries.set(email, item as unknown as EmailItem);
      else view.accounts.set(pk.slice('USER#'.length), item as AccountItem);
    }
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return view;
}

/**
 * Brings the directory in line with `users` (all of the pool's users, listed after `startedAt`): each user
 * who may receive gets their address, every other entry goes, and a user Cognito no longer has keeps no
 * email in their ACCOUNT item.
 */
export async function reconcileDirectory(users: PoolUser[], startedAt: number): Promise<ReconcileSummary> {
  const bySub = new Map(users.map((user) => [user.sub, user]));
  const { entries, accounts } = await scanDirectory();
  const summary: ReconcileSummary = { users: users.length, entries: entries.size, claimed: 0, released: 0, accountsCleared: 0 };
  for (const { sub, email, receives } of users) {
    if (!receives || !email) continue;
    const address = email.toLowerCase();
    if (entries.get(address)?.sub === sub && accounts.get(sub)?.email === address) continue;
    if ((await claimEmail(sub, address, { unchangedSince: startedAt })) === 'claimed') summary.claimed++;
  }
  for (const [email, entry] of entries) {
    const user = bySub.get(entry.sub);
    if ((user?.receives && user.email?.toLowerCase() === email) || entry.updatedAt >= startedAt) continue;
    const account = user ? undefined : accounts.get(entry.sub);
    if (await releaseEmail(entry.sub, email, entry, account)) {
      summary.released++;
      if (account?.email === email) accounts.delete(entry.sub);
    }
  }
  for (const [sub, account] of accounts) {
    if (bySub.has(sub) || (account.emailUpdatedAt ?? 0) >= startedAt) continue;
    if (await forgetAccountEmail(sub, account)) summary.accountsCleared++;
  }
  return summary;
}
