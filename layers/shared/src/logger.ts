import { Logger } from '@aws-lambda-powertools/logger';

// One Logger per execution environment; POWERTOOLS_SERVICE_NAME and POWERTOOLS_LOG_LEVEL come from the template.
export const logger = new Logger();
