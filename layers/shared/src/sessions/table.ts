// The accounts table's items (template: AccountsTable). Keys are pk/sk strings; `expiresAt` is epoch
// seconds for DynamoDB TTL, which deletes lazily (and not at all locally), so readers skip expired items too.

/** USER#<sub> / ACCOUNT: the account's state the session check reads. */
export interface AccountItem {
  /** Epoch ms: every token issued before it is ended (sign-out, password change or reset). */
  sessionsEndedAt?: number;
  /** Epoch ms: the account is deleted, and this item is its tombstone. */
  deletedAt?: number;
  expiresAt?: number;
  /** The user's email as the directory holds it (directory/claim.ts): the sender's address on a message. */
  email?: string;
  /** Epoch ms of the last change of `email` (set, moved or removed). */
  emailUpdatedAt?: number;
}

/** USER#<sub> / SESSION#<origin_jti>: a session started by a sign-in through the API. */
export interface SessionItem {
  /** Epoch ms, taken before the authenticating call. */
  signedInAt: number;
  /** The session's refresh token's expiry. */
  expiresAt: number;
}

export const accountKey = (sub: string) => ({ pk: `USER#${sub}`, sk: 'ACCOUNT' });

export const sessionKey = (sub: string, sessionId: string) => ({ pk: `USER#${sub}`, sk: `SESSION#${sessionId}` });

/** An item as a reader should see it: absent once its `expiresAt` has passed. */
export function unexpired<T extends { expiresAt?: number }>(item: T | undefined, now: number): T | undefined {
  return item && (item.expiresAt === undefined || item.expiresAt * 1000 > now) ? item : undefined;
}
