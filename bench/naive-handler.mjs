// The reference for cold starts: the handler the performance issue measured its targets against, a
// Cognito client with Powertools Logger and Tracer, written and bundled the obvious way (everything
// in one file, created at load). Its client is configured as the layer's (COGNITO_ENDPOINT).
import { CognitoIdentityProviderClient, GetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { Logger } from '@aws-lambda-powertools/logger';
import { Tracer } from '@aws-lambda-powertools/tracer';

const logger = new Logger();
const tracer = new Tracer();
const cognito = tracer.captureAWSv3Client(
  new CognitoIdentityProviderClient(process.env.COGNITO_ENDPOINT ? { endpoint: process.env.COGNITO_ENDPOINT } : {}),
);

export const handler = async (event) => {
  try {
    const { Username } = await cognito.send(
      new GetUserCommand({ AccessToken: (event.headers?.authorization ?? '').replace(/^Bearer /, '') }),
    );
    return { statusCode: 200, body: JSON.stringify({ sub: Username }) };
  } catch (error) {
    logger.error('GetUser failed', error);
    return { statusCode: 503, body: '' };
  }
};
