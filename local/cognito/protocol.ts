// The AWS JSON 1.1 protocol: `POST /` with `X-Amz-Target: AWSCognitoIdentityProviderService.<Operation>`.
// https://smithy.io/2.0/aws/protocols/aws-json-1_1-protocol.html
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Context, Input } from './context.js';
import { CognitoError } from './errors.js';
import { OPERATIONS, PUBLIC_OPERATIONS } from './operations/index.js';
import { awsSdkVersionOf } from './triggers.js';

const TARGET_PREFIX = 'AWSCognitoIdentityProviderService.';
const MAX_BODY_BYTES = 1024 * 1024;
const CONTENT_TYPE = 'application/x-amz-json-1.1';

async function bodyOf(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new CognitoError('InvalidParameterException', 'Request body is too large.');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(response: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': CONTENT_TYPE, 'x-amzn-requestid': randomUUID(), ...extra }).end(JSON.stringify(body));
}

function sendError(response: ServerResponse, error: CognitoError): void {
  send(response, error.status, { __type: error.type, message: error.message }, { 'x-amzn-errortype': error.type });
}

/** Runs one API call: in one transaction, or in one per step for the operations that invoke Lambda triggers (context.ts). */
export async function handleApiCall(ctx: Context, request: IncomingMessage, response: ServerResponse): Promise<void> {
  try {
    const target = String(request.headers['x-amz-target'] ?? '');
    const name = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : '';
    const operation = OPERATIONS[name];
    if (!operation) throw new CognitoError('UnknownOperationException', `Operation ${name || target} is not supported.`);
    if (!PUBLIC_OPERATIONS.has(name) && !/^AWS4-HMAC-SHA256 /.test(request.headers.authorization ?? ''))
      throw new CognitoError('MissingAuthenticationTokenException', 'Missing Authentication Token');
    const text = await bodyOf(request);
    let input: unknown;
    try {
      input = text ? JSON.parse(text) : {};
    } catch {
      throw new CognitoError('SerializationException', 'Start of structure or map found where not expected.');
    }
    if (typeof input !== 'object' || input === null || Array.isArray(input))
      throw new CognitoError('SerializationException', 'Expected a JSON object.');
    const output = await operation({ ...ctx, awsSdkVersion: awsSdkVersionOf(request.headers['user-agent']) }, input as Input);
    send(response, 200, output);
  } catch (error) {
    if (error instanceof CognitoError) sendError(response, error);
    else {
      // The message only: request bodies (passwords, codes, tokens) are never logged.
      console.error(`[cognito] internal error: ${error instanceof Error ? error.message : String(error)}`);
      sendError(response, new CognitoError('InternalErrorException', 'An internal error occurred.', 500));
    }
  }
}
