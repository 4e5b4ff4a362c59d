// `@authapi/shared/http`: the handler wrapper, responses, problems and the Logger, without zod or the
// Cognito helpers. The layer is code-split: a function that imports only this entry point (health)
// loads neither on a cold start. Same module instances as the main entry point.
export { logger } from './powertools.js';
export { httpHandler, type HttpHandlerOptions } from './http/handler.js';
export { json, noContent } from './http/response.js';
export { Problem, problem, problemResponse, type FieldError } from './http/problem.js';
export { claimsOf, subjectOf, accessTokenOf, type AuthorizedEvent } from './cognito/claims.js';
export type { APIGatewayProxyEventV2 as PublicEvent } from 'aws-lambda';
