// zod's classic API, re-exported as `z` by the root entry point (`@authapi/shared`) for code other
// than the functions (tests, tools) that builds schemas with chained methods. The functions use the
// zod/mini vocabulary (`./z.ts`), lighter to load; both share zod's core, so a schema of either kind
// goes through parseBody/parseQuery and yields the same issues. Re-exported by name: a namespace
// object (`export { z } from 'zod'`) cannot be tree-shaken and kept every locale and the JSON Schema
// tools (443 KB). Add what a schema needs.
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
