import type { Context } from 'aws-lambda';
import { loadOnce } from '../load-once.js';
import { dynamodb } from './client.js';
import { idempotencyTable } from './config.js';

/** A request made idempotent by `key` (the Idempotency-Key header) for one `owner` (the caller). */
export interface IdempotentRequest<P> {
  owner: string;
  key: string;
  request: P;
}

/** Keys are kept this long: a retry after that is a new request. */
const EXPIRES_AFTER_SECONDS = 24 * 60 * 60;

/**
 * Powertools idempotency around `fn`: the first call with an (owner, key) pair runs it and stores its
 * result in the idempotency table; later calls with the same pair return that result without running
 * it. A pair reused with a different `request` throws IdempotencyValidationError; a pair whose first
 * call is still running throws IdempotencyAlreadyInProgressError. If `fn` throws, nothing is stored
 * and the key can be retried. Other fields of the input reach `fn` but are neither keyed nor compared.
 */
export function idempotent<I extends IdempotentRequest<unknown>, R>(
  fn: (input: I) => Promise<R>,
): (input: I, context: Context) => Promise<R> {
  // Powertools idempotency and its JMESPath engine load with the first keyed send: the message
  // functions that never make one do not pay for them.
  const load = loadOnce(async () => {
    const [{ IdempotencyConfig, makeIdempotent }, { DynamoDBPersistenceLayer }] = await Promise.all([
      import('@aws-lambda-powertools/idempotency'),
      import('@aws-lambda-powertools/idempotency/dynamodb'),
    ]);
    const config = new IdempotencyConfig({
      eventKeyJmesPath: '[owner, key]',
      payloadValidationJmesPath: 'request',
      expiresAfterSeconds: EXPIRES_AFTER_SECONDS,
    });
    const persistenceStore = new DynamoDBPersistenceLayer({ tableName: idempotencyTable(), awsSdkV3Client: dynamodb });
    const once = makeIdempotent(fn, { persistenceStore, config });
    return (input: I, context: Context) => {
      // Lets an in-progress record expire with the invocation, so a timed-out first call can be retried.
      config.registerLambdaContext(context);
      return once(input);
    };
  });
  return async (input, context) => (await load())(input, context);
}
