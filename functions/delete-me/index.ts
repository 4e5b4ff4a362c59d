import { accessTokenOf, noContent, subjectOf, type AuthorizedEvent } from '@authapi/shared/http';
import { cognito, DeleteUserCommand } from '@authapi/shared/cognito';
import { protectedHandler, writeTombstone } from '@authapi/shared/sessions';

/** Cognito no longer knowing the token's user: an earlier attempt (or an administrator) deleted it, so carry on and finish. */
function alreadyDeleted(error: unknown): void {
  const gone = error instanceof Error && (error.name === 'UserNotFoundException' || /user does not exist/i.test(error.message));
  if (!gone) throw error;
}

export const handler = protectedHandler(
  async (event: AuthorizedEvent) => {
    await cognito.send(new DeleteUserCommand({ AccessToken: accessTokenOf(event) })).catch(alreadyDeleted);
    // Last: the tombstone refuses the user's unexpired tokens on every route, a retry of this one included.
    await writeTombstone(subjectOf(event));
    return noContent();
  },
  { recentSignIn: true },
);
