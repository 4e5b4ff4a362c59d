import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { primeClient } from '../aws/priming.js';
import { upstreamClientSettings } from '../aws/upstream-settings.js';
import { traced } from '../tracing.js';

// The DynamoDB clients and the commands the functions send, created and primed at init
// (docs/performance.md). One client per execution environment, a trace subsegment per call.
// AWS_ENDPOINT_URL_DYNAMODB points it at the local emulator (npm start); on AWS it is unset.
// Connect and request timeouts, retries only of what cannot have taken effect (docs/upstream-failures.md).
const client = new DynamoDBClient(upstreamClientSettings());
const documentClient = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });

// A GetItem through the document client (marshalling, then the DynamoDB client's stack, signing
// included), answered "no such item". Primed before it is traced, as the Cognito client is.
await primeClient(documentClient, new GetCommand({ TableName: 'priming', Key: { pk: 'priming', sk: 'priming' } }), {
  contentType: 'application/x-amz-json-1.0',
  body: '{}',
});

export const dynamodb = traced(client);

/** The same client with native JavaScript values in and out (no attribute-value marshalling by hand). */
export const documents = documentClient;

// Only the commands the functions send, so the rest of the document client is tree-shaken away.
export { DeleteCommand, GetCommand, QueryCommand, ScanCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
