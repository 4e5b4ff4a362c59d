import { MAX_BODY_BYTES, parseBody, parseQuery, z } from '@authapi/shared/input';

const Schema = z.object({ name: z.string(), count: z.optional(z.number().check(z.int())) });

const problemOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error as { status: number; code: string; errors?: unknown };
  }
  throw new Error('expected a problem');
};

describe('parseBody', () => {
  it('parses and validates a JSON body, dropping unknown fields', () => {
    expect(parseBody({ body: '{"name":"a","count":2,"extra":true}', isBase64Encoded: false }, Schema)).toEqual({ name: 'a', count: 2 });
  });

  it('decodes base64-encoded bodies', () => {
    const body = Buffer.from('{"name":"é"}').toString('base64');
    expect(parseBody({ body, isBase64Encoded: true }, Schema)).toEqual({ name: 'é' });
  });

  it('treats a missing body as {} so that the required fields are listed', () => {
    expect(problemOf(() => parseBody({ isBase64Encoded: false }, Schema))).toMatchObject({
      status: 400,
      code: 'ValidationError',
      errors: [{ path: 'name', message: expect.any(String) }],
    });
  });

  it('refuses malformed JSON with 400 MalformedJson', () => {
    expect(problemOf(() => parseBody({ body: '{name', isBase64Encoded: false }, Schema))).toMatchObject({
      status: 400,
      code: 'MalformedJson',
    });
  });

  it('accepts a body of exactly the limit and refuses one byte more with 413', () => {
    const padded = (bytes: number) => `{"name":"${'a'.repeat(bytes - 11)}"}`;
    expect(parseBody({ body: padded(MAX_BODY_BYTES), isBase64Encoded: false }, Schema).name).toHaveLength(MAX_BODY_BYTES - 11);
    expect(problemOf(() => parseBody({ body: padded(MAX_BODY_BYTES + 1), isBase64Encoded: false }, Schema))).toMatchObject({
      status: 413,
      code: 'PayloadTooLarge',
    });
  });

  it('counts bytes, not characters', () => {
    const body = `{"name":"${'é'.repeat(MAX_BODY_BYTES / 2)}"}`;
    expect(problemOf(() => parseBody({ body, isBase64Encoded: false }, Schema))).toMatchObject({ status: 413 });
  });

  it('names nested offending fields with dotted paths', () => {
    const Nested = z.object({ to: z.object({ email: z.email() }) });
    expect(problemOf(() => parseBody({ body: '{"to":{"email":"x"}}', isBase64Encoded: false }, Nested))).toMatchObject({
      errors: [{ path: 'to.email', message: expect.any(String) }],
    });
  });

  it('lists each offending field once, with the first problem found', () => {
    const Strict = z.object({ code: z.string().check(z.minLength(6), z.regex(/^\d+$/)) });
    const { errors } = problemOf(() => parseBody({ body: '{"code":"abc"}', isBase64Encoded: false }, Strict)) as {
      errors: Array<{ path: string }>;
    };
    expect(errors.map((e) => e.path)).toEqual(['code']);
  });
});

describe('parseQuery', () => {
  it('validates query string parameters like bodies', () => {
    const Query = z.object({ limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 20) });
    expect(parseQuery({ queryStringParameters: undefined }, Query)).toEqual({ limit: 20 });
    expect(problemOf(() => parseQuery({ queryStringParameters: { limit: '0' } }, Query))).toMatchObject({
      status: 400,
      errors: [{ path: 'limit', message: expect.any(String) }],
    });
  });
});
