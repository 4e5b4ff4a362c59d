// TransactWriteItems with dynalite's own PutItem, UpdateItem and DeleteItem: alone at the gate, the
// items' before-images are journalled, each item is applied with its own condition, and every item
// is put back unless all succeeded, before anyone else is let in (docs/local-dynamodb.md).
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html
import type { ClientRequestTokens } from './client-request-tokens.js';
import type { DynamoCall } from './dynalite-client.js';
import type { Gate } from './gate.js';
import { cancelled, itemsOf, keyIn, keyNamesOf, MAX_ITEMS, refusal, shownList, targetsOneItemTwice } from './transaction-items.js';
import type { BeforeImage, UndoJournal } from './undo-journal.js';
import { restore } from './undo.js';
import { errorMessage, errorName, isJson, ok, pick, validationException, Violations, type Answer, type Json } from './wire.js';

const ACTIONS = ['ConditionCheck', 'Put', 'Delete', 'Update'] as const;
type Action = (typeof ACTIONS)[number];

const CONDITION = ['ConditionExpression', 'ExpressionAttributeNames', 'ExpressionAttributeValues'];
const REQUIRED: Record<Action, string[]> = {
  ConditionCheck: ['Key', 'TableName', 'ConditionExpression'],
  Put: ['Item', 'TableName'],
  Delete: ['Key', 'TableName'],
  Update: ['Key', 'UpdateExpression', 'TableName'],
};
// What each action passes to dynalite: the members its structure has (Expected and the other
// legacy parameters of the single-item operations are not among them).
const FORWARDED: Record<Action, string[]> = {
  ConditionCheck: ['TableName', 'Key', ...CONDITION],
  Put: ['TableName', 'Item', ...CONDITION],
  Delete: ['TableName', 'Key', ...CONDITION],
  Update: ['TableName', 'Key', 'UpdateExpression', ...CONDITION],
};
// A ConditionCheck is a conditional DeleteItem whose item is always put back: dynalite evaluates the
// condition as for any write, and the check itself changes nothing.
const OPERATION: Record<Action, string> = { ConditionCheck: 'DeleteItem', Put: 'PutItem', Delete: 'DeleteItem', Update: 'UpdateItem' };
const RETURN_VALUES = ['ALL_OLD', 'NONE'];

interface Target {
  action: Action;
  input: Json;
  tableName: string;
  key: Json | undefined;
  before?: BeforeImage;
}

const lowerFirst = (name: string) => name.charAt(0).toLowerCase() + name.slice(1);

function memberViolations(request: Json): Answer | undefined {
  const violations = new Violations();
  const token = request.ClientRequestToken;
  if (typeof token === 'string') violations.length(token, token, 'clientRequestToken', 1, 36);
  violations.oneOf(request.ReturnConsumedCapacity, 'returnConsumedCapacity', ['INDEXES', 'TOTAL', 'NONE']);
  violations.oneOf(request.ReturnItemCollectionMetrics, 'returnItemCollectionMetrics', ['SIZE', 'NONE']);
  const items = request.TransactItems;
  if (violations.notNull(items, 'transactItems') && Array.isArray(items)) {
    violations.length(items, shownList(items, 'TransactWriteItem'), 'transactItems', 1, MAX_ITEMS);
    items.forEach((item, index) => {
      for (const action of ACTIONS) {
        const input = isJson(item) ? item[action] : undefined;
        if (!isJson(input)) continue;
        const path = `transactItems.${index + 1}.member.${lowerFirst(action)}`;
        for (const member of REQUIRED[action]) violations.notNull(input[member], `${path}.${lowerFirst(member)}`);
        violations.oneOf(input.ReturnValuesOnConditionCheckFailure, `${path}.returnValuesOnConditionCheckFailure`, RETURN_VALUES);
      }
    });
  }
  return violations.answer();
}

/** One action per item, or the ValidationException DynamoDB answers otherwise. */
function actionsOf(items: Json[]): Array<{ action: Action; input: Json }> | Answer {
  const actions = [];
  for (const item of items) {
    const present = ACTIONS.filter((action) => item[action] !== undefined);
    const [action] = present;
    const input = action ? item[action] : undefined;
    if (present.length !== 1 || !action || !isJson(input)) {
      return validationException('TransactItems can only contain one of Check, Put, Update or Delete');
    }
    actions.push({ action, input });
  }
  return actions;
}

/** The transaction's answer from each item's outcome (dynalite's answer to the item's own operation). */
function verdict(targets: Target[], outcomes: Answer[]): Answer {
  const refused = refusal(outcomes, targetsOneItemTwice(targets));
  if (refused) return refused;
  if (outcomes.every((outcome) => outcome.status === 200)) return ok();
  return cancelled(
    outcomes.map((outcome, index) => {
      if (errorName(outcome) !== 'ConditionalCheckFailedException') return { Code: 'None' };
      const { input, before } = targets[index] as Target;
      const item = input.ReturnValuesOnConditionCheckFailure === 'ALL_OLD' ? before?.Item : undefined;
      return { Code: 'ConditionalCheckFailed', Message: errorMessage(outcome), ...(item ? { Item: item } : {}) };
    }),
  );
}

export interface TransactWriteDeps {
  call: DynamoCall;
  gate: Gate;
  journal: UndoJournal;
  tokens: ClientRequestTokens;
}

async function applyAlone({ call, gate, journal }: TransactWriteDeps, actions: Array<{ action: Action; input: Json }>) {
  const keyNames = await keyNamesOf(
    call,
    actions.map(({ input }) => String(input.TableName)),
  );
  const targets: Target[] = actions.map(({ action, input }) => {
    const tableName = String(input.TableName);
    return {
      action,
      input,
      tableName,
      key: action === 'Put' ? keyIn(input.Item, keyNames.get(tableName), 'item') : keyIn(input.Key, keyNames.get(tableName), 'key'),
    };
  });
  for (const target of targets) {
    if (!target.key) continue;
    const read = await call('GetItem', { TableName: target.tableName, Key: target.key, ConsistentRead: true });
    if (read.status === 200) {
      target.before = { TableName: target.tableName, Key: target.key, ...(isJson(read.body.Item) ? { Item: read.body.Item } : {}) };
    }
  }
  const images = targets.flatMap(({ before }) => (before ? [before] : []));
  if (images.length > 0) await journal.record(images);
  try {
    const outcomes: Answer[] = [];
    for (const { action, input, before } of targets) {
      const outcome = await call(OPERATION[action], pick(input, FORWARDED[action]));
      // dynalite refuses a write whose key it cannot read (GetItem and the write check keys alike),
      // so every write that took effect has its before-image.
      if (outcome.status === 200 && !before)
        throw new Error(`${action} on ${String(input.TableName)} wrote an item it could not read first`);
      outcomes.push(outcome);
    }
    const answer = verdict(targets, outcomes);
    await restore(
      call,
      answer.status === 200
        ? targets.filter(({ action }) => action === 'ConditionCheck').flatMap(({ before }) => (before ? [before] : []))
        : images,
    );
    if (images.length > 0) await journal.clear();
    return answer;
  } catch (error) {
    try {
      await restore(call, images);
      if (images.length > 0) await journal.clear();
    } catch {
      // What dynalite holds may be half a transaction: nothing more is served from it until a
      // restart undoes the transaction from the journal.
      gate.close(new Error(`The local DynamoDB stopped serving after a transaction it could not undo; restart it. ${String(error)}`));
    }
    throw error;
  }
}

/** Serves TransactWriteItems (the request's JSON body) over dynalite's single-item operations. */
export function transactWriteItems(deps: TransactWriteDeps): (request: Json) => Promise<Answer> {
  return async (request) => {
    const invalid = memberViolations(request);
    if (invalid) return invalid;
    const items = itemsOf(request.TransactItems);
    if (!Array.isArray(items)) return items;
    const actions = actionsOf(items);
    if (!Array.isArray(actions)) return actions;
    const { ClientRequestToken, ...rest } = request;
    const token = typeof ClientRequestToken === 'string' ? ClientRequestToken : undefined;
    return deps.tokens.run(token, JSON.stringify(rest), () => deps.gate.alone(() => applyAlone(deps, actions)));
  };
}
