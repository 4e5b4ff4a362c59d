import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { problem } from '../http/problem.js';
import { isMessageId } from './model.js';

/** The answer for a message the caller has no copy of, whether it exists or not (no probing). */
export const messageNotFound = problem(404, 'MessageNotFound', 'Message not found', 'No message with this id in your boxes.');

/** The `{id}` path parameter; an id that cannot be a message id is not found rather than invalid. */
export function messageIdOf(event: Pick<APIGatewayProxyEventV2, 'pathParameters'>): string {
  const id = event.pathParameters?.id ?? '';
  if (!isMessageId(id)) throw messageNotFound;
  return id;
}
