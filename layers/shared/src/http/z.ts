// The zod vocabulary the functions use, re-exported as `z`: zod/mini, zod 4's functional API, which
// shares zod's core (the same parsing, the same issues and messages) but not the classic API's
// chainable methods. The classic API attaches all of those to every schema it builds, so it bundled
// 98 KB whatever was used and built each schema slowly: 5–12 ms of a cold start of the functions
// that validate input (bench/cold-child.mjs). zod/mini bundles only what is listed below (37 KB with
// the English messages). Add what a schema needs.
//   classic                                  zod/mini
//   z.string().trim().min(1).max(9)          z.string().check(z.trim(), z.minLength(1), z.maxLength(9))
//   s.optional() / s.default(v)              z.optional(s) / z._default(s, v)
//   z.coerce.number().int().min(1)           z.coerce.number().check(z.int(), z.gte(1))
//   s.refine(fn, message) / a.pipe(b)        s.check(z.refine(fn, message)) / z.pipe(a, b)
import { config } from 'zod/mini';
import { en } from 'zod/locales';

// The classic API sets zod's English messages when it loads; zod/mini leaves that to the application.
config(en());

export {
  _default,
  array,
  boolean,
  coerce,
  discriminatedUnion,
  email,
  enum,
  gte,
  int,
  intersection,
  iso,
  literal,
  lte,
  maxLength,
  minLength,
  nullable,
  number,
  object,
  optional,
  pipe,
  record,
  refine,
  regex,
  string,
  toLowerCase,
  trim,
  union,
  uuid,
} from 'zod/mini';
export type { infer, input, output, ZodMiniType } from 'zod/mini';
