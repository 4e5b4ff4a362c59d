import { keyIn, refusal, targetsOneItemTwice } from '../../../../local/dynamodb/transaction-items.js';
import { ok, serviceError, validationException } from '../../../../local/dynamodb/wire.js';

const conditionFailed = serviceError('ConditionalCheckFailedException', 'The conditional request failed');
const keyMismatch = validationException('The provided key element does not match the schema');
const syntaxError = validationException('Invalid ConditionExpression: Syntax error; token: "<EOF>", near: "("');
const missingTable = serviceError('ResourceNotFoundException', 'Requested resource not found');

describe('refusal', () => {
  it('is none when every item succeeded or only conditions failed', () => {
    expect(refusal([ok(), ok()], false)).toBeUndefined();
    expect(refusal([ok(), conditionFailed], false)).toBeUndefined();
  });

  it('answers a request-level validation error first, then a duplicate target, then another error', () => {
    expect(refusal([missingTable, keyMismatch, syntaxError], true)).toEqual(syntaxError);
    expect(refusal([missingTable, keyMismatch], true)?.body.message).toBe(
      'Transaction request cannot include multiple operations on one item',
    );
    expect(refusal([keyMismatch, missingTable], false)).toEqual(missingTable);
  });

  it("cancels with the first item's ValidationError alone, the others None", () => {
    expect(
      refusal([conditionFailed, keyMismatch, validationException('Type mismatch for attribute to update')], false)?.body,
    ).toMatchObject({
      __type: 'com.amazonaws.dynamodb.v20120810#TransactionCanceledException',
      CancellationReasons: [{ Code: 'None' }, { Code: 'ValidationError', Message: keyMismatch.body.message }, { Code: 'None' }],
    });
  });

  it('answers an empty key value for the whole request', () => {
    const emptyKey = validationException(
      'One or more parameter values were invalid: The AttributeValue for a key attribute cannot contain an empty string value. Key: pk',
    );
    expect(refusal([ok(), emptyKey], false)).toEqual(emptyKey);
  });
});

describe('keys', () => {
  it('reads the key of an item, and of a key only when it has nothing else', () => {
    expect(keyIn({ pk: { S: 'a' }, note: { S: 'x' } }, ['pk'], 'item')).toEqual({ pk: { S: 'a' } });
    expect(keyIn({ pk: { S: 'a' }, note: { S: 'x' } }, ['pk'], 'key')).toBeUndefined();
    expect(keyIn({ note: { S: 'x' } }, ['pk'], 'item')).toBeUndefined();
    expect(keyIn({ pk: { S: 'a' } }, undefined, 'key')).toBeUndefined();
  });

  it('finds two targets on one item of one table only', () => {
    const a = { pk: { S: 'a' } };
    expect(
      targetsOneItemTwice([
        { tableName: 't', key: a },
        { tableName: 'u', key: a },
        { tableName: 't', key: undefined },
      ]),
    ).toBe(false);
    expect(
      targetsOneItemTwice([
        { tableName: 't', key: a },
        { tableName: 't', key: { pk: { S: 'a' } } },
      ]),
    ).toBe(true);
  });
});
