// `@authapi/shared/auth`: what the auth functions (Cognito) import: the handler wrapper, responses,
// problems, the Logger, request validation (the zod/mini vocabulary `z`, body and query parsing,
// shared field schemas) and the Cognito client's loader with the Cognito helpers.
export * as z from './http/z.js';
export { logger } from './powertools.js';
export { httpHandler, type HttpHandlerOptions } from './http/handler.js';
export { parseBody, parseQuery, MAX_BODY_BYTES } from './http/body.js';
export { json, noContent } from './http/response.js';
export { Problem, problem, problemResponse, type FieldError } from './http/problem.js';
export { fields } from './http/fields.js';
export { cognitoSdk } from './cognito/client.js';
export { cognitoConfig } from './cognito/config.js';
export { clientAuth, secretHashFor, secretHashParameter } from './cognito/secret-hash.js';
export {
  toProblem,
  invalidCredentials,
  notAuthorized,
  invalidPasswordAt,
  codeMismatch,
  mfaNotSetUp,
  unavailable,
  undefinedOn,
  type ErrorOverrides,
} from './cognito/errors.js';
export { otpauthUri } from './cognito/totp.js';
export { claimsOf, subjectOf, accessTokenOf, type AuthorizedEvent } from './cognito/claims.js';
export type { APIGatewayProxyEventV2 as PublicEvent } from 'aws-lambda';
export { tokensOrChallenge, type Tokens, type Challenge } from './cognito/auth-result.js';
export { profileOf, type Profile } from './cognito/profile.js';
export { codeDeliveryFor, maskedEmail, type CodeDelivery } from './cognito/code-delivery.js';
