// The zod vocabulary the functions use, re-exported as `z`: zod/mini, zod 4's functional API. It
// shares zod's core (same parsing, issues and messages) without the classic API's chainable methods,
// which are all bundled and attached to every schema whatever is used (docs/performance.md).
// https://zod.dev/packages/mini. Add what a schema needs; the classic API's spelling, translated:
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
  unknown,
  uuid,
} from 'zod/mini';
export type { infer, input, output, ZodMiniType } from 'zod/mini';
