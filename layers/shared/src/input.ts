// `@authapi/shared/input`: request validation (the zod/mini vocabulary `z`, body and query parsing,
// schemas) without the Cognito client, for functions that do not call Cognito (messages).
export * as z from './http/z.js';
export { parseBody, parseQuery, MAX_BODY_BYTES } from './http/body.js';
export { fields } from './http/fields.js';
