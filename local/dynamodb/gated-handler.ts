// The local DynamoDB's request handler: TransactWriteItems and TransactGetItems are served here,
// every other request goes to dynalite as it came, once the gate lets it in (never while a
// transaction runs).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';
import type { Gate } from './gate.js';
import { isJson, type Answer, type Json } from './wire.js';

export type RequestHandler = (request: IncomingMessage, response: ServerResponse) => void;
export type Operation = (request: Json) => Promise<Answer>;

const TARGET_PREFIX = 'DynamoDB_20120810.';
// dynalite's own request size limit.
const MAX_REQUEST_BYTES = 16 * 1024 * 1024;

async function bodyOf(request: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_REQUEST_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Answers as dynalite does: its content type, request id and CRC32 headers. */
function reply(request: IncomingMessage, response: ServerResponse, { status, body }: Answer): void {
  const text = JSON.stringify(body);
  const contentType =
    request.headers['content-type']?.split(';')[0]?.trim() === 'application/x-amz-json-1.0'
      ? 'application/x-amz-json-1.0'
      : 'application/json';
  response
    .writeHead(status, {
      'content-type': contentType,
      'content-length': Buffer.byteLength(text),
      'x-amzn-RequestId': randomBytes(39).toString('base64').toUpperCase().replace(/[+/]/g, '0'),
      'x-amz-crc32': String(crc32(text)),
    })
    .end(text);
}

const internalError = (error: unknown): Answer => ({
  status: 500,
  body: { __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: error instanceof Error ? error.message : String(error) },
});

async function serveOperation(operation: Operation, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const text = await bodyOf(request);
  if (text === undefined) {
    response.writeHead(413).end();
    return;
  }
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch {
    input = undefined;
  }
  if (!isJson(input)) {
    reply(request, response, { status: 400, body: { __type: 'com.amazon.coral.service#SerializationException' } });
    return;
  }
  reply(request, response, await operation(input));
}

/** dynalite's handler behind `gate`; `operations` (by name) served in front of it. */
export function gatedHandler(gate: Gate, dynalite: RequestHandler, operations: Map<string, Operation>): RequestHandler {
  return (request, response) => {
    const target = String(request.headers['x-amz-target'] ?? '');
    const operation = target.startsWith(TARGET_PREFIX) ? operations.get(target.slice(TARGET_PREFIX.length)) : undefined;
    const served = operation
      ? serveOperation(operation, request, response)
      : gate.enter(false).then((leave) => {
          // dynalite ends the response once its write is done: the next transaction may start then.
          // A client gone meanwhile lets it in too (dynalite may never answer an aborted request),
          // and one gone while waiting is not passed on at all.
          response.once('close', leave);
          if (response.destroyed) return leave();
          const end = response.end.bind(response) as (...args: unknown[]) => ServerResponse;
          response.end = ((...args: unknown[]) => {
            leave();
            return end(...args);
          }) as ServerResponse['end'];
          dynalite(request, response);
        });
    served.catch((error: unknown) => {
      if (!response.headersSent) reply(request, response, internalError(error));
    });
  };
}
