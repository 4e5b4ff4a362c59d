// dynalite predates DynamoDB transactions: it answers TransactWriteItems with
// UnknownOperationException. The handlers are written against DynamoDB, so the local stack answers
// it in front of dynalite, applying the items one by one through dynalite's own PutItem, UpdateItem
// and DeleteItem. Unlike DynamoDB this is not atomic (a failed condition leaves the earlier items
// written); the functions' transactions are unconditional puts, which this serves faithfully.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DeleteItemCommand, DynamoDBClient, PutItemCommand, UpdateItemCommand, type TransactWriteItem } from '@aws-sdk/client-dynamodb';

const TRANSACT_WRITE = 'DynamoDB_20120810.TransactWriteItems';

export const isTransactWrite = (request: IncomingMessage): boolean => request.headers['x-amz-target'] === TRANSACT_WRITE;

function commandOf(item: TransactWriteItem) {
  if (item.Put) return new PutItemCommand(item.Put);
  if (item.Update) return new UpdateItemCommand(item.Update);
  if (item.Delete) return new DeleteItemCommand(item.Delete);
  return undefined;
}

const reply = (response: ServerResponse, status: number, body: unknown) =>
  response.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' }).end(JSON.stringify(body));

/** Serves TransactWriteItems with `client`, a DynamoDB client pointed at dynalite itself. */
export function transactWrite(client: DynamoDBClient) {
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    let text = '';
    for await (const chunk of request) text += String(chunk);
    const { TransactItems = [] } = JSON.parse(text || '{}') as { TransactItems?: TransactWriteItem[] };
    const commands = TransactItems.map(commandOf);
    if (TransactItems.length === 0 || TransactItems.length > 100 || commands.some((command) => !command)) {
      reply(response, 400, {
        __type: 'com.amazon.coral.validate#ValidationException',
        message: 'Only Put, Update and Delete items (1 to 100) are emulated locally',
      });
      return;
    }
    const reasons: Array<{ Code: string; Message?: string }> = [];
    for (const command of commands) {
      try {
        // The union of command types has no common `send` overload; each is a valid DynamoDB command.
        await client.send(command as PutItemCommand);
        reasons.push({ Code: 'None' });
      } catch (error) {
        const name = error instanceof Error ? error.name : 'InternalServerError';
        reasons.push({ Code: name.replace(/Exception$/, ''), Message: error instanceof Error ? error.message : '' });
        reply(response, 400, {
          __type: 'com.amazonaws.dynamodb.v20120810#TransactionCanceledException',
          message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((r) => r.Code).join(', ')}]`,
          CancellationReasons: reasons,
        });
        return;
      }
    }
    reply(response, 200, {});
  };
}
