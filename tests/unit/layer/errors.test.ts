import { Problem, problem, toProblem } from '@authapi/shared/http';
import { cognitoError, networkError } from '../../fixtures/cognito.js';

describe('toProblem', () => {
  it.each([
    ['UsernameExistsException', 409, 'EmailTaken'],
    ['AliasExistsException', 409, 'EmailTaken'],
    ['CodeMismatchException', 401, 'CodeMismatch'],
    ['ExpiredCodeException', 401, 'ExpiredCode'],
    ['NotAuthorizedException', 401, 'NotAuthorized'],
    ['UserNotConfirmedException', 403, 'UserNotConfirmed'],
    ['InvalidPasswordException', 400, 'InvalidPassword'],
    ['InvalidParameterException', 400, 'ValidationError'],
    ['TooManyRequestsException', 429, 'TooManyRequests'],
    ['LimitExceededException', 429, 'TooManyRequests'],
    ['InternalErrorException', 503, 'ServiceUnavailable'],
    ['UserLambdaValidationException', 400, 'ValidationError'],
    ['ConcurrentModificationException', 503, 'ServiceUnavailable'],
    ['InvalidUserPoolConfigurationException', 503, 'ServiceUnavailable'],
    ['UnsupportedOperationException', 503, 'ServiceUnavailable'],
    ['InvalidEmailRoleAccessPolicyException', 503, 'ServiceUnavailable'],
    ['UnexpectedLambdaException', 503, 'ServiceUnavailable'],
    ['TransactionCanceledException', 503, 'ServiceUnavailable'],
    ['TransactionConflictException', 503, 'ServiceUnavailable'],
  ])('maps %s to %i %s', (name, status, code) => {
    expect(toProblem(cognitoError(name))).toMatchObject({ status, code });
  });

  it('gives throttling and unavailability a retry-after', () => {
    expect(toProblem(cognitoError('TooManyRequestsException')).retryAfterSeconds).toBeGreaterThan(0);
    expect(toProblem(cognitoError('InternalErrorException')).retryAfterSeconds).toBeGreaterThan(0);
  });

  it('never carries the AWS message to the client', () => {
    expect(toProblem(cognitoError('NotAuthorizedException', 'User pool client abc does not exist.')).detail).not.toContain('abc');
  });

  it('treats unknown server faults and network failures as 503', () => {
    expect(toProblem(cognitoError('SomethingNewException', 'x', 'server'))).toMatchObject({ status: 503 });
    expect(toProblem(networkError())).toMatchObject({ status: 503 });
    expect(toProblem(Object.assign(new Error('timed out'), { name: 'TimeoutError' }))).toMatchObject({ status: 503 });
  });

  it('treats anything else as a 500 bug', () => {
    expect(toProblem(new TypeError('boom'))).toMatchObject({ status: 500, code: 'InternalError' });
    expect(toProblem('a string')).toMatchObject({ status: 500, code: 'InternalError' });
    expect(toProblem(cognitoError('SomethingNewException'))).toMatchObject({ status: 500 });
  });

  it('lets an operation override the meaning of an exception, statically or from the error', () => {
    const gone = problem(410, 'Gone', 'Gone', 'Gone.');
    expect(toProblem(cognitoError('NotAuthorizedException'), { NotAuthorizedException: gone })).toBe(gone);
    expect(
      toProblem(cognitoError('NotAuthorizedException', 'special'), { NotAuthorizedException: (e) => problem(418, e.message, 't', 'd') }),
    ).toMatchObject({
      status: 418,
      code: 'special',
    });
  });

  it('passes problems thrown by handlers through unchanged', () => {
    const thrown = new Problem({ status: 404, code: 'NotFound', title: 'Not found', detail: 'No such thing.' });
    expect(toProblem(thrown)).toBe(thrown);
  });
});
