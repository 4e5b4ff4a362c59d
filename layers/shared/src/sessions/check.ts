import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { userTokenOf, type AuthorizedEvent, type UserToken } from '../http/claims.js';
import { problem } from '../http/problem.js';
import { documents, GetCommand } from '../messages/client.js';
import { accountsTable, recentSignInSeconds } from './config.js';
import { accountKey, sessionKey, unexpired, type AccountItem, type SessionItem } from './table.js';

// The session check every protected route runs before its work (docs/sessions.md): the API's own record of
// sign-outs, password changes and resets, deletions and sign-ins, read from DynamoDB and never from Cognito,
// whose request-rate quotas are shared by every user of the account.

export const sessionEnded = problem(
  401,
  'SessionEnded',
  'Session ended',
  'This session has ended (sign-out, password change or reset, or account deletion); sign in again.',
  { wwwAuthenticate: 'Bearer error="invalid_token"' },
);

/** RFC 9470's step-up challenge: the client signs in again (any factor), then retries. */
export const recentSignInRequired = (maxAgeSeconds: number) =>
  problem(
    401,
    'RecentSignInRequired',
    'Recent sign-in required',
    `This change needs a sign-in at most ${maxAgeSeconds} seconds old; sign in again, then retry.`,
    { wwwAuthenticate: `Bearer error="insufficient_user_authentication", max_age=${maxAgeSeconds}` },
  );

/**
 * Whether the account's state ends the token: a deleted account ends all, an ending ends every token issued
 * at or before its second (`iat` has whole seconds), except one whose session signed in after the ending
 * within that same second (a sign-in right after a sign-out). `session` is read only for that case.
 */
export async function isEnded(account: AccountItem | undefined, token: UserToken, session: () => Promise<SessionItem | undefined>) {
  if (!account) return false;
  if (account.deletedAt !== undefined) return true;
  if (account.sessionsEndedAt === undefined) return false;
  const endedSecond = Math.floor(account.sessionsEndedAt / 1000);
  if (token.issuedAt !== endedSecond) return token.issuedAt < endedSecond;
  const record = await session();
  return !(record && record.signedInAt > account.sessionsEndedAt);
}

/** Whether the session signed in (password, code or passkey; a refresh records nothing) within `maxAgeSeconds`. */
export const isRecent = (session: SessionItem | undefined, now: number, maxAgeSeconds: number): boolean =>
  session !== undefined && session.signedInAt >= now - maxAgeSeconds * 1000;

// The account item each checked event's session check read, for the handler that needs more of it (the
// sender's email on POST /messages): one strongly consistent read per request, not two.
const checkedAccounts = new WeakMap<AuthorizedEvent, AccountItem>();

/** The caller's ACCOUNT item as this request's session check read it; undefined for a machine token or none. */
export const checkedAccountOf = (event: AuthorizedEvent): AccountItem | undefined => checkedAccounts.get(event);

export interface SessionCheckOptions<E> {
  /** The route makes a sensitive change (contract v2: recent sign-in): always, or when the event asks for one. */
  recentSignIn?: boolean | ((event: E) => boolean);
}

/**
 * Refuses a user's token whose session has ended (401 SessionEnded) and, for a sensitive change, one whose
 * session did not sign in recently (401 RecentSignInRequired). Machine tokens have no session to check.
 * Strongly consistent reads: an ending is seen by the very next request.
 */
export function sessionCheck<E extends AuthorizedEvent>(
  options: SessionCheckOptions<E> = {},
): MiddlewareObj<E, APIGatewayProxyStructuredResultV2> {
  return {
    before: async ({ event }) => {
      const token = userTokenOf(event);
      if (!token) return;
      const now = Date.now();
      const TableName = accountsTable();
      const read = async (Key: Record<string, string>) =>
        (await documents.send(new GetCommand({ TableName, Key, ConsistentRead: true }))).Item;
      const readSession = async () =>
        token.sessionId ? unexpired((await read(sessionKey(token.sub, token.sessionId))) as SessionItem | undefined, now) : undefined;
      // A route that may need the session record reads it alongside the account: one round trip, not two.
      const [account, prefetched] = await Promise.all([
        read(accountKey(token.sub)).then((item) => unexpired(item as AccountItem | undefined, now)),
        options.recentSignIn ? readSession() : undefined,
      ]);
      if (await isEnded(account, token, options.recentSignIn ? async () => prefetched : readSession)) throw sessionEnded;
      if (account) checkedAccounts.set(event, account);
      const { recentSignIn } = options;
      if (recentSignIn === true || (typeof recentSignIn === 'function' && recentSignIn(event))) {
        const maxAge = recentSignInSeconds();
        if (!isRecent(prefetched, now, maxAge)) throw recentSignInRequired(maxAge);
      }
    },
  };
}
