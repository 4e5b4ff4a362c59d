// What the AWS SDK alone costs a cold request: a handler that creates the Cognito client at init and
// makes the GetUser call GetMeFunction makes, and nothing else (no Powertools, no middy, no layer).
// bench/references.ts bundles it as tightly as the layer is, with the layer's build-time replacements.
import { CognitoIdentityProviderClient, GetUserCommand } from '@aws-sdk/client-cognito-identity-provider';

const cognito = new CognitoIdentityProviderClient(process.env.COGNITO_ENDPOINT ? { endpoint: process.env.COGNITO_ENDPOINT } : {});

export const handler = async (event) => {
  const { Username } = await cognito.send(
    new GetUserCommand({ AccessToken: (event.headers?.authorization ?? '').replace(/^Bearer /, '') }),
  );
  return { statusCode: 200, body: JSON.stringify({ sub: Username }) };
};
