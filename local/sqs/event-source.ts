// A function's SQS event source mapping, as Lambda runs it: it receives batches from the queue, invokes the
// function with them, deletes what succeeded, and leaves the rest in flight, to come back after the visibility
// timeout (a failed invocation: the whole batch; with ReportBatchItemFailures: the items the function names).
// https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html
// Unlike Lambda, one batch is in flight at a time per mapping (Lambda scales up to several pollers).
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { InvokeResult } from '../lambda.js';
import type { LocalQueue, StoredMessage } from './queue.js';

export interface EventSourceOptions {
  queue: LocalQueue;
  invoke: (event: SQSEvent) => Promise<InvokeResult>;
  batchSize: number;
  reportBatchItemFailures: boolean;
  region: string;
  log: (line: string) => void;
}

const eventOf = (messages: StoredMessage[], arn: string, region: string): SQSEvent => ({
  Records: messages.map((message) => ({
    messageId: message.id,
    receiptHandle: message.receipt ?? '',
    body: message.body,
    attributes: {
      ApproximateReceiveCount: String(message.receiveCount),
      SentTimestamp: String(message.sentAt),
      SenderId: '000000000000',
      ApproximateFirstReceiveTimestamp: String(message.firstReceivedAt ?? message.sentAt),
    },
    messageAttributes: {},
    md5OfBody: message.md5,
    eventSource: 'aws:sqs',
    eventSourceARN: arn,
    awsRegion: region,
  })),
});

/** The ids the function reports failed; undefined when its answer is not a valid report (then all failed, as on Lambda). */
function failedIds(payload: unknown, ids: Set<string>): Set<string> | undefined {
  const failures = (payload as Partial<SQSBatchResponse> | null)?.batchItemFailures;
  if (failures === undefined) return new Set();
  if (!Array.isArray(failures)) return undefined;
  const failed = new Set<string>();
  for (const failure of failures) {
    const id = (failure as { itemIdentifier?: unknown }).itemIdentifier;
    if (typeof id !== 'string' || !ids.has(id)) return undefined;
    failed.add(id);
  }
  return failed;
}

export class SqsEventSource {
  private running = false;
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly unsubscribe: () => void;
  /** Settles when the batch under way is done (stop waits for it). */
  private current: Promise<void> = Promise.resolve();

  constructor(private readonly options: EventSourceOptions) {
    this.unsubscribe = options.queue.onMessage(() => this.schedule(0));
    this.schedule(0);
  }

  /** Polls again in `ms`, or sooner if already due. */
  private schedule(ms: number): void {
    if (this.stopped || this.running) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.poll(), ms);
  }

  private async poll(): Promise<void> {
    if (this.stopped || this.running) return;
    this.running = true;
    let batch: StoredMessage[] = [];
    this.current = (async () => {
      const { queue } = this.options;
      batch = queue.receive(this.options.batchSize);
      if (batch.length === 0) return;
      const result = await this.options.invoke(eventOf(batch, queue.settings.arn, this.options.region));
      const ids = new Set(batch.map((message) => message.id));
      const failed = !result.ok ? ids : this.options.reportBatchItemFailures ? (failedIds(result.payload, ids) ?? ids) : new Set<string>();
      if (!result.ok)
        this.options.log(`[sqs] ${queue.settings.name}: invocation failed (${result.error.errorType}); the batch comes back later`);
      for (const message of batch) if (!failed.has(message.id)) queue.delete(message.receipt ?? '');
    })();
    await this.current.catch((error: unknown) => this.options.log(`[sqs] ${this.options.queue.settings.name}: ${String(error)}`));
    this.running = false;
    // A full batch: more may be waiting. Otherwise wake when the next delayed or in-flight message is due.
    const next = batch.length > 0 ? Date.now() : this.options.queue.nextVisibleAt();
    if (next !== undefined) this.schedule(Math.max(0, next - Date.now()));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.unsubscribe();
    await this.current.catch(() => undefined);
  }
}
