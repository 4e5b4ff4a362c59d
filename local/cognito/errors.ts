// Cognito's errors on the wire: `{"__type": name, "message": ...}`. The service model gives no
// exception an HTTP status of its own, so the JSON 1.1 protocol's defaults apply: 400 for client
// errors, 500 for InternalErrorException, the one fault.
// https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/CommonErrors.html
export class CognitoError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = type;
  }
}

const error = (type: string) => (message: string) => new CognitoError(type, message);

export const notAuthorized = error('NotAuthorizedException');
export const invalidParameter = error('InvalidParameterException');
export const resourceNotFound = error('ResourceNotFoundException');
export const userNotFound = error('UserNotFoundException');
export const codeMismatch = error('CodeMismatchException');
export const expiredCode = error('ExpiredCodeException');
export const limitExceeded = error('LimitExceededException');
export const internalError = (message: string) => new CognitoError('InternalErrorException', message, 500);

export const incorrectCredentials = () => notAuthorized('Incorrect username or password.');
export const wrongCode = () => codeMismatch('Invalid verification code provided, please try again.');
export const codeExpired = () => expiredCode('Invalid code provided, please request a code again.');
export const attemptLimitExceeded = () => limitExceeded('Attempt limit exceeded, please try after some time.');
export const invalidSession = () => notAuthorized('Invalid session for the user, session is expired.');
export const userDoesNotExist = () => userNotFound('User does not exist.');

/** AWS's message for a request that breaks a constraint of the API's model (missing, too long...). */
export const validationError = (field: string, constraint: string, missing = false) =>
  invalidParameter(`1 validation error detected: Value ${missing ? 'null ' : ''}at '${field}' failed to satisfy constraint: ${constraint}`);
