import type { NodeHttpHandlerOptions } from '@smithy/types';
import { UpstreamRetryStrategy } from './retry-strategy.js';

// Timeouts and retries of every AWS client of the layer, so that a refusing or hanging Cognito or DynamoDB
// answers 503 well within the function's timeout (docs/upstream-failures.md has the arithmetic).

/** The production values. */
export const UPSTREAM_DEFAULTS = { connectTimeoutMs: 1000, requestTimeoutMs: 3000, maxAttempts: 3 } as const;

export interface UpstreamTimeouts {
  /** TCP connect. */
  connectTimeoutMs: number;
  /** A whole attempt, from its start (connect included) to the response's headers. */
  requestTimeoutMs: number;
  maxAttempts: number;
  /** No retry starts unless it can end within this, from the call's first attempt: a call's worst case. */
  callBudgetMs: number;
}

const millisecondsIn = (value: string | undefined): number | undefined => {
  const ms = Number(value);
  return value && Number.isInteger(ms) && ms > 0 ? ms : undefined;
};

/**
 * The production values, or shorter ones from UPSTREAM_CONNECT_TIMEOUT_MS and UPSTREAM_REQUEST_TIMEOUT_MS
 * (tests only: the template sets neither). The budget leaves room for two connect timeouts and a whole attempt.
 */
export function upstreamTimeouts(env: NodeJS.ProcessEnv = process.env): UpstreamTimeouts {
  const connectTimeoutMs = millisecondsIn(env.UPSTREAM_CONNECT_TIMEOUT_MS) ?? UPSTREAM_DEFAULTS.connectTimeoutMs;
  const requestTimeoutMs = millisecondsIn(env.UPSTREAM_REQUEST_TIMEOUT_MS) ?? UPSTREAM_DEFAULTS.requestTimeoutMs;
  return {
    connectTimeoutMs,
    requestTimeoutMs,
    maxAttempts: UPSTREAM_DEFAULTS.maxAttempts,
    callBudgetMs: requestTimeoutMs + 2 * connectTimeoutMs,
  };
}

/**
 * Client constructor options: the SDK's own Node.js handler with its timeouts (given as options, so the
 * client builds the handler it always does: nothing more to load), and the retry strategy. Priming wraps
 * this handler (priming.ts), so the timeouts stay in force.
 */
export function upstreamClientSettings(timeouts: UpstreamTimeouts = upstreamTimeouts()) {
  const requestHandler: NodeHttpHandlerOptions = {
    connectionTimeout: timeouts.connectTimeoutMs,
    requestTimeout: timeouts.requestTimeoutMs,
    // Without it a request timeout only logs a warning (NodeHttpHandlerOptions).
    throwOnRequestTimeout: true,
  };
  const retryStrategy = new UpstreamRetryStrategy({
    maxAttempts: timeouts.maxAttempts,
    callBudgetMs: timeouts.callBudgetMs,
    attemptMs: timeouts.requestTimeoutMs,
  });
  return { maxAttempts: timeouts.maxAttempts, requestHandler, retryStrategy };
}
