import { retryAfterSeconds } from './problem.js';

export interface RetryOptions {
  /** How many times a 429 or 503 is retried (only idempotent requests, or ones with an `Idempotency-Key`). */
  retries: number;
  /** A `retry-after` longer than this is not waited for: the error goes to the caller with its `retryAfter`. */
  maxDelaySeconds: number;
}

export const defaultRetry: RetryOptions = { retries: 2, maxDelaySeconds: 10 };

export type Fetch = (request: Request) => Promise<Response>;

// Methods that RFC 9110 (section 9.2.2) calls idempotent; a POST is one only with an Idempotency-Key.
const idempotentMethods = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);
const retriedStatuses = new Set([429, 503]);

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Retries 429 and 503 after their `retry-after` (the gateway's own 429 has none: 1 s, then 2 s, ...). */
export function retrying(fetch: Fetch, options: RetryOptions): Fetch {
  return async (request) => {
    const retriable = idempotentMethods.has(request.method) || request.headers.has('idempotency-key');
    for (let attempt = 0; ; attempt++) {
      const response = await fetch(request.clone());
      if (!retriable || attempt >= options.retries || !retriedStatuses.has(response.status)) return response;
      const delaySeconds = retryAfterSeconds(response.headers.get('retry-after')) ?? 2 ** attempt;
      if (delaySeconds > options.maxDelaySeconds) return response;
      await response.body?.cancel();
      await sleep(delaySeconds * 1000);
    }
  };
}
