export {
  AuthApiClient,
  type AuthApiClientOptions,
  type ChallengeAnswer,
  type ChallengeAnswers,
  type ChallengeName,
  type CodeDeliveryResult,
  type PendingChallenge,
  type SignInRequest,
  type SignInResult,
  type SignUpRequest,
  type SignUpResult,
} from './client.js';
export { ApiProblemError, type FieldError, type ProblemCode } from './problem.js';
export { defaultRetry, type Fetch, type RetryOptions } from './retry.js';
export {
  Session,
  type ChangePasswordRequest,
  type ListMessagesQuery,
  type Message,
  type MessagePage,
  type MfaEnabled,
  type Passkey,
  type PasskeyCreationOptions,
  type Profile,
  type PublicKeyCredentialJson,
  type SendMessageRequest,
  type Tokens,
  type TotpSetup,
  type UpdateMeRequest,
  type VerifyTotpRequest,
} from './session.js';
export { MemoryTokenStore, type StoredTokens, type TokenStore } from './token-store.js';
export type { components, paths } from './openapi.js';
