// The SDK-only handler (bench/sdk-only-handler.mjs) with its first call's work moved into init: one
// GetUser through the client's whole stack (middleware, signing, serialisation, parsing, the SDK's
// lazily loaded modules) against an answer made in the process; later requests go to the network. What
// is left to the invocation is what no init can do ahead: the TLS connection and the request itself.
import { Readable } from 'node:stream';
import { CognitoIdentityProviderClient, GetUserCommand } from '@aws-sdk/client-cognito-identity-provider';

const cognito = new CognitoIdentityProviderClient(process.env.COGNITO_ENDPOINT ? { endpoint: process.env.COGNITO_ENDPOINT } : {});
// A handler that answers in the process while priming and hands every later request to the network
// handler. It stays in place: a client with cacheMiddleware keeps the handler its first send resolved.
const network = cognito.config.requestHandler;
let priming = true;
const inProcess = async () => ({
  response: { statusCode: 200, headers: { 'content-type': 'application/x-amz-json-1.1' }, body: Readable.from([Buffer.from('{}')]) },
});
cognito.config.requestHandler = {
  handle: (request, options) => (priming ? inProcess() : network.handle(request, options)),
  destroy: () => network.destroy?.(),
};
await cognito.send(new GetUserCommand({ AccessToken: 'priming' }));
priming = false;

export const handler = async (event) => {
  const { Username } = await cognito.send(
    new GetUserCommand({ AccessToken: (event.headers?.authorization ?? '').replace(/^Bearer /, '') }),
  );
  return { statusCode: 200, body: JSON.stringify({ sub: Username }) };
};
