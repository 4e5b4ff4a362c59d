import type { Context } from 'aws-lambda';
import { accessTokenOf, logger, noContent, subjectOf, type AuthorizedEvent } from '@authapi/shared/http';
import { cognito, DeleteUserCommand, GetUserCommand } from '@authapi/shared/cognito';
import { eraseUserData, erasureBudget, handOff, removeDirectoryEntries } from '@authapi/shared/erasure';
import { protectedHandler, writeTombstone } from '@authapi/shared/sessions';

/** The request answers after this much erasure at most; the worker (erase-account) does the rest. */
const INLINE_ERASURE_MS = 2_000;

/** Cognito no longer knowing the token's user: an administrator deleted it, so carry on and finish. */
function alreadyDeleted(error: unknown): undefined {
  const gone = error instanceof Error && (error.name === 'UserNotFoundException' || /user does not exist/i.test(error.message));
  if (!gone) throw error;
  return undefined;
}

/** Once the account is closed, the job queued first finishes whatever fails here: logged, not answered. */
async function finish(sub: string, accessToken: string, emails: string[], context: Context): Promise<void> {
  await removeDirectoryEntries(sub, emails);
  await cognito.send(new DeleteUserCommand({ AccessToken: accessToken })).catch(alreadyDeleted);
  const progress = await eraseUserData(sub, erasureBudget(context, INLINE_ERASURE_MS));
  logger.info('erasure', { erased: progress.erased, done: progress.done });
  if (!progress.done) await handOff({ sub, confirmed: true });
}

// Crash- and retry-safe order (docs/erasure.md): the job first, which finishes the erasure whatever happens
// next; then the tombstone, which closes the account (and refuses this route's retry); then the rest.
export const handler = protectedHandler(
  async (event: AuthorizedEvent, context: Context) => {
    const sub = subjectOf(event);
    const accessToken = accessTokenOf(event);
    const user = await cognito.send(new GetUserCommand({ AccessToken: accessToken })).catch(alreadyDeleted);
    const emails = (user?.UserAttributes ?? []).flatMap(({ Name, Value }) => (Name === 'email' && Value ? [Value] : []));
    await handOff({ sub, emails });
    await writeTombstone(sub);
    await finish(sub, accessToken, emails, context).catch((error: unknown) => logger.warn('erasure left to the queue', { error }));
    return noContent();
  },
  { recentSignIn: true },
);
