// `@authapi/shared/cognito`: for the functions that call Cognito: the client and its commands, the app
// client's settings and SECRET_HASH, Cognito's answers in the contract's shapes, Cognito problems.
export * from './cognito/client.js';
export * from './cognito/admin-commands.js';
export { cognitoConfig } from './cognito/config.js';
export { clientAuth, secretHashFor, secretHashParameter } from './cognito/secret-hash.js';
export { tokensOrChallenge, type Tokens, type Challenge } from './cognito/auth-result.js';
export { profileOf, type Profile } from './cognito/profile.js';
export { codeDeliveryFor, maskedEmail, type CodeDelivery } from './cognito/code-delivery.js';
export { otpauthUri } from './cognito/totp.js';
export {
  accessTokenRefused,
  codeMismatch,
  invalidPasskey,
  invalidPasswordAt,
  invalidRefreshToken,
  mfaNotSetUp,
  notAuthorized,
} from './cognito/problems.js';
export {
  challengeFor,
  emailOtpChallenge,
  FAILED_ANSWERS,
  HIDDEN_CHOICE_FAILURES,
  HIDDEN_START_FAILURES,
  problemOn,
  selectChallenge,
  signInFactors,
  signInFailed,
  standInSession,
  startUserAuth,
  webAuthnChallenge,
  type FirstFactor,
  type PasswordlessChallenge,
  type PasswordlessFactor,
} from './cognito/passwordless.js';
export { passkeyOf, passkeysOf, type Passkey } from './cognito/passkeys.js';
