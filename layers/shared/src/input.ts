// `@authapi/shared/input`: request validation: the zod/mini vocabulary as `z`, body and query
// parsing into problem+json, and the field schemas the routes share.
export * as z from './input/z.js';
export { parseBody, parseQuery, MAX_BODY_BYTES } from './input/body.js';
export { fields } from './input/fields.js';
