import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { tracer } from '../tracing.js';

// The Cognito client and the commands the functions send, loaded by an execution environment's first
// call (cognitoSdk() in client.ts). Only those commands are re-exported, so the layer bundle
// tree-shakes the rest of the Cognito client away.

// Created once per execution environment and traced as a subsegment per call. COGNITO_ENDPOINT
// points the client at a local emulator (npm start); on AWS it is unset.
export const cognito = tracer.captureAWSv3Client(
  new CognitoIdentityProviderClient({
    // Each command's middleware stack is built on its first send and reused, not rebuilt and sorted
    // on every call (GetMe's SDK stack p50 in npm run bench: 0.68 -> 0.37 ms); the middleware still
    // run on every call. (The DynamoDB client cannot: lib-dynamodb refuses this option.)
    cacheMiddleware: true,
    ...(process.env.COGNITO_ENDPOINT ? { endpoint: process.env.COGNITO_ENDPOINT } : {}),
  }),
);

export {
  AssociateSoftwareTokenCommand,
  ChangePasswordCommand,
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  DeleteUserCommand,
  ForgotPasswordCommand,
  GetUserCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
  ListUsersCommand,
  ResendConfirmationCodeCommand,
  RespondToAuthChallengeCommand,
  RevokeTokenCommand,
  SetUserMFAPreferenceCommand,
  SignUpCommand,
  UpdateUserAttributesCommand,
  VerifySoftwareTokenCommand,
  VerifyUserAttributeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
