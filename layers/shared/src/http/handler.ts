import middy from '@middy/core';
import type { MiddlewareObj } from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { logger } from '../logger.js';
import { handlerTracing } from '../tracing.js';
import { toProblem, type ErrorOverrides } from './aws-errors.js';
import { userTokenOf } from './claims.js';
import { problemResponse } from './problem.js';

type HttpEvent = Pick<APIGatewayProxyEventV2, 'requestContext'>;
type HttpMiddleware<E> = MiddlewareObj<E, APIGatewayProxyStructuredResultV2>;

export interface HttpHandlerOptions<E = HttpEvent> {
  /** Operation-specific meaning of AWS exceptions (e.g. sign-in: UserNotFound -> InvalidCredentials). */
  errors?: ErrorOverrides;
  /** The session check of a route behind the JWT authorizer: `protectedHandler` (@authapi/shared/sessions) sets it. */
  sessionCheck?: HttpMiddleware<E>;
}

/** Every log line of an invocation carries the API request id, which clients see in problem details. */
function apiRequestIdKey<E extends HttpEvent>(): HttpMiddleware<E> {
  return { before: async (request) => logger.appendKeys({ apiRequestId: request.event.requestContext.requestId }) };
}

/**
 * Every answer says `cache-control: no-store`: most carry tokens, a session, a TOTP secret or the caller's
 * data, and one rule for all cannot be forgotten on a new route (contract v2). It runs last, after an error's
 * problem+json is built.
 */
function noStore<E extends HttpEvent>(): HttpMiddleware<E> {
  const mark = async (request: { response?: APIGatewayProxyStructuredResultV2 | null }) => {
    if (request.response) request.response = { ...request.response, headers: { ...request.response.headers, 'cache-control': 'no-store' } };
  };
  return { after: mark, onError: mark };
}

/**
 * Stands in for the session check on public routes: a user's token reaching a handler without it means a
 * protected route was wired with `httpHandler`, so its sessions would never end. Refused as a bug (500).
 */
function noUserTokens<E extends HttpEvent>(): HttpMiddleware<E> {
  return {
    before: async (request) => {
      if (userTokenOf(request.event)) throw new Error("A user's token reached a route without the session check: use protectedHandler");
    },
  };
}

/** Turns every thrown error into problem+json; 4xx are expected and logged at info, 5xx at error. */
function problemDetails<E extends HttpEvent>(errors: ErrorOverrides = {}): HttpMiddleware<E> {
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
 * Wraps an HTTP API (payload 2.0) handler with Powertools context, tracing, error mapping and
 * `cache-control: no-store`, and the session check when given one (before the handler, so an ended
 * session does no work). The event is never logged and the response is not captured in traces: both
 * carry passwords and tokens.
 */
export function httpHandler<E extends HttpEvent>(
  fn: (event: E, context: Context) => Promise<APIGatewayProxyStructuredResultV2>,
  options: HttpHandlerOptions<E> = {},
) {
  return middy<E, APIGatewayProxyStructuredResultV2>()
    .use(handlerTracing)
    .use(injectLambdaContext(logger, { resetKeys: true, logEvent: false }))
    .use(apiRequestIdKey<E>())
    .use(noStore<E>())
    .use(problemDetails<E>(options.errors))
    .use(options.sessionCheck ?? noUserTokens<E>())
    .handler(fn);
}
