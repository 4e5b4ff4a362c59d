import { problem } from '../http/problem.js';

// Problems of the Cognito operations, for the AWS error table (http/aws-errors.ts) and for functions
// that give an exception another meaning.

export const notAuthorized = problem(401, 'NotAuthorized', 'Not authorized', 'The credentials or token are not valid.');
/**
 * An access token Cognito refused on a protected route (revoked by a sign-out the API did not see): a 401 to a
 * bearer token names the error (RFC 6750, section 3).
 */
export const accessTokenRefused = problem(401, 'NotAuthorized', 'Not authorized', 'The credentials or token are not valid.', {
  wwwAuthenticate: 'Bearer error="invalid_token"',
});
export const codeMismatch = problem(401, 'CodeMismatch', 'Invalid code', 'The code is not valid.');
/** A refresh token that is malformed, expired, revoked, rotated out past its grace period, or of a deleted user. */
export const invalidRefreshToken = problem(
  401,
  'InvalidRefreshToken',
  'Invalid refresh token',
  'The refresh token is invalid, expired or revoked.',
);
/** A passkey registration Cognito refused: not the options it handed out, another origin or relying party, a duplicate. */
export const invalidPasskey = problem(
  400,
  'InvalidPasskey',
  'Invalid passkey',
  'The passkey could not be registered; start again with new options.',
  {
    errors: [{ path: 'credential', message: 'Not a credential for these options' }],
  },
);
export const mfaNotSetUp = problem(409, 'MfaNotSetUp', 'MFA not set up', 'Set up an authenticator app first.');

/** InvalidPasswordException for a route whose password field has another name (e.g. `newPassword`). */
export const invalidPasswordAt = (path: string) =>
  problem(400, 'InvalidPassword', 'Invalid password', 'The password does not meet the password policy.', {
    errors: [{ path, message: 'Does not meet the password policy' }],
  });
