import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { tracer } from '../tracing.js';

// The DynamoDB clients and the commands the functions send, created at init (docs/performance.md).
// One client per execution environment, a trace subsegment per call. AWS_ENDPOINT_URL_DYNAMODB points
// it at the local emulator (npm start); on AWS it is unset.
export const dynamodb = tracer.captureAWSv3Client(new DynamoDBClient({}));

/** The same client with native JavaScript values in and out (no attribute-value marshalling by hand). */
export const documents = DynamoDBDocumentClient.from(dynamodb, { marshallOptions: { removeUndefinedValues: true } });

// Only the commands the functions send, so the rest of the document client is tree-shaken away.
export { DeleteCommand, GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
