import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { primeClient } from '../aws/priming.js';
import { upstreamClientSettings } from '../aws/upstream-settings.js';
import { traced } from '../tracing.js';
import { erasureQueueUrl } from './config.js';
import type { ErasureJob } from './job.js';

// AWS_ENDPOINT_URL_SQS points it at the local queue (npm start); on AWS it is unset. Timeouts and retry rule as
// every AWS client's (docs/upstream-failures.md).
const client = new SQSClient(upstreamClientSettings());

// A SendMessage answered in the process (its MD5OfMessageBody is the md5 of "priming", which the client checks),
// primed before it is traced as the other clients are (docs/performance.md).
await primeClient(
  client,
  new SendMessageCommand({ QueueUrl: 'https://sqs.us-east-1.amazonaws.com/000000000000/priming', MessageBody: 'priming' }),
  {
    contentType: 'application/x-amz-json-1.0',
    body: '{"MessageId":"priming","MD5OfMessageBody":"f4f858ed3f1ca34c4beabce73dd6df29"}',
  },
);

/** The queue's client (exported for the bench's warm run, which answers it in the process). */
export const erasureQueue = traced(client);

/**
 * DELETE /me's first message is delayed past its function's timeout (template: 10 s), so that when the worker
 * first sees it, the invocation that sent it has finished or died: no tombstone then means it never closed the
 * account. https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-message-timers.html
 */
export const UNCONFIRMED_DELAY_SECONDS = 30;

/** Puts an erasure on the queue, for the worker (functions/erase-account) to carry on. */
export async function handOff(job: ErasureJob): Promise<void> {
  await erasureQueue.send(
    new SendMessageCommand({
      QueueUrl: erasureQueueUrl(),
      MessageBody: JSON.stringify(job),
      ...(job.confirmed ? {} : { DelaySeconds: UNCONFIRMED_DELAY_SECONDS }),
    }),
  );
}
