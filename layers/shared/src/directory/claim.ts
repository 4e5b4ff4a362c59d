import type { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { documents, GetCommand, TransactWriteCommand } from '../messages/client.js';
import { accountsTable } from '../sessions/config.js';
import { accountKey, type AccountItem } from '../sessions/table.js';
import { emailKey, normalizedEmail, type EmailItem } from './table.js';

// Every write of the directory goes through here, as one transaction whose conditions say that what was
// read is still there: the user's ACCOUNT item takes the email, the EMAIL# entry names the user, the user's
// previous entry goes, and a previous holder of the address (an entry Cognito has since given to another
// user: an administrator's change the API did not see) loses it. So no two users ever hold one email,
// in the directory or in their ACCOUNT items. https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis.html

/** Attempts before giving up when concurrent writers keep changing what was read (each one read afresh). */
const ATTEMPTS = 3;

export type ClaimOutcome = 'claimed' | 'unchanged' | 'skipped';

export interface ClaimOptions {
  /** The reconciliation's start (epoch ms): an account or entry written since then is newer than its view, so left alone. */
  unchangedSince?: number;
}

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

const read = async <T>(Key: Record<string, string>): Promise<T | undefined> =>
  (await documents.send(new GetCommand({ TableName: accountsTable(), Key, ConsistentRead: true }))).Item as T | undefined;

/** The condition that an item is as it was read: versioned by `name`, or absent. */
const asRead = (version: number | undefined, name: string, itemExists: boolean) =>
  !itemExists
    ? { ConditionExpression: 'attribute_not_exists(pk)' }
    : version === undefined
      ? { ConditionExpression: `attribute_exists(pk) AND attribute_not_exists(${name})` }
      : { ConditionExpression: `${name} = :seen`, ExpressionAttributeValues: { ':seen': version } };

const conditionFailed = (error: unknown): boolean =>
  error instanceof Error &&
  error.name === 'TransactionCanceledException' &&
  ((error as TransactionCanceledException).CancellationReasons ?? []).some((reason) => reason.Code === 'ConditionalCheckFailed');

/**
 * Makes `email` the address of user `sub` (whom Cognito has just confirmed, signed in, verified or listed
 * with it): 'unchanged' if it already is, 'skipped' for a deleted account (its tombstone keeps no email)
 * or, with `unchangedSince`, for an account or entry written since. Idempotent: a repeat changes nothing.
 */
export async function claimEmail(sub: string, address: string, options: ClaimOptions = {}): Promise<ClaimOutcome> {
  const email = normalizedEmail(address);
  const TableName = accountsTable();
  for (let attempt = 1; ; attempt++) {
    const [account, holder] = await Promise.all([read<AccountItem>(accountKey(sub)), read<EmailItem>(emailKey(email))]);
    if (account?.deletedAt !== undefined) return 'skipped';
    if (holder?.sub === sub && account?.email === email) return 'unchanged';
    const since = options.unchangedSince;
    if (since !== undefined && ((account?.emailUpdatedAt ?? 0) >= since || (holder?.updatedAt ?? 0) >= since)) return 'skipped';
    const previous = account?.email !== undefined && account.email !== email ? account.email : undefined;
    const [previousEntry, holderAccount] = await Promise.all([
      previous ? read<EmailItem>(emailKey(previous)) : undefined,
      holder && holder.sub !== sub ? read<AccountItem>(accountKey(holder.sub)) : undefined,
    ]);
    const now = Date.now();
    const items: TransactItem[] = [
      {
        Put: {
          TableName,
          Item: { ...emailKey(email), sub, updatedAt: now },
          ...asRead(holder?.updatedAt, 'updatedAt', holder !== undefined),
        },
      },
      {
        Update: {
          TableName,
          Key: accountKey(sub),
          UpdateExpression: 'SET email = :email, emailUpdatedAt = :now',
          // Never onto a tombstone written meanwhile: a deleted account keeps no email.
          ...withValues(
            asRead(account?.emailUpdatedAt, 'emailUpdatedAt', account !== undefined),
            { ':email': email, ':now': now },
            'attribute_not_exists(deletedAt)',
          ),
        },
      },
    ];
    // The user's previous address, if the directory still gives it to them.
    if (previous && previousEntry?.sub === sub)
      items.push({ Delete: { TableName, Key: emailKey(previous), ...asRead(previousEntry.updatedAt, 'updatedAt', true) } });
    // A previous holder's ACCOUNT item that still names this address.
    if (holder && holder.sub !== sub && holderAccount?.email === email)
      items.push({
        Update: {
          TableName,
          Key: accountKey(holder.sub),
          UpdateExpression: 'SET emailUpdatedAt = :now REMOVE email',
          ...withValues(asRead(holderAccount.emailUpdatedAt, 'emailUpdatedAt', true), { ':now': now }),
        },
      });
    try {
      await documents.send(new TransactWriteCommand({ TransactItems: items }));
      return 'claimed';
    } catch (error) {
      if (!conditionFailed(error) || attempt === ATTEMPTS) throw error;
    }
  }
}

/**
 * Removes the entry `email` -> `sub` if it is still as read (`updatedAt`), and with `clearAccount` the
 * address from the user's ACCOUNT item too (a user Cognito no longer has). For the reconciliation.
 */
export async function releaseEmail(sub: string, email: string, seen: EmailItem, clearAccount: AccountItem | undefined): Promise<boolean> {
  const TableName = accountsTable();
  const items: TransactItem[] = [{ Delete: { TableName, Key: emailKey(email), ...asRead(seen.updatedAt, 'updatedAt', true) } }];
  if (clearAccount?.email === email)
    items.push({
      Update: {
        TableName,
        Key: accountKey(sub),
        UpdateExpression: 'SET emailUpdatedAt = :now REMOVE email',
        ...withValues(asRead(clearAccount.emailUpdatedAt, 'emailUpdatedAt', true), { ':now': Date.now() }),
      },
    });
  try {
    await documents.send(new TransactWriteCommand({ TransactItems: items }));
    return true;
  } catch (error) {
    if (conditionFailed(error)) return false;
    throw error;
  }
}

/** A condition from `asRead` with more values (and another clause) for the item's update. */
function withValues(
  condition: { ConditionExpression: string; ExpressionAttributeValues?: Record<string, unknown> },
  values: Record<string, unknown>,
  also?: string,
) {
  return {
    ConditionExpression: also ? `(${condition.ConditionExpression}) AND ${also}` : condition.ConditionExpression,
    ExpressionAttributeValues: { ...condition.ExpressionAttributeValues, ...values },
  };
}

/** Removes the email from the ACCOUNT item of a user Cognito no longer has, if the item is still as read. */
export async function forgetAccountEmail(sub: string, seen: AccountItem): Promise<boolean> {
  const TableName = accountsTable();
  try {
    await documents.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName,
              Key: accountKey(sub),
              UpdateExpression: 'SET emailUpdatedAt = :now REMOVE email',
              ...withValues(asRead(seen.emailUpdatedAt, 'emailUpdatedAt', true), { ':now': Date.now() }),
            },
          },
        ],
      }),
    );
    return true;
  } catch (error) {
    if (conditionFailed(error)) return false;
    throw error;
  }
}
