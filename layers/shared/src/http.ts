// `@authapi/shared/http`: what every function imports: the handler wrapper, responses, problems and
// the meaning of AWS errors, the JWT authorizer's claims, the Logger. It loads no zod and no AWS
// client, so a function that needs nothing else (health) starts with the least (docs/performance.md).
export { logger } from './logger.js';
export { httpHandler, type HttpHandlerOptions } from './http/handler.js';
export { json, noContent } from './http/response.js';
export { Problem, problem, problemResponse, type FieldError } from './http/problem.js';
export { toProblem, unavailable, undefinedOn, type ErrorOverrides } from './http/aws-errors.js';
export { claimsOf, subjectOf, accessTokenOf, type AuthorizedEvent } from './http/claims.js';
export type { APIGatewayProxyEventV2 as PublicEvent } from 'aws-lambda';
