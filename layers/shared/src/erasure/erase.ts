import { BatchWriteCommand, type BatchWriteCommandOutput } from '@aws-sdk/lib-dynamodb';
import { documents, QueryCommand } from '../messages/client.js';
import { partitionsOf, type Partition } from './partitions.js';

/** What an invocation may spend: until `deadline` (epoch ms), at most `maxItems` deletions. */
export interface ErasureBudget {
  deadline: number;
  maxItems: number;
}

export interface ErasureProgress {
  /** Nothing keyed by the user is left but the tombstone. */
  done: boolean;
  erased: number;
}

type Key = Record<string, string>;

// BatchWriteItem takes at most 25 requests: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchWriteItem.html
const BATCH_SIZE = 25;
/** Keys read per Query: ten batches, sent at once. */
const PAGE_SIZE = 250;
const UNPROCESSED_RETRIES = 5;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Deletes `keys` from `table`; what DynamoDB leaves unprocessed (throttling) is retried with backoff. */
async function deleteKeys(table: string, keys: Key[]): Promise<void> {
  let requests = keys.map((Key) => ({ DeleteRequest: { Key } }));
  for (let attempt = 0; requests.length > 0; attempt++) {
    if (attempt > UNPROCESSED_RETRIES)
      throw Object.assign(new Error('DynamoDB left deletions unprocessed'), { name: 'ThrottlingException' });
    if (attempt > 0) await pause(50 * 2 ** attempt);
    const output: BatchWriteCommandOutput = await documents.send(new BatchWriteCommand({ RequestItems: { [table]: requests } }));
    requests = (output.UnprocessedItems?.[table] ?? []).flatMap((item) =>
      item.DeleteRequest?.Key ? [{ DeleteRequest: { Key: item.DeleteRequest.Key } }] : [],
    );
  }
}

/**
 * Erases one partition page by page until it is empty, the deadline passes or `maxItems` are gone.
 * Re-running it is harmless: what an earlier run deleted is simply not found again.
 */
async function erasePartition(partition: Partition, budget: ErasureBudget, erasedBefore: number): Promise<ErasureProgress> {
  let erased = erasedBefore;
  let startKey: Key | undefined;
  for (;;) {
    if (Date.now() >= budget.deadline || erased >= budget.maxItems) return { done: false, erased };
    const page = await documents.send(
      new QueryCommand({
        TableName: partition.table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': partition.pk },
        ProjectionExpression: 'pk, sk',
        // Strongly consistent: a page never lists what the previous one just deleted.
        ConsistentRead: true,
        Limit: Math.min(PAGE_SIZE, budget.maxItems - erased),
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    const keys = ((page.Items ?? []) as Key[])
      .filter((key) => key.sk !== partition.keep)
      .map(({ pk, sk }) => ({ pk: pk ?? '', sk: sk ?? '' }));
    const batches = Array.from({ length: Math.ceil(keys.length / BATCH_SIZE) }, (_, i) => keys.slice(i * BATCH_SIZE, (i + 1) * BATCH_SIZE));
    await Promise.all(batches.map((batch) => deleteKeys(partition.table, batch)));
    erased += keys.length;
    startKey = page.LastEvaluatedKey as Key | undefined;
    if (!startKey) return { done: true, erased };
  }
}

/** Erases what the project keeps keyed by the user (partitions.ts), within `budget`. */
export async function eraseUserData(sub: string, budget: ErasureBudget): Promise<ErasureProgress> {
  let erased = 0;
  for (const partition of partitionsOf(sub)) {
    const progress = await erasePartition(partition, budget, erased);
    erased = progress.erased;
    if (!progress.done) return progress;
  }
  return { done: true, erased };
}
