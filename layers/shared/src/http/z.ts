// The zod vocabulary of the layer, re-exported as `z`. Re-exporting zod's own `z` namespace keeps
// all of zod in the layer (every locale, JSON Schema conversion...: 443 KB of the 922 KB bundle, and
// ~16 ms of every cold start, measured with `npm run bench`): a namespace object cannot be
// tree-shaken. Named re-exports can: what is not listed here is not bundled. Add what a schema needs.
export {
  array,
  boolean,
  coerce,
  discriminatedUnion,
  email,
  enum,
  int,
  iso,
  literal,
  nullable,
  number,
  object,
  optional,
  record,
  string,
  union,
  uuid,
} from 'zod';
export type { infer, input, output, ZodType } from 'zod';
