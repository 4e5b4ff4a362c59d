import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Gate } from '../../../../local/dynamodb/gate.js';
import { gatedHandler, type RequestHandler } from '../../../../local/dynamodb/gated-handler.js';
import { ok } from '../../../../local/dynamodb/wire.js';

let server: Server | undefined;
afterEach(() => new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined))));

/** Serves `handler` on a free port; resolves with the port. */
async function serve(handler: RequestHandler): Promise<number> {
  server = createServer(handler);
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** POSTs `body` with `target`; resolves with the status and body. */
function post(port: number, target: string, body: string): Promise<{ status: number; body: string; type: string | undefined }> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      { host: '127.0.0.1', port, method: 'POST', headers: { 'x-amz-target': target, 'content-type': 'application/x-amz-json-1.0' } },
      (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text, type: response.headers['content-type'] }));
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

it('answers the operations it serves itself, and passes the others to dynalite', async () => {
  const toDynalite: RequestHandler = (_request, response) => void response.end('from dynalite');
  const operations = new Map([['TransactWriteItems', async () => ok({ served: 'here' })]]);
  const port = await serve(gatedHandler(new Gate(), toDynalite, operations));
  expect(await post(port, 'DynamoDB_20120810.TransactWriteItems', '{}')).toEqual({
    status: 200,
    body: '{"served":"here"}',
    type: 'application/x-amz-json-1.0',
  });
  expect((await post(port, 'DynamoDB_20120810.TransactWriteItems', 'not json')).body).toBe(
    '{"__type":"com.amazon.coral.service#SerializationException"}',
  );
  expect((await post(port, 'DynamoDB_20120810.GetItem', '{}')).body).toBe('from dynalite');
});

it('lets a transaction in once a client whose request dynalite never answers has gone', async () => {
  const gate = new Gate();
  let received = () => undefined as void;
  const reachedDynalite = new Promise<void>((resolve) => (received = resolve));
  const port = await serve(gatedHandler(gate, () => received(), new Map()));
  const abandoned = request({ host: '127.0.0.1', port, method: 'POST', headers: { 'x-amz-target': 'DynamoDB_20120810.GetItem' } });
  abandoned.on('error', () => undefined);
  abandoned.end('{}');
  await reachedDynalite;
  abandoned.destroy();
  const leave = await gate.enter(true);
  leave();
});
