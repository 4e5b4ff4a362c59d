import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Problem, problem, toProblem } from '@authapi/shared/http';
import { cognitoError, networkError } from '../../fixtures/cognito.js';

/** The commands the layer's Cognito client module exports, i.e. every Cognito operation the functions send. */
const sentCognitoOperations = (): string[] => {
  const source = readFileSync(join(__dirname, '../../../layers/shared/src/cognito/client.ts'), 'utf8');
  return [...source.matchAll(/^\s+(\w+)Command,$/gm)].map(([, operation]) => operation as string);
};

/** The exceptions the SDK documents (`@throws`, from the API reference's Errors section) for a Cognito operation. */
const documentedExceptions = (operation: string): string[] => {
  const sdk = dirname(createRequire(__filename).resolve('@aws-sdk/client-cognito-identity-provider/package.json'));
  const types = readFileSync(join(sdk, 'dist-types/commands', `${operation}Command.d.ts`), 'utf8');
  return [...types.matchAll(/@throws \{@link (\w+)\}/g)]
    .map(([, name]) => name as string)
    .filter((name) => name !== 'CognitoIdentityProviderServiceException');
};

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
    ['OperationNotEnabledException', 503, 'ServiceUnavailable'],
    ['FeatureUnavailableInTierException', 503, 'ServiceUnavailable'],
    ['RefreshTokenReuseException', 401, 'NotAuthorized'],
    ['MFAMethodNotFoundException', 401, 'CodeMismatch'],
    ['ItemCollectionSizeLimitExceededException', 503, 'ServiceUnavailable'],
    ['TransactionInProgressException', 503, 'ServiceUnavailable'],
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

  it('treats any exception AWS answered that it does not name, network failures and timeouts as 503 with retry-after', () => {
    const unavailable = { status: 503, code: 'ServiceUnavailable', retryAfterSeconds: 2 };
    expect(toProblem(cognitoError('SomethingNewException', 'x', 'server'))).toMatchObject(unavailable);
    expect(toProblem(cognitoError('SomethingNewException', 'x', 'client'))).toMatchObject(unavailable);
    expect(toProblem(networkError())).toMatchObject(unavailable);
    expect(toProblem(Object.assign(new Error('timed out'), { name: 'TimeoutError', code: 'ETIMEDOUT' }))).toMatchObject(unavailable);
    expect(toProblem(Object.assign(new Error('no route'), { code: 'EHOSTUNREACH' }))).toMatchObject(unavailable);
  });

  it('treats anything else as a 500 bug', () => {
    expect(toProblem(new TypeError('boom'))).toMatchObject({ status: 500, code: 'InternalError' });
    expect(toProblem('a string')).toMatchObject({ status: 500, code: 'InternalError' });
    // Thrown inside the SDK's stack before any answer (no HTTP status): the code's error, not AWS's.
    expect(toProblem(Object.assign(new TypeError('boom'), { $metadata: { attempts: 1 } }))).toMatchObject({ status: 500 });
  });

  it.each(sentCognitoOperations())('names every exception the API reference documents for %s (none answers 500)', (operation) => {
    // Errors without an HTTP status, so that only the table can give them a meaning.
    const unnamed = documentedExceptions(operation).filter((name) => toProblem(Object.assign(new Error(name), { name })).status === 500);
    expect(documentedExceptions(operation).length).toBeGreaterThan(2);
    expect(unnamed).toEqual([]);
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
