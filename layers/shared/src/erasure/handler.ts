import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { logger } from '../logger.js';
import { handlerTracing } from '../tracing.js';

/**
 * Wraps an SQS worker: Powertools context and tracing, and each record run on its own, a failed one reported
 * alone (batch item failures: the template's ReportBatchItemFailures), so the others are not retried.
 * https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html
 */
export function queueHandler(fn: (record: SQSRecord, context: Context) => Promise<void>) {
  return middy<SQSEvent, SQSBatchResponse>()
    .use(handlerTracing)
    .use(injectLambdaContext(logger, { resetKeys: true, logEvent: false }))
    .handler(async (event: SQSEvent, context: Context) => {
      const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
      for (const record of event.Records) {
        try {
          await fn(record, context);
        } catch (error) {
          logger.error('record failed', { messageId: record.messageId, error });
          batchItemFailures.push({ itemIdentifier: record.messageId });
        }
      }
      return { batchItemFailures };
    });
}
