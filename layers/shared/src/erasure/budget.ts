import type { Context } from 'aws-lambda';
import { erasureItemsPerInvocation } from './config.js';
import type { ErasureBudget } from './erase.js';

/**
 * Time kept back from the function's timeout: the last page's Query and deletions under way, then the hand-off
 * of the rest to the queue, each within its SDK request timeout.
 */
const RESERVE_MS = 3_000;

/** What this invocation may spend on erasure: what its timeout leaves, within `capMs` when given. */
export function erasureBudget(context: Pick<Context, 'getRemainingTimeInMillis'>, capMs = Number.POSITIVE_INFINITY): ErasureBudget {
  const available = Math.min(context.getRemainingTimeInMillis() - RESERVE_MS, capMs);
  return { deadline: Date.now() + Math.max(0, available), maxItems: erasureItemsPerInvocation() };
}
