import { Logger } from '@aws-lambda-powertools/logger';
import { Tracer } from '@aws-lambda-powertools/tracer';

// One Logger and one Tracer per execution environment; service name and log level come from
// POWERTOOLS_SERVICE_NAME / POWERTOOLS_LOG_LEVEL in the template.
export const logger = new Logger();
export const tracer = new Tracer();
