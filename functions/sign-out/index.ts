import { accessTokenOf, noContent, subjectOf, type AuthorizedEvent } from '@authapi/shared/http';
import { parseBody, z } from '@authapi/shared/input';
import { cognito, cognitoConfig, GlobalSignOutCommand, RevokeTokenCommand } from '@authapi/shared/cognito';
import { count } from '@authapi/shared/metrics';
import { endSessions, protectedHandler } from '@authapi/shared/sessions';

const Body = z.object({ refreshToken: z.optional(z.string().check(z.minLength(1), z.maxLength(8192))) });

/** Cognito refusing the token as revoked: a sign-out got that far before (a retry), so carry on and finish it. */
function alreadySignedOut(error: unknown): void {
  if (!(error instanceof Error && error.name === 'NotAuthorizedException' && /revoked/i.test(error.message))) throw error;
}

export const handler = protectedHandler(async (event: AuthorizedEvent) => {
  const { refreshToken } = parseBody(event, Body);
  // Sign out everywhere first: RevokeToken also revokes the access tokens issued with the refresh
  // token (this request's, when they come from one sign-in), and GlobalSignOut would then be refused.
  // https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_RevokeToken.html
  await cognito.send(new GlobalSignOutCommand({ AccessToken: accessTokenOf(event) })).catch(alreadySignedOut);
  if (refreshToken) {
    const { clientId, clientSecret } = cognitoConfig();
    // The global sign-out has already invalidated every refresh token of the user; revoking the given
    // one as well is best effort, and its failure does not undo a completed sign-out.
    await cognito
      .send(new RevokeTokenCommand({ Token: refreshToken, ClientId: clientId, ClientSecret: clientSecret }))
      .catch(() => undefined);
  }
  // Last: from here on the session check refuses this token, a retry included (docs/sessions.md).
  await endSessions(subjectOf(event));
  count('SignOuts');
  return noContent();
});
