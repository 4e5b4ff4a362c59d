// TransactGetItems, which dynalite lacks: the items are read alone at the gate, so no transaction
// (and no other write) lands between two of the reads.
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactGetItems.html
import type { DynamoCall } from './dynalite-client.js';
import type { Gate } from './gate.js';
import { itemsOf, keyIn, keyNamesOf, MAX_ITEMS, refusal, shownList, targetsOneItemTwice } from './transaction-items.js';
import { isJson, ok, pick, Violations, type Answer, type Json } from './wire.js';

function memberViolations(request: Json): Answer | undefined {
  const violations = new Violations();
  violations.oneOf(request.ReturnConsumedCapacity, 'returnConsumedCapacity', ['INDEXES', 'TOTAL', 'NONE']);
  const items = request.TransactItems;
  if (violations.notNull(items, 'transactItems') && Array.isArray(items)) {
    violations.length(items, shownList(items, 'TransactGetItem'), 'transactItems', 1, MAX_ITEMS);
    items.forEach((item, index) => {
      const path = `transactItems.${index + 1}.member.get`;
      const get = isJson(item) ? item.Get : undefined;
      if (!violations.notNull(get, path) || !isJson(get)) return;
      violations.notNull(get.Key, `${path}.key`);
      violations.notNull(get.TableName, `${path}.tableName`);
    });
  }
  return violations.answer();
}

/** Serves TransactGetItems (the request's JSON body) with dynalite's GetItem. */
export function transactGetItems({ call, gate }: { call: DynamoCall; gate: Gate }): (request: Json) => Promise<Answer> {
  return async (request) => {
    const invalid = memberViolations(request);
    if (invalid) return invalid;
    const items = itemsOf(request.TransactItems);
    if (!Array.isArray(items)) return items;
    const gets = items.map((item) => item.Get).filter(isJson);
    return gate.alone(async () => {
      const keyNames = await keyNamesOf(
        call,
        gets.map((get) => String(get.TableName)),
      );
      const targets = gets.map((get) => ({
        tableName: String(get.TableName),
        key: keyIn(get.Key, keyNames.get(String(get.TableName)), 'key'),
      }));
      const outcomes: Answer[] = [];
      for (const get of gets) {
        outcomes.push(
          await call('GetItem', {
            ...pick(get, ['TableName', 'Key', 'ProjectionExpression', 'ExpressionAttributeNames']),
            ConsistentRead: true,
          }),
        );
      }
      return (
        refusal(outcomes, targetsOneItemTwice(targets)) ??
        ok({ Responses: outcomes.map(({ body }) => (isJson(body.Item) ? { Item: body.Item } : {})) })
      );
    });
  };
}
