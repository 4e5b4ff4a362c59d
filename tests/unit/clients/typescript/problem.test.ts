// ApiProblemError: one error type for the API's problems and the gateway's own answers.
import { ApiProblemError, type ProblemCode } from '../../../../clients/typescript/src/index.js';
import { json, problem } from './fake-api.js';

describe('ApiProblemError.from', () => {
  it('reads a problem: status, code, title, detail, requestId, errors and retry-after', async () => {
    const body = {
      type: '/problems/validation-error',
      title: 'Invalid request',
      status: 400,
      detail: 'The request has invalid or missing fields.',
      code: 'ValidationError',
      requestId: 'req-7',
      errors: [{ path: 'email', message: 'Invalid email address' }],
    };
    const error = await ApiProblemError.from(new Response(JSON.stringify(body), { status: 400, headers: { 'retry-after': '4' } }));
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ name: 'ApiProblemError', status: 400, code: 'ValidationError', title: 'Invalid request', retryAfter: 4 });
    expect(error).toMatchObject({ detail: body.detail, requestId: 'req-7', errors: body.errors });
    expect(error.message).toBe('400 ValidationError: The request has invalid or missing fields.');
  });

  it("names the gateway's own answers after their message", async () => {
    await expect(ApiProblemError.from(json(401, { message: 'Unauthorized' }))).resolves.toMatchObject({ code: 'Unauthorized' });
    const throttled = await ApiProblemError.from(json(429, { message: 'Too Many Requests' }));
    expect(throttled.code).toBe('TooManyRequests');
    expect(throttled.retryAfter).toBeUndefined();
    await expect(ApiProblemError.from(json(500, { message: 'Internal Server Error' }))).resolves.toMatchObject({ code: 'InternalError' });
  });

  it('reads retry-after as an HTTP date, and survives a body that is not JSON', async () => {
    const now = Date.parse('2026-12-07T10:00:00Z');
    const response = new Response('<html>bad gateway</html>', { status: 502, headers: { 'retry-after': 'Mon, 07 Dec 2026 10:00:30 GMT' } });
    await expect(ApiProblemError.from(response, now)).resolves.toMatchObject({ status: 502, retryAfter: 30 });
  });

  it('types the codes an app branches on', async () => {
    const codes: ProblemCode[] = ['SessionEnded', 'RecentSignInRequired', 'SendQuotaExceeded', 'CodeMismatch', 'Unauthorized'];
    // @ts-expect-error: not a code of openapi.yaml, of contract v2 or of the gateway (npm run typecheck fails otherwise)
    const unknown: ProblemCode = 'NoSuchCode';
    expect((await ApiProblemError.from(problem(401, 'SessionEnded'))).code).toBe(codes[0]);
    expect(unknown).toBe('NoSuchCode');
  });
});
