import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { InvokeResult } from '../../../../local/lambda.js';
import { SqsEventSource } from '../../../../local/sqs/event-source.js';
import { LocalQueue, md5Of, type QueueSettings } from '../../../../local/sqs/queue.js';

const settings = (name: string, overrides: Partial<QueueSettings> = {}): QueueSettings => ({
  name,
  arn: `arn:aws:sqs:us-east-1:000000000000:${name}`,
  url: `http://127.0.0.1:1/000000000000/${name}`,
  delaySeconds: 0,
  visibilityTimeoutSeconds: 30,
  retentionSeconds: 345_600,
  ...overrides,
});

const until = async (check: () => boolean, timeoutMs = 5_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

describe('local SQS queue', () => {
  it('holds a delayed message back, and a received one in flight for the visibility timeout', () => {
    const queue = new LocalQueue(settings('q'));
    queue.send('later', 30, 1_000);
    queue.send('now', 0, 1_000);
    const [now] = queue.receive(10, 1_000);
    expect(now).toMatchObject({ body: 'now', receiveCount: 1, md5: md5Of('now') });
    expect(queue.receive(10, 1_000)).toEqual([]);
    expect(queue.receive(10, 31_000).map((m) => m.body)).toEqual(['later', 'now']);
  });

  it('deletes only with the latest receipt, and drops messages past the retention period', () => {
    const queue = new LocalQueue(settings('q', { retentionSeconds: 60 }));
    queue.send('a', 0, 0);
    const first = queue.receive(1, 0)[0]?.receipt ?? '';
    const second = queue.receive(1, 30_000)[0]?.receipt ?? '';
    queue.delete(first);
    expect(queue.counts(30_000)).toEqual({ visible: 0, notVisible: 1 });
    queue.delete(second);
    expect(queue.counts(30_000)).toEqual({ visible: 0, notVisible: 0 });
    queue.send('old', 0, 0);
    expect(queue.receive(1, 61_000)).toEqual([]);
  });

  it('moves a message received more than maxReceiveCount times to the dead-letter queue', () => {
    const dlq = new LocalQueue(settings('dlq'));
    const queue = new LocalQueue(settings('q', { visibilityTimeoutSeconds: 1, deadLetter: { queue: dlq, maxReceiveCount: 2 } }));
    queue.send('poison', 0, 0);
    expect(queue.receive(1, 0)).toHaveLength(1);
    expect(queue.receive(1, 1_000)).toHaveLength(1);
    expect(queue.receive(1, 2_000)).toEqual([]);
    expect(dlq.receive(1, 2_000).map((m) => m.body)).toEqual(['poison']);
  });

  it('keeps its messages in its file, in flight ones included, for the next run', () => {
    const dir = mkdtempSync(join(tmpdir(), 'local-sqs-'));
    try {
      const file = join(dir, 'q.json');
      const queue = new LocalQueue(settings('q'), file);
      queue.send('kept', 0, 0);
      queue.send('in flight', 0, 0);
      queue.receive(1, 0);
      const reopened = new LocalQueue(settings('q'), file);
      expect(reopened.counts(0)).toEqual({ visible: 1, notVisible: 1 });
      expect(reopened.receive(10, 31_000).map((m) => m.body)).toEqual(['kept', 'in flight']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('local SQS event source', () => {
  it('invokes the function with batches, deletes what succeeded and retries a reported failure until it succeeds', async () => {
    const queue = new LocalQueue(settings('q', { visibilityTimeoutSeconds: 0.05 }));
    const seen: string[] = [];
    let failures = 2;
    const invoke = async (event: SQSEvent): Promise<InvokeResult> => {
      const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
      for (const record of event.Records) {
        seen.push(`${record.body}#${record.attributes.ApproximateReceiveCount}`);
        if (record.body === 'flaky' && failures-- > 0) batchItemFailures.push({ itemIdentifier: record.messageId });
      }
      return { ok: true, payload: { batchItemFailures } };
    };
    const source = new SqsEventSource({
      queue,
      invoke,
      batchSize: 10,
      reportBatchItemFailures: true,
      region: 'us-east-1',
      log: () => undefined,
    });
    try {
      queue.send('steady');
      queue.send('flaky');
      await until(() => queue.counts().visible + queue.counts().notVisible === 0);
      expect(seen).toEqual(['steady#1', 'flaky#1', 'flaky#2', 'flaky#3']);
    } finally {
      await source.stop();
    }
  });

  it('returns the whole batch to the queue when the invocation fails, and a malformed report fails it all', async () => {
    const queue = new LocalQueue(settings('q', { visibilityTimeoutSeconds: 0.05 }));
    const results: InvokeResult[] = [
      { ok: false, error: { errorType: 'Sandbox.Timedout', errorMessage: 'timed out' } },
      { ok: true, payload: { batchItemFailures: [{ itemIdentifier: 'not in the batch' }] } },
      { ok: true, payload: { batchItemFailures: [] } },
    ];
    const batches: number[] = [];
    const source = new SqsEventSource({
      queue,
      invoke: async (event) => {
        batches.push(event.Records.length);
        return results.shift() ?? { ok: true, payload: null };
      },
      batchSize: 10,
      reportBatchItemFailures: true,
      region: 'us-east-1',
      log: () => undefined,
    });
    try {
      queue.send('a');
      queue.send('b');
      await until(() => queue.counts().visible + queue.counts().notVisible === 0);
      expect(batches).toEqual([2, 2, 2]);
    } finally {
      await source.stop();
    }
  });
});
