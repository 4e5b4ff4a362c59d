// DynamoDB's JSON protocol spoken to dynalite on its own (internal) port, without the AWS SDK: the
// bodies go and come back as wire JSON, so items (binary attributes included) are kept as they are.
import { Agent, request } from 'node:http';
import { isJson, type Answer, type Json } from './wire.js';

export type DynamoCall = (operation: string, input: Json) => Promise<Answer>;

export interface DynaliteClient {
  call: DynamoCall;
  destroy: () => void;
}

// dynalite checks that a request is signed (the header's shape) but not the signature itself.
const SIGNED = {
  authorization: 'AWS4-HMAC-SHA256 Credential=local/20200101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=local',
  'x-amz-date': '20200101T000000Z',
};

export function dynaliteClient(host: string, port: number): DynaliteClient {
  const agent = new Agent({ keepAlive: true });
  const call: DynamoCall = (operation, input) =>
    new Promise((resolve, reject) => {
      const body = JSON.stringify(input);
      const outgoing = request(
        {
          host,
          port,
          method: 'POST',
          path: '/',
          agent,
          headers: {
            ...SIGNED,
            'content-type': 'application/x-amz-json-1.0',
            'content-length': Buffer.byteLength(body),
            'x-amz-target': `DynamoDB_20120810.${operation}`,
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            try {
              const parsed: unknown = text ? JSON.parse(text) : {};
              resolve({ status: response.statusCode ?? 500, body: isJson(parsed) ? parsed : {} });
            } catch (error) {
              reject(error instanceof Error ? error : new Error(String(error)));
            }
          });
        },
      );
      outgoing.on('error', reject);
      outgoing.end(body);
    });
  return { call, destroy: () => agent.destroy() };
}
