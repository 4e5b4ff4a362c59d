import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { accessTokenRefused } from '../cognito/problems.js';
import type { ErrorOverrides } from '../http/aws-errors.js';
import type { AuthorizedEvent } from '../http/claims.js';
import { httpHandler } from '../http/handler.js';
import { sessionCheck, type SessionCheckOptions } from './check.js';

export interface ProtectedHandlerOptions<E> extends SessionCheckOptions<E> {
  /** Operation-specific meaning of AWS exceptions, as for httpHandler. */
  errors?: ErrorOverrides;
}

/** httpHandler for a route behind the JWT authorizer: the session check runs before `fn`. */
export function protectedHandler<E extends AuthorizedEvent>(
  fn: (event: E, context: Context) => Promise<APIGatewayProxyStructuredResultV2>,
  options: ProtectedHandlerOptions<E> = {},
) {
  const { errors, ...check } = options;
  // Here Cognito's NotAuthorizedException is about the caller's access token; a route may give it another meaning.
  return httpHandler<E>(fn, { errors: { NotAuthorizedException: accessTokenRefused, ...errors }, sessionCheck: sessionCheck<E>(check) });
}
