// `@authapi/shared/input`: request validation (zod vocabulary, body and query parsing, shared field
// schemas) without the Cognito client, for functions that do not call Cognito (messages).
export * as z from './http/z.js';
export { parseBody, parseQuery, MAX_BODY_BYTES } from './http/body.js';
export * as fields from './http/fields.js';
