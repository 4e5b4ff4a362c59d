import { codeMismatch, invalidPasskey, invalidPasswordAt, mfaNotSetUp, notAuthorized } from '../cognito/problems.js';
import { Problem, problem } from './problem.js';

// What an error thrown by a handler means for the client: the handler wrapper's mapping (handler.ts).

/** A problem, or a function of the original error when the answer depends on it. */
export type ProblemFor = Problem | ((error: Error) => Problem);

/** Per-operation overrides, keyed by AWS exception name. */
export type ErrorOverrides = Readonly<Record<string, ProblemFor>>;

const throttled = (retryAfterSeconds: number) =>
  problem(429, 'TooManyRequests', 'Too many requests', 'Too many requests; retry later.', { retryAfterSeconds });

export const unavailable = problem(503, 'ServiceUnavailable', 'Service unavailable', 'An upstream service is unavailable; retry later.', {
  retryAfterSeconds: 2,
});

const internal = problem(500, 'InternalError', 'Internal error', 'An unexpected error occurred.');

/**
 * What each exception of the AWS calls (Cognito, DynamoDB) means for the
 * client, whatever the operation. AWS messages are never passed on: they can reveal pool ids, policy
 * details or user state. https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/CommonErrors.html
 */
const byExceptionName: ErrorOverrides = {
  // Cognito
  AliasExistsException: problem(409, 'EmailTaken', 'Email already registered', 'An account with this email already exists.'),
  UsernameExistsException: problem(409, 'EmailTaken', 'Email already registered', 'An account with this email already exists.'),
  CodeMismatchException: codeMismatch,
  EnableSoftwareTokenMFAException: codeMismatch,
  ExpiredCodeException: problem(401, 'ExpiredCode', 'Expired code', 'The code has expired; request a new one.'),
  InvalidPasswordException: invalidPasswordAt('password'),
  PasswordHistoryPolicyViolationException: problem(400, 'PasswordReused', 'Password reused', 'The password was used recently.'),
  InvalidParameterException: problem(400, 'ValidationError', 'Invalid request', 'The request was rejected as invalid.'),
  NotAuthorizedException: notAuthorized,
  UserNotFoundException: notAuthorized,
  UnauthorizedException: notAuthorized,
  UserNotConfirmedException: problem(403, 'UserNotConfirmed', 'Account not confirmed', 'Confirm the account with the emailed code first.'),
  PasswordResetRequiredException: problem(
    403,
    'PasswordResetRequired',
    'Password reset required',
    'Reset the password with forgot-password first.',
  ),
  ForbiddenException: problem(403, 'Forbidden', 'Forbidden', 'The request is not allowed.'),
  SoftwareTokenMFANotFoundException: mfaNotSetUp,
  UnsupportedTokenTypeException: problem(400, 'ValidationError', 'Invalid request', 'The token is not a refresh token.'),
  TooManyRequestsException: throttled(1),
  LimitExceededException: throttled(30),
  TooManyFailedAttemptsException: throttled(30),
  UserLambdaValidationException: problem(400, 'ValidationError', 'Invalid request', "The request was rejected by the user pool's rules."),
  CodeDeliveryFailureException: unavailable,
  InternalErrorException: unavailable,
  ConcurrentModificationException: unavailable,
  // A user pool or stack that is not set up as this API needs: the operator's problem (logged as an
  // error), not the client's; the client can only retry later.
  ResourceNotFoundException: unavailable,
  InvalidUserPoolConfigurationException: unavailable,
  UnsupportedOperationException: unavailable,
  InvalidEmailRoleAccessPolicyException: unavailable,
  InvalidSmsRoleAccessPolicyException: unavailable,
  InvalidSmsRoleTrustRelationshipException: unavailable,
  InvalidLambdaResponseException: unavailable,
  UnexpectedLambdaException: unavailable,
  UserPoolAddOnNotEnabledException: unavailable,
  // Not in this Region or the pool's feature plan: https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_InitiateAuth.html#API_InitiateAuth_Errors
  OperationNotEnabledException: unavailable,
  FeatureUnavailableInTierException: unavailable,
  // A rotated-away refresh token, used after the grace period: https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_GetTokensFromRefreshToken.html#API_GetTokensFromRefreshToken_Errors
  RefreshTokenReuseException: notAuthorized,
  // A factor the user does not have fails as a wrong code does (contract: no enumeration): https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_RespondToAuthChallenge.html#API_RespondToAuthChallenge_Errors
  MFAMethodNotFoundException: codeMismatch,
  // Passkeys: a credential that does not answer the registration's options, and a pool without passkeys (the operator's).
  // https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CompleteWebAuthnRegistration.html#API_CompleteWebAuthnRegistration_Errors
  WebAuthnChallengeNotFoundException: invalidPasskey,
  WebAuthnClientMismatchException: invalidPasskey,
  WebAuthnCredentialNotSupportedException: invalidPasskey,
  WebAuthnOriginNotAllowedException: invalidPasskey,
  WebAuthnRelyingPartyMismatchException: invalidPasskey,
  WebAuthnNotEnabledException: unavailable,
  WebAuthnConfigurationMissingException: unavailable,
  // DynamoDB https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html
  ProvisionedThroughputExceededException: throttled(1),
  RequestLimitExceeded: throttled(1),
  ThrottlingException: throttled(1),
  InternalServerError: unavailable,
  ItemCollectionSizeLimitExceededException: unavailable,
  ReplicatedWriteConflictException: unavailable,
  TransactionInProgressException: unavailable,
  // A transaction (send-message's two copies) is cancelled, and a write conflicts with one, only when
  // requests touch the same items at the same moment: a retry succeeds.
  TransactionCanceledException: unavailable,
  TransactionConflictException: unavailable,
};

const NETWORK_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

interface AwsErrorShape extends Error {
  $metadata?: { httpStatusCode?: number };
  code?: string;
}

/**
 * A timeout (aws/upstream-settings.ts), a connection that failed, or any exception Cognito or DynamoDB
 * answered that the table does not name (an SDK service exception carries the answer's status): the
 * client can only retry later. Only errors of the code itself remain 500s.
 */
function isUpstreamUnavailable(error: AwsErrorShape): boolean {
  if (error.$metadata?.httpStatusCode !== undefined) return true;
  return error.name === 'TimeoutError' || error.name === 'AbortError' || NETWORK_ERROR_CODES.has(error.code ?? '');
}

/** Maps any error a handler throws to the problem the client sees; errors that are not AWS's become a 500. */
export function toProblem(error: unknown, overrides: ErrorOverrides = {}): Problem {
  if (error instanceof Problem) return error;
  if (!(error instanceof Error)) return internal;
  const known = overrides[error.name] ?? byExceptionName[error.name];
  if (known) return typeof known === 'function' ? known(error) : known;
  return isUpstreamUnavailable(error) ? unavailable : internal;
}

/**
 * For `.catch()`: resolves to `undefined` for the named exceptions and rethrows the rest. Used where
 * an unknown user must get the same answer as a known one (no user enumeration).
 */
export const undefinedOn =
  (...exceptionNames: string[]) =>
  (error: unknown): undefined => {
    if (error instanceof Error && exceptionNames.includes(error.name)) return undefined;
    throw error;
  };
