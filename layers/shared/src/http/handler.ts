import middy from '@middy/core';
import type { MiddlewareObj } from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { logger } from '../logger.js';
import { handlerTracing } from '../tracing.js';
import { toProblem, type ErrorOverrides } from './aws-errors.js';
import { problemResponse } from './problem.js';

type HttpEvent = Pick<APIGatewayProxyEventV2, 'requestContext'>;

export interface HttpHandlerOptions {
  /** Operation-specific meaning of AWS exceptions (e.g. sign-in: UserNotFound -> InvalidCredentials). */
  errors?: ErrorOverrides;
}

/** Every log line of an invocation carries the API request id, which clients see in problem details. */
function apiRequestIdKey<E extends HttpEvent>(): MiddlewareObj<E, APIGatewayProxyStructuredResultV2> {
  return { before: async (request) => logger.appendKeys({ apiRequestId: request.event.requestContext.requestId }) };
}

/** Turns every thrown error into problem+json; 4xx are expected and logged at info, 5xx at error. */
function problemDetails<E extends HttpEvent>(errors: ErrorOverrides = {}): MiddlewareObj<E, APIGatewayProxyStructuredResultV2> {
  return {
    onError: async (request) => {
      const p = toProblem(request.error, errors);
      const log = { status: p.status, code: p.code, errorName: request.error?.name };
      if (p.status >= 500) logger.error('request failed', { ...log, error: request.error ?? undefined });
      else logger.info('request rejected', log);
      request.response = problemResponse(p, request.event.requestContext.requestId);
    },
  };
}

/**
 * Wraps an HTTP API (payload 2.0) handler with Powertools context, tracing and error mapping. The
 * event is never logged and the response is not captured in traces: both carry passwords and tokens.
 */
export function httpHandler<E extends HttpEvent>(
  fn: (event: E, context: Context) => Promise<APIGatewayProxyStructuredResultV2>,
  options: HttpHandlerOptions = {},
) {
  return middy<E, APIGatewayProxyStructuredResultV2>()
    .use(handlerTracing)
    .use(injectLambdaContext(logger, { resetKeys: true, logEvent: false }))
    .use(apiRequestIdKey<E>())
    .use(problemDetails<E>(options.errors))
    .handler(fn);
}
