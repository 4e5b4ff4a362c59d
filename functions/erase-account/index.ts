import type { Context, SQSRecord } from 'aws-lambda';
import { logger } from '@authapi/shared/http';
import { AdminDeleteUserCommand, AdminGetUserCommand, cognito, cognitoConfig } from '@authapi/shared/cognito';
import {
  eraseUserData,
  erasureBudget,
  erasureJobOf,
  handOff,
  isTombstoned,
  queueHandler,
  removeDirectoryEntries,
  type ErasureJob,
} from '@authapi/shared/erasure';

const userNotFound = (error: unknown) => error instanceof Error && error.name === 'UserNotFoundException';

/** Whether Cognito still has the user (in a pool that signs in with email, Cognito names each user by their sub). */
async function inCognito(sub: string): Promise<boolean> {
  const found = await cognito.send(new AdminGetUserCommand({ UserPoolId: cognitoConfig().userPoolId, Username: sub })).then(
    () => true,
    (error: unknown) => {
      if (userNotFound(error)) return false;
      throw error;
    },
  );
  return found;
}

/**
 * DELETE /me's first job: finishes closing the account when its invocation died after the tombstone, and tells
 * a deletion that never happened (no tombstone, Cognito still has the user: that invocation ended before
 * closing anything) from one to erase. False: nothing to do.
 */
async function closeAccount(job: ErasureJob): Promise<boolean> {
  const [tombstoned, exists] = await Promise.all([isTombstoned(job.sub), inCognito(job.sub)]);
  if (!tombstoned && exists) return false;
  await removeDirectoryEntries(job.sub, job.emails ?? []);
  if (exists)
    await cognito
      .send(new AdminDeleteUserCommand({ UserPoolId: cognitoConfig().userPoolId, Username: job.sub }))
      .catch((error: unknown) => {
        if (!userNotFound(error)) throw error;
      });
  return true;
}

/** One job: erases what the budget allows, and queues the rest as a new confirmed job. Safe to run twice. */
async function run(record: SQSRecord, context: Context): Promise<void> {
  const job = erasureJobOf(record.body);
  if (!job.confirmed && !(await closeAccount(job))) {
    logger.info('erasure not needed: the account was never closed', { messageId: record.messageId });
    return;
  }
  const progress = await eraseUserData(job.sub, erasureBudget(context));
  logger.info('erasure', { messageId: record.messageId, erased: progress.erased, done: progress.done });
  if (!progress.done) await handOff({ sub: job.sub, confirmed: true });
}

/**
 * The erasure queue's worker (template: ErasureQueue). A failed job comes back after the visibility timeout, and
 * goes to the dead-letter queue after maxReceiveCount tries.
 */
export const handler = queueHandler(run);
