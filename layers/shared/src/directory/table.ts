// The users directory in the accounts table (template: AccountsTable): EMAIL#<email> / EMAIL names the user
// who receives messages sent to that address; the user's USER#<sub> / ACCOUNT item holds their email (the
// sender's address on what they send). Both are written together (claim.ts), so they never disagree.

/** EMAIL#<email> / EMAIL. */
export interface EmailItem {
  sub: string;
  /** Epoch ms of the last write: the reconciliation leaves alone what changed after it began. */
  updatedAt: number;
}

/** Emails are keyed as the pool compares them: without case (UsernameConfiguration.CaseSensitive false). */
export const normalizedEmail = (email: string): string => email.trim().toLowerCase();

export const emailKey = (email: string) => ({ pk: `EMAIL#${normalizedEmail(email)}`, sk: 'EMAIL' });

/** The email of an EMAIL# partition key. */
export const emailOfKey = (pk: string): string | undefined => (pk.startsWith('EMAIL#') ? pk.slice('EMAIL#'.length) : undefined);
