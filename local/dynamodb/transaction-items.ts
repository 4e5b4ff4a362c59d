// What TransactWriteItems and TransactGetItems share: the items' keys, the one-operation-per-item
// rule, and which of the items' outcomes refuses the whole request and how.
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html
import type { DynamoCall } from './dynalite-client.js';
import { errorMessage, errorName, isJson, serviceError, validationException, type Answer, type Json } from './wire.js';

export const MAX_ITEMS = 100;
const DUPLICATE_TARGET = 'Transaction request cannot include multiple operations on one item';

/** The key attribute names of each table that exists, from DescribeTable. */
export async function keyNamesOf(call: DynamoCall, tableNames: Iterable<string>): Promise<Map<string, string[]>> {
  const names = new Map<string, string[]>();
  for (const TableName of new Set(tableNames)) {
    const described = await call('DescribeTable', { TableName });
    const schema = isJson(described.body.Table) ? described.body.Table.KeySchema : undefined;
    if (Array.isArray(schema))
      names.set(
        TableName,
        schema.filter(isJson).map((element) => String(element.AttributeName)),
      );
  }
  return names;
}

/** The key attributes of an item, if it has them all; of a key, if it has them and nothing else. */
export function keyIn(attributes: unknown, keyNames: string[] | undefined, of: 'item' | 'key'): Json | undefined {
  if (!keyNames || !isJson(attributes) || !keyNames.every((name) => isJson(attributes[name]))) return undefined;
  if (of === 'key' && Object.keys(attributes).length !== keyNames.length) return undefined;
  return Object.fromEntries(keyNames.map((name) => [name, attributes[name]]));
}

/** Whether two items of the request target the same item (compared by key when it can be read). */
export function targetsOneItemTwice(targets: Array<{ tableName: string; key: Json | undefined }>): boolean {
  const seen = new Set<string>();
  for (const { tableName, key } of targets) {
    if (!key) continue;
    const id = JSON.stringify([tableName, Object.values(key)]);
    if (seen.has(id)) return true;
    seen.add(id);
  }
  return false;
}

// The messages DynamoDB gives as an item's ValidationError cancellation reason rather than as a
// ValidationException for the whole request: the API reference's list (TransactionCanceledException),
// and a key that does not match the table's schema (observed on DynamoDB: see docs/local-dynamodb.md).
const ITEM_VALIDATION_ERRORS = [
  'One or more parameter values were invalid',
  'The provided key element does not match the schema',
  'The update expression attempted to update the secondary index key',
  'An operand in the update expression has an incorrect data type',
  'Item size to update has exceeded the maximum allowed size',
  'Number overflow',
  'Type mismatch for attribute to update',
  'Nesting Levels have exceeded supported limits',
  'The document path provided in the update expression is invalid for update',
  'The provided expression refers to an attribute that does not exist in the item',
];

const isItemValidationError = (message: string) =>
  // An empty key value is refused up front, for the whole request, whatever dynalite's wording.
  !message.includes('cannot contain an empty') && ITEM_VALIDATION_ERRORS.some((prefix) => message.startsWith(prefix));

export interface CancellationReason {
  Code: string;
  Message?: string;
  Item?: Json;
}

export const cancelled = (reasons: CancellationReason[]): Answer =>
  serviceError(
    'TransactionCanceledException',
    `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((reason) => reason.Code).join(', ')}]`,
    { CancellationReasons: reasons },
  );

/**
 * The answer refusing the whole request, if an item's outcome calls for one, in the order DynamoDB
 * checks: a request that does not validate (the first such item's error), two operations on one item,
 * another error (a missing table...), then an item's ValidationError, which cancels the transaction
 * with that reason alone (the other items' reasons are None, whatever their conditions).
 */
export function refusal(outcomes: Answer[], oneItemTwice: boolean): Answer | undefined {
  const invalid = (answer: Answer) => errorName(answer) === 'ValidationException';
  const requestError = outcomes.find((answer) => invalid(answer) && !isItemValidationError(errorMessage(answer)));
  if (requestError) return requestError;
  if (oneItemTwice) return validationException(DUPLICATE_TARGET);
  const otherError = outcomes.find((answer) => {
    const name = errorName(answer);
    return name !== undefined && name !== 'ValidationException' && name !== 'ConditionalCheckFailedException';
  });
  if (otherError) return otherError;
  const itemError = outcomes.findIndex(invalid);
  if (itemError < 0) return undefined;
  return cancelled(
    outcomes.map((answer, index) => (index === itemError ? { Code: 'ValidationError', Message: errorMessage(answer) } : { Code: 'None' })),
  );
}

/** The request's items as JSON objects, or the SerializationException a list of anything else gets. */
export function itemsOf(value: unknown): Json[] | Answer {
  if (Array.isArray(value) && value.every(isJson)) return value;
  return { status: 400, body: { __type: 'com.amazon.coral.service#SerializationException' } };
}

/** How the protocol's validation layer shows a list of structures in a message (Java's toString). */
export const shownList = (items: unknown[], shape: string) =>
  `[${items.map((_, index) => `com.amazonaws.dynamodb.v20120810.${shape}@${(index + 1).toString(16)}`).join(', ')}]`;
