import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { safeParse } from 'zod/mini';
import type { z } from 'zod/mini';
import { problem } from '../http/problem.js';

/** Any zod schema: zod/mini's (the functions' vocabulary, z.ts) or the classic API's; both share zod's core. */
type Schema = z.core.$ZodType;

/** Bodies above this size are refused with 413 before parsing (contract: 413 body too large). */
export const MAX_BODY_BYTES = 16 * 1024;

/** One error per offending field: the first issue zod reports for it. */
export function validationProblem(issues: readonly z.core.$ZodIssue[]) {
  const byPath = new Map<string, string>();
  for (const issue of issues) {
    const path = issue.path.map(String).join('.');
    if (!byPath.has(path)) byPath.set(path, issue.message);
  }
  return problem(400, 'ValidationError', 'Invalid request', 'The request has invalid or missing fields.', {
    errors: [...byPath].map(([path, message]) => ({ path, message })),
  });
}

/**
 * Decodes, size-checks, JSON-parses and validates a request body. A missing body is treated as `{}`
 * so that the client learns which fields are required. Unknown fields are dropped by the schema.
 */
export function parseBody<S extends Schema>(
  event: Pick<APIGatewayProxyEventV2, 'body' | 'isBase64Encoded'>,
  schema: S,
  maxBytes = MAX_BODY_BYTES,
): z.output<S> {
  const raw = event.body ?? '';
  const bytes = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
  if (bytes.byteLength > maxBytes) {
    throw problem(413, 'PayloadTooLarge', 'Payload too large', `The request body must be at most ${maxBytes} bytes.`);
  }
  let value: unknown = {};
  if (bytes.byteLength > 0) {
    try {
      value = JSON.parse(bytes.toString('utf8'));
    } catch {
      throw problem(400, 'MalformedJson', 'Malformed JSON', 'The request body is not valid JSON.');
    }
  }
  const result = safeParse(schema, value);
  if (!result.success) throw validationProblem(result.error.issues);
  return result.data;
}

/** Validates query string parameters the same way as bodies. */
export function parseQuery<S extends Schema>(event: Pick<APIGatewayProxyEventV2, 'queryStringParameters'>, schema: S): z.output<S> {
  const result = safeParse(schema, event.queryStringParameters ?? {});
  if (!result.success) throw validationProblem(result.error.issues);
  return result.data;
}
