import { problem } from '../http/problem.js';
import { isMessageId, type Box } from './model.js';

// A cursor names the last message of a page in one box. It carries no owner: every query takes the
// partition from the caller's token, so a cursor (forged or someone else's) can only move within the
// caller's own box. It is still validated, so junk is a 400 rather than a DynamoDB error.

const invalidCursor = () => problem(400, 'InvalidCursor', 'Invalid cursor', 'The cursor is not one this API returned for this box.');

export const encodeCursor = (box: Box, lastId: string): string => Buffer.from(JSON.stringify({ b: box, k: lastId })).toString('base64url');

/** The message id a page continues after. */
export function decodeCursor(cursor: string, box: Box): string {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  const { b, k } = (value ?? {}) as { b?: unknown; k?: unknown };
  if (b !== box || typeof k !== 'string' || !isMessageId(k)) throw invalidCursor();
  return k;
}
