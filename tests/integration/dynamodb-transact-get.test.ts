// TransactGetItems on the local DynamoDB (dynalite has none), through the AWS SDK.
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactGetItems.html
import { PutItemCommand, TransactGetItemsCommand, type TransactGetItem } from '@aws-sdk/client-dynamodb';
import {
  BOXES,
  cancellationOf,
  COUNTERS,
  refusalOf,
  startLocalDynamoDb,
  type Item,
  type LocalDynamoDb,
} from './dynamodb/local-dynamodb.js';

let local: LocalDynamoDb;
beforeAll(async () => {
  local = await startLocalDynamoDb();
  await local.client.send(
    new PutItemCommand({ TableName: BOXES, Item: { ...key('a'), x: { N: '1' }, y: { S: 'why' }, z: { BOOL: true } } }),
  );
  await local.client.send(new PutItemCommand({ TableName: COUNTERS, Item: { id: { S: 'c' }, count: { N: '5' } } }));
});
afterAll(async () => local?.stop());

function key(pk: string): Item {
  return { pk: { S: `get-${pk}` }, sk: { S: 'inbox' } };
}
const transactGet = (TransactItems: TransactGetItem[]) => local.client.send(new TransactGetItemsCommand({ TransactItems }));

it('returns each item in the order asked, across tables, and an empty response for a missing one', async () => {
  const { Responses } = await transactGet([
    { Get: { TableName: COUNTERS, Key: { id: { S: 'c' } } } },
    { Get: { TableName: BOXES, Key: key('missing') } },
    { Get: { TableName: BOXES, Key: key('a') } },
  ]);
  expect(Responses).toEqual([
    { Item: { id: { S: 'c' }, count: { N: '5' } } },
    {},
    { Item: { ...key('a'), x: { N: '1' }, y: { S: 'why' }, z: { BOOL: true } } },
  ]);
});

it('applies a ProjectionExpression with its ExpressionAttributeNames', async () => {
  const { Responses } = await transactGet([
    { Get: { TableName: BOXES, Key: key('a'), ProjectionExpression: '#x, z', ExpressionAttributeNames: { '#x': 'x' } } },
  ]);
  expect(Responses).toEqual([{ Item: { x: { N: '1' }, z: { BOOL: true } } }]);
});

it('refuses two reads of one item', async () => {
  const error = await refusalOf(transactGet([{ Get: { TableName: BOXES, Key: key('a') } }, { Get: { TableName: BOXES, Key: key('a') } }]));
  expect([error.name, error.message]).toEqual([
    'ValidationException',
    'Transaction request cannot include multiple operations on one item',
  ]);
});

it('refuses no item and more than 100 items', async () => {
  const empty = await refusalOf(transactGet([]));
  expect(empty.message).toBe(
    "1 validation error detected: Value '[]' at 'transactItems' failed to satisfy constraint: Member must have length greater than or equal to 1",
  );
  const gets = Array.from({ length: 101 }, (_, i) => ({ Get: { TableName: BOXES, Key: key(String(i)) } }));
  const tooMany = await refusalOf(transactGet(gets));
  expect(tooMany.message).toMatch(/at 'transactItems' failed to satisfy constraint: Member must have length less than or equal to 100$/);
});

it('answers ResourceNotFoundException for a missing table', async () => {
  const error = await refusalOf(transactGet([{ Get: { TableName: 'no-such-table', Key: key('a') } }]));
  expect([error.name, error.message]).toEqual(['ResourceNotFoundException', 'Requested resource not found']);
});

it('cancels with a ValidationError for a key that does not match the schema', async () => {
  const error = await cancellationOf(transactGet([{ Get: { TableName: BOXES, Key: key('a') } }, { Get: { TableName: BOXES, Key: {} } }]));
  expect(error.CancellationReasons).toEqual([
    { Code: 'None' },
    { Code: 'ValidationError', Message: 'The provided key element does not match the schema' },
  ]);
});

it('answers an unused ExpressionAttributeNames entry for the whole request', async () => {
  const error = await refusalOf(
    transactGet([
      { Get: { TableName: BOXES, Key: key('a'), ProjectionExpression: '#x', ExpressionAttributeNames: { '#x': 'x', '#q': 'q' } } },
    ]),
  );
  expect([error.name, error.message]).toEqual([
    'ValidationException',
    'Value provided in ExpressionAttributeNames unused in expressions: keys: {#q}',
  ]);
});
