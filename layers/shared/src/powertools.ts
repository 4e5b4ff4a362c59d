import { Logger } from '@aws-lambda-powertools/logger';
import { loadOnce } from './load-once.js';

// One Logger per execution environment; service name and log level come from
// POWERTOOLS_SERVICE_NAME / POWERTOOLS_LOG_LEVEL in the template.
export const logger = new Logger();

// Tracer, with the X-Ray SDK under it, and the AWS SDK clients (cognito/client.ts,
// messages/client.ts) are loaded by an execution environment's first invocation rather than at
// init: together they were most of a cold start's cost over an empty handler (README, Performance).
/** Tracer and its middy middleware (tracing.ts), loaded on first use. */
export const loadTracing = loadOnce(() => import('./tracing.js'));
