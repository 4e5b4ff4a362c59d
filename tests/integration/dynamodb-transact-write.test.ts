// TransactWriteItems on the local DynamoDB, through the AWS SDK: all or nothing, every condition
// checked before any write, and DynamoDB's answers (cancellation reasons, validation, idempotency).
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html
import { PutItemCommand, TransactWriteItemsCommand, type TransactWriteItem } from '@aws-sdk/client-dynamodb';
import {
  BOXES,
  cancellationOf,
  COUNTERS,
  refusalOf,
  startLocalDynamoDb,
  stored,
  type Item,
  type LocalDynamoDb,
} from './dynamodb/local-dynamodb.js';

let local: LocalDynamoDb;
let run = 0;
/** Keys of their own for each test. */
const key = (pk: string, sk = 'inbox'): Item => ({ pk: { S: `${pk}-${run}` }, sk: { S: sk } });
const counter = (id: string): Item => ({ id: { S: `${id}-${run}` } });

beforeAll(async () => (local = await startLocalDynamoDb()));
afterAll(async () => local?.stop());
beforeEach(() => (run += 1));

const transact = (TransactItems: TransactWriteItem[], extra: { ClientRequestToken?: string } = {}) =>
  local.client.send(new TransactWriteItemsCommand({ TransactItems, ...extra }));
const put = (Item: Item, TableName = BOXES) => local.client.send(new PutItemCommand({ TableName, Item }));

describe('a transaction whose conditions all hold', () => {
  it('applies every Put, Update and Delete, across tables', async () => {
    await put({ ...key('old'), note: { S: 'to delete' } });
    await put({ ...counter('visits'), count: { N: '41' } }, COUNTERS);
    await transact([
      { Put: { TableName: BOXES, Item: { ...key('new'), note: { S: 'hello' } }, ConditionExpression: 'attribute_not_exists(pk)' } },
      {
        Update: {
          TableName: COUNTERS,
          Key: counter('visits'),
          UpdateExpression: 'ADD #c :one',
          ExpressionAttributeNames: { '#c': 'count' },
          ExpressionAttributeValues: { ':one': { N: '1' } },
        },
      },
      {
        Delete: {
          TableName: BOXES,
          Key: key('old'),
          ConditionExpression: 'note = :n',
          ExpressionAttributeValues: { ':n': { S: 'to delete' } },
        },
      },
    ]);
    expect(await stored(local.client, BOXES, key('new'))).toEqual({ ...key('new'), note: { S: 'hello' } });
    expect(await stored(local.client, COUNTERS, counter('visits'))).toEqual({ ...counter('visits'), count: { N: '42' } });
    expect(await stored(local.client, BOXES, key('old'))).toBeUndefined();
  });

  it('leaves the item of a ConditionCheck as it was, present or absent', async () => {
    await put({ ...key('checked'), note: { S: 'unchanged' } });
    await transact([
      { ConditionCheck: { TableName: BOXES, Key: key('checked'), ConditionExpression: 'attribute_exists(pk)' } },
      { ConditionCheck: { TableName: BOXES, Key: key('absent'), ConditionExpression: 'attribute_not_exists(pk)' } },
      { Put: { TableName: BOXES, Item: key('written') } },
    ]);
    expect(await stored(local.client, BOXES, key('checked'))).toEqual({ ...key('checked'), note: { S: 'unchanged' } });
    expect(await stored(local.client, BOXES, key('absent'))).toBeUndefined();
    expect(await stored(local.client, BOXES, key('written'))).toEqual(key('written'));
  });

  it('accepts 100 items', async () => {
    const items = Array.from({ length: 100 }, (_, i) => ({ Put: { TableName: BOXES, Item: key(`hundred-${i}`) } }));
    await transact(items);
    expect(await stored(local.client, BOXES, key('hundred-99'))).toEqual(key('hundred-99'));
  });
});

describe('a transaction with a condition that fails', () => {
  it('writes nothing, though the failing condition is on the last item', async () => {
    await put({ ...key('existing'), note: { S: 'before' } });
    await put({ ...counter('stays'), count: { N: '1' } }, COUNTERS);
    const error = await cancellationOf(
      transact([
        { Put: { TableName: BOXES, Item: key('fresh') } },
        { Put: { TableName: BOXES, Item: { ...key('existing'), note: { S: 'after' } } } },
        {
          Update: {
            TableName: COUNTERS,
            Key: counter('stays'),
            UpdateExpression: 'SET #c = :two',
            ExpressionAttributeNames: { '#c': 'count' },
            ExpressionAttributeValues: { ':two': { N: '2' } },
          },
        },
        { Delete: { TableName: BOXES, Key: key('existing', 'sent') } },
        { ConditionCheck: { TableName: BOXES, Key: key('missing'), ConditionExpression: 'attribute_exists(pk)' } },
      ]),
    );
    expect(error.CancellationReasons?.map((reason) => reason.Code)).toEqual(['None', 'None', 'None', 'None', 'ConditionalCheckFailed']);
    expect(await stored(local.client, BOXES, key('fresh'))).toBeUndefined();
    expect(await stored(local.client, BOXES, key('existing'))).toEqual({ ...key('existing'), note: { S: 'before' } });
    expect(await stored(local.client, COUNTERS, counter('stays'))).toEqual({ ...counter('stays'), count: { N: '1' } });
  });

  it('gives a reason per item in order: None, or ConditionalCheckFailed with its message, for every failing condition', async () => {
    await put(key('taken'));
    const error = await cancellationOf(
      transact([
        { Put: { TableName: BOXES, Item: key('free') } },
        { Put: { TableName: BOXES, Item: key('taken'), ConditionExpression: 'attribute_not_exists(pk)' } },
        { ConditionCheck: { TableName: BOXES, Key: key('free-too'), ConditionExpression: 'attribute_not_exists(pk)' } },
        { Delete: { TableName: BOXES, Key: key('never-written'), ConditionExpression: 'attribute_exists(pk)' } },
      ]),
    );
    expect(error.message).toBe(
      'Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed, None, ConditionalCheckFailed]',
    );
    expect(error.CancellationReasons).toEqual([
      { Code: 'None' },
      { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' },
      { Code: 'None' },
      { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' },
    ]);
    expect(await stored(local.client, BOXES, key('free'))).toBeUndefined();
  });

  it('returns the item as it was with ReturnValuesOnConditionCheckFailure ALL_OLD, and not with NONE', async () => {
    const item = { ...key('old-values'), note: { S: 'as it was' }, data: { B: Uint8Array.from([0, 1, 255]) } };
    await put(item);
    const update = (ReturnValuesOnConditionCheckFailure: 'ALL_OLD' | 'NONE') => ({
      Update: {
        TableName: BOXES,
        Key: key('old-values'),
        UpdateExpression: 'SET note = :new',
        ConditionExpression: 'note = :expected',
        ExpressionAttributeValues: { ':new': { S: 'changed' }, ':expected': { S: 'something else' } },
        ReturnValuesOnConditionCheckFailure,
      },
    });
    const withItem = await cancellationOf(transact([update('ALL_OLD')]));
    expect(withItem.CancellationReasons).toEqual([
      { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed', Item: item },
    ]);
    const withoutItem = await cancellationOf(transact([update('NONE')]));
    expect(withoutItem.CancellationReasons).toEqual([{ Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' }]);
  });
});

describe('a transaction DynamoDB refuses', () => {
  it('refuses two operations on one item, and writes nothing', async () => {
    const error = await refusalOf(
      transact([
        { Put: { TableName: BOXES, Item: key('once') } },
        { Put: { TableName: BOXES, Item: key('twice') } },
        { ConditionCheck: { TableName: BOXES, Key: key('twice'), ConditionExpression: 'attribute_not_exists(pk)' } },
      ]),
    );
    expect(error.name).toBe('ValidationException');
    expect(error.message).toBe('Transaction request cannot include multiple operations on one item');
    expect(await stored(local.client, BOXES, key('once'))).toBeUndefined();
    expect(await stored(local.client, BOXES, key('twice'))).toBeUndefined();
  });

  it('refuses no item and more than 100 items', async () => {
    const empty = await refusalOf(transact([]));
    expect([empty.name, empty.message]).toEqual([
      'ValidationException',
      "1 validation error detected: Value '[]' at 'transactItems' failed to satisfy constraint: Member must have length greater than or equal to 1",
    ]);
    const items = Array.from({ length: 101 }, (_, i) => ({ Put: { TableName: BOXES, Item: key(`many-${i}`) } }));
    const tooMany = await refusalOf(transact(items));
    expect(tooMany.name).toBe('ValidationException');
    expect(tooMany.message).toMatch(
      /^1 validation error detected: Value '\[.+\]' at 'transactItems' failed to satisfy constraint: Member must have length less than or equal to 100$/s,
    );
    expect(await stored(local.client, BOXES, key('many-0'))).toBeUndefined();
  });

  it('refuses a ConditionCheck without a condition and an unknown ReturnValuesOnConditionCheckFailure, together', async () => {
    const error = await refusalOf(
      transact([
        { ConditionCheck: { TableName: BOXES, Key: key('unchecked') } } as unknown as TransactWriteItem,
        { Put: { TableName: BOXES, Item: key('p'), ReturnValuesOnConditionCheckFailure: 'dog' } } as unknown as TransactWriteItem,
      ]),
    );
    expect(error.message).toBe(
      "2 validation errors detected: Value null at 'transactItems.1.member.conditionCheck.conditionExpression' failed to satisfy constraint: Member must not be null; " +
        "Value 'dog' at 'transactItems.2.member.put.returnValuesOnConditionCheckFailure' failed to satisfy constraint: Member must satisfy enum value set: [ALL_OLD, NONE]",
    );
  });

  it('cancels with a ValidationError for the first item whose key does not match the schema, the others None', async () => {
    const error = await cancellationOf(
      transact([
        { Put: { TableName: BOXES, Item: key('valid') } },
        { Put: { TableName: BOXES, Item: { pk: { N: '7' }, sk: { S: 'inbox' } } } },
        { Delete: { TableName: BOXES, Key: { pk: { N: '8' }, sk: { S: 'inbox' } } } },
        { ConditionCheck: { TableName: BOXES, Key: key('absent'), ConditionExpression: 'attribute_exists(pk)' } },
      ]),
    );
    expect(error.CancellationReasons).toEqual([
      { Code: 'None' },
      { Code: 'ValidationError', Message: 'One or more parameter values were invalid: Type mismatch for key pk expected: S actual: N' },
      { Code: 'None' },
      { Code: 'None' },
    ]);
    expect(await stored(local.client, BOXES, key('valid'))).toBeUndefined();
  });

  it('cancels with a ValidationError when an update cannot apply to the stored item', async () => {
    await put({ ...counter('text'), count: { S: 'not a number' } }, COUNTERS);
    const error = await cancellationOf(
      transact([
        { Put: { TableName: BOXES, Item: key('alongside') } },
        {
          Update: {
            TableName: COUNTERS,
            Key: counter('text'),
            UpdateExpression: 'SET #c = #c + :one',
            ExpressionAttributeNames: { '#c': 'count' },
            ExpressionAttributeValues: { ':one': { N: '1' } },
          },
        },
      ]),
    );
    expect(error.CancellationReasons).toEqual([
      { Code: 'None' },
      { Code: 'ValidationError', Message: 'An operand in the update expression has an incorrect data type' },
    ]);
    expect(await stored(local.client, BOXES, key('alongside'))).toBeUndefined();
  });

  it('answers a malformed expression on a later item for the whole request, ahead of a missing table', async () => {
    const error = await refusalOf(
      transact([
        { Put: { TableName: 'no-such-table', Item: key('x') } },
        { Put: { TableName: BOXES, Item: key('y') } },
        { ConditionCheck: { TableName: BOXES, Key: key('z'), ConditionExpression: 'attribute_not_exists(' } },
      ]),
    );
    expect(error.name).toBe('ValidationException');
    expect(error.message).toMatch(/^Invalid ConditionExpression: Syntax error/);
    expect(await stored(local.client, BOXES, key('y'))).toBeUndefined();
  });

  it('answers ResourceNotFoundException for a missing table, and writes nothing', async () => {
    const error = await refusalOf(
      transact([{ Put: { TableName: BOXES, Item: key('before-missing') } }, { Put: { TableName: 'no-such-table', Item: key('x') } }]),
    );
    expect([error.name, error.message]).toEqual(['ResourceNotFoundException', 'Requested resource not found']);
    expect(await stored(local.client, BOXES, key('before-missing'))).toBeUndefined();
  });
});

describe('ClientRequestToken', () => {
  const increment = () => [
    {
      Update: {
        TableName: COUNTERS,
        Key: counter('idempotent'),
        UpdateExpression: 'ADD #c :one',
        ExpressionAttributeNames: { '#c': 'count' },
        ExpressionAttributeValues: { ':one': { N: '1' } },
      },
    },
  ];
  const count = async () => (await stored(local.client, COUNTERS, counter('idempotent')))?.count?.N;

  it('applies a transaction once however often it is sent with the same token', async () => {
    const ClientRequestToken = `token-${run}`;
    await transact(increment(), { ClientRequestToken });
    await transact(increment(), { ClientRequestToken });
    expect(await count()).toBe('1');
    await transact(increment());
    await transact(increment());
    expect(await count()).toBe('3');
  });

  it('refuses the same token with another request', async () => {
    const ClientRequestToken = `token-${run}`;
    await transact(increment(), { ClientRequestToken });
    const error = await refusalOf(transact([{ Put: { TableName: BOXES, Item: key('other') } }], { ClientRequestToken }));
    expect(error.name).toBe('IdempotentParameterMismatchException');
    expect(await stored(local.client, BOXES, key('other'))).toBeUndefined();
  });

  it('refuses a token longer than 36 characters', async () => {
    const ClientRequestToken = 'x'.repeat(37);
    const error = await refusalOf(transact(increment(), { ClientRequestToken }));
    expect(error.message).toBe(
      `1 validation error detected: Value '${ClientRequestToken}' at 'clientRequestToken' failed to satisfy constraint: Member must have length less than or equal to 36`,
    );
  });
});
