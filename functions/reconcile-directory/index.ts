import { setTimeout as sleep } from 'node:timers/promises';
import { cognito, cognitoConfig, ListUsersCommand } from '@authapi/shared/cognito';
import { reconcileDirectory, type PoolUser } from '@authapi/shared/directory';
import { logger } from '@authapi/shared/http';
import type { Context, ScheduledEvent } from 'aws-lambda';

// ListUsers is in Cognito's UserList quota category, shared by every caller in the account and Region
// (https://docs.aws.amazon.com/cognito/latest/developerguide/quotas.html): the run pages at a fraction of it.
const LIST_USERS_PER_SECOND = 5;
const PAGE_SIZE = 60;

const attribute = (attributes: Array<{ Name?: string; Value?: string }> | undefined, name: string) =>
  attributes?.find((a) => a.Name === name)?.Value;

/** Every user of the pool, a page at a time, no faster than LIST_USERS_PER_SECOND. */
async function listPool(): Promise<PoolUser[]> {
  const users: PoolUser[] = [];
  let PaginationToken: string | undefined;
  do {
    const pageStarted = Date.now();
    const page = await cognito.send(
      new ListUsersCommand({
        UserPoolId: cognitoConfig().userPoolId,
        Limit: PAGE_SIZE,
        AttributesToGet: ['sub', 'email'],
        PaginationToken,
      }),
    );
    for (const user of page.Users ?? []) {
      const sub = attribute(user.Attributes, 'sub');
      const email = attribute(user.Attributes, 'email');
      if (sub) users.push({ sub, ...(email ? { email } : {}), receives: user.Enabled !== false && user.UserStatus !== 'UNCONFIRMED' });
    }
    PaginationToken = page.PaginationToken;
    if (PaginationToken) await sleep(Math.max(0, 1000 / LIST_USERS_PER_SECOND - (Date.now() - pageStarted)));
  } while (PaginationToken);
  return users;
}

// The scheduled reconciliation of the directory with the user pool (template: ReconcileDirectoryFunction).
export const handler = async (_event: ScheduledEvent, context: Context) => {
  logger.addContext(context);
  const startedAt = Date.now();
  const summary = await reconcileDirectory(await listPool(), startedAt);
  logger.info('directory reconciled', { ...summary, durationMs: Date.now() - startedAt });
  return summary;
};
