// The SDK-only handler (bench/sdk-only-handler.mjs) with its first call's work moved into init: one
// GetUser through the client's whole stack (middleware, signing, serialisation, parsing, the SDK's
// lazily loaded modules) against an answer made in the process, then the real HTTP handler back. What
// is left to the invocation is what no init can do ahead: the TLS connection and the request itself.
import { Readable } from 'node:stream';
import { CognitoIdentityProviderClient, GetUserCommand } from '@aws-sdk/client-cognito-identity-provider';

const cognito = new CognitoIdentityProviderClient(process.env.COGNITO_ENDPOINT ? { endpoint: process.env.COGNITO_ENDPOINT } : {});
const network = cognito.config.requestHandler;
cognito.config.requestHandler = {
  handle: async () => ({
    response: { statusCode: 200, headers: { 'content-type': 'application/x-amz-json-1.1' }, body: Readable.from([Buffer.from('{}')]) },
  }),
};
await cognito.send(new GetUserCommand({ AccessToken: 'priming' }));
cognito.config.requestHandler = network;

export const handler = async (event) => {
  const { Username } = await cognito.send(
    new GetUserCommand({ AccessToken: (event.headers?.authorization ?? '').replace(/^Bearer /, '') }),
  );
  return { statusCode: 200, body: JSON.stringify({ sub: Username }) };
};
