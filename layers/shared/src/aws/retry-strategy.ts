import type { RetryErrorInfo, RetryStrategyV2, StandardRetryToken } from '@smithy/types';

// The AWS clients' retry policy (docs/upstream-failures.md): retry only a request that cannot have taken
// effect, and only while the call stays within its time budget. The SDK's standard policy also retries
// timeouts, resets and 5xx answers, which may follow a request that succeeded: a retried code
// confirmation or password change would then turn that success into an error.

/** Connection failures before the request was written: the server never saw it. */
const NOT_CONNECTED_CODES = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * The handler's connect timeout (`connectionTimeout`) is a TimeoutError without a code, told apart from its
 * socket timeout by this message (tests/unit/layer/retry-strategy.test.ts fails if @smithy changes it).
 */
const CONNECT_TIMEOUT_MESSAGE = 'did not establish a connection';

/**
 * Rejections answered before any work: Cognito's and DynamoDB's request-rate throttling.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/quotas.html#operation-quotas
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html
 * Cognito's LimitExceededException (a user's attempt limit) is not retried: it lasts minutes.
 */
const THROTTLING_NAMES = new Set([
  'TooManyRequestsException',
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
]);

interface ErrorShape {
  name?: string;
  code?: string;
  message?: string;
}

/** Why `error` proves the request had no effect (it never reached the service, or was throttled), if it does. */
export function noEffectReason(error: unknown): 'notConnected' | 'throttled' | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { name = '', code = '', message = '' } = error as ErrorShape;
  if (NOT_CONNECTED_CODES.has(code)) return 'notConnected';
  if (name === 'TimeoutError' && code === '' && message.includes(CONNECT_TIMEOUT_MESSAGE)) return 'notConnected';
  return THROTTLING_NAMES.has(name) ? 'throttled' : undefined;
}

export interface RetryBudget {
  /** Attempts per call, the first included. */
  maxAttempts: number;
  /** No retry starts unless its backoff and a whole attempt (`attemptMs`) end within this, from the first attempt. */
  callBudgetMs: number;
  /** The longest an attempt can take: the request timeout, which runs from the start of the attempt. */
  attemptMs: number;
}

/** Backoff bases (full jitter, doubling per retry): quick after a refused connection, longer after throttling. */
const BACKOFF_BASE_MS = { notConnected: 50, throttled: 500 };

class BudgetedRetryToken implements StandardRetryToken {
  constructor(
    readonly startedAt: number,
    readonly retryCount: number,
    readonly retryDelay: number,
  ) {}

  getRetryCount(): number {
    return this.retryCount;
  }

  /** The retry middleware waits this long before the attempt. */
  getRetryDelay(): number {
    return this.retryDelay;
  }

  getRetryCost(): number | undefined {
    return undefined;
  }
}

/**
 * The clients' `retryStrategy`: a retry for what cannot have taken effect, within `maxAttempts` and the
 * call's budget; anything else is thrown to the handler as it came (the retry middleware rethrows the
 * original error when the strategy refuses).
 */
export class UpstreamRetryStrategy implements RetryStrategyV2 {
  readonly #budget: RetryBudget;
  readonly #random: () => number;
  readonly #now: () => number;

  constructor(budget: RetryBudget, clock: { random?: () => number; now?: () => number } = {}) {
    this.#budget = budget;
    this.#random = clock.random ?? Math.random;
    this.#now = clock.now ?? Date.now;
  }

  acquireInitialRetryToken(): Promise<StandardRetryToken> {
    return Promise.resolve(new BudgetedRetryToken(this.#now(), 0, 0));
  }

  refreshRetryTokenForRetry(token: StandardRetryToken, errorInfo: RetryErrorInfo): Promise<StandardRetryToken> {
    const retryCount = token.getRetryCount() + 1;
    const reason = noEffectReason(errorInfo.error);
    if (!reason) return Promise.reject(new Error('Not retried: the request may have taken effect'));
    if (retryCount >= this.#budget.maxAttempts) return Promise.reject(new Error('Not retried: attempts exhausted'));
    const delay = Math.floor(this.#random() * BACKOFF_BASE_MS[reason] * 2 ** (retryCount - 1));
    const startedAt = token instanceof BudgetedRetryToken ? token.startedAt : this.#now();
    if (this.#now() - startedAt + delay + this.#budget.attemptMs > this.#budget.callBudgetMs) {
      return Promise.reject(new Error('Not retried: no time left in the call budget'));
    }
    return Promise.resolve(new BudgetedRetryToken(startedAt, retryCount, delay));
  }

  recordSuccess(): void {
    // No retry quota to refill: attempts and the call budget bound the retries.
  }
}
