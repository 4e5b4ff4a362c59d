import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { tracer } from '../powertools.js';

// Created once per execution environment and traced as a subsegment per call. COGNITO_ENDPOINT
// points the client at a local emulator (npm start); on AWS it is unset.
export const cognito = tracer.captureAWSv3Client(
  new CognitoIdentityProviderClient({
    cacheMiddleware: true,
    ...(process.env.COGNITO_ENDPOINT ? { endpoint: process.env.COGNITO_ENDPOINT } : {}),
  }),
);
