/**
 * A message on the erasure queue. `confirmed`: its sender saw the account closed (tombstone written, Cognito
 * user and directory entries gone), so only the user's data is left. Otherwise it is DELETE /me's first
 * message, sent before anything else: the worker checks the account was really closed before it erases.
 */
export interface ErasureJob {
  sub: string;
  /** The user's verified email(s), for the directory's entries; only on a job that is not confirmed. */
  emails?: string[];
  confirmed?: boolean;
}

const isStringArray = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === 'string');

/** The job a queue message carries; a body that is not one throws (the message then goes to the dead-letter queue). */
export function erasureJobOf(body: string): ErasureJob {
  const { sub, emails, confirmed } = (JSON.parse(body) ?? {}) as Record<string, unknown>;
  if (typeof sub !== 'string' || sub === '') throw new Error('erasure job without a sub');
  if (emails !== undefined && !isStringArray(emails)) throw new Error('erasure job with invalid emails');
  if (confirmed !== undefined && typeof confirmed !== 'boolean') throw new Error('erasure job with invalid confirmed');
  return { sub, ...(emails ? { emails } : {}), ...(confirmed ? { confirmed } : {}) };
}
