import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { upstreamClientSettings } from '../aws/upstream-settings.js';
import { tracer } from '../tracing.js';
import { erasureQueueUrl } from './config.js';
import type { ErasureJob } from './job.js';

// AWS_ENDPOINT_URL_SQS points it at the local queue (npm start); on AWS it is unset. Timeouts and retry rule as
// every AWS client's (docs/upstream-failures.md).
const sqs = tracer.captureAWSv3Client(new SQSClient(upstreamClientSettings()));

/**
 * DELETE /me's first message is delayed past its function's timeout (template: 10 s), so that when the worker
 * first sees it, the invocation that sent it has finished or died: no tombstone then means it never closed the
 * account. https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-message-timers.html
 */
export const UNCONFIRMED_DELAY_SECONDS = 30;

/** Puts an erasure on the queue, for the worker (functions/erase-account) to carry on. */
export async function handOff(job: ErasureJob): Promise<void> {
  await sqs.send(
    new SendMessageCommand({
      QueueUrl: erasureQueueUrl(),
      MessageBody: JSON.stringify(job),
      ...(job.confirmed ? {} : { DelaySeconds: UNCONFIRMED_DELAY_SECONDS }),
    }),
  );
}
