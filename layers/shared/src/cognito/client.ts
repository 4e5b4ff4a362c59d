import { CognitoIdentityProviderClient, GetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { primeClient } from '../aws/priming.js';
import { upstreamClientSettings } from '../aws/upstream-settings.js';
import { traced } from '../tracing.js';

// The Cognito client and the commands the functions send; only these are bundled, the rest of the client
// is tree-shaken away. Created and primed at init, where a cold start runs faster than in the first
// invocation (docs/performance.md). One client per execution environment, a trace subsegment per call.
// COGNITO_ENDPOINT points it at the local emulator (npm start); on AWS it is unset.
const client = new CognitoIdentityProviderClient({
  // Builds each command's middleware stack once, on its first send, instead of on every call
  // (docs/performance.md). lib-dynamodb refuses this option, so the DynamoDB client goes without.
  cacheMiddleware: true,
  // Connect and request timeouts, retries only of what cannot have taken effect (docs/upstream-failures.md).
  ...upstreamClientSettings(),
  ...(process.env.COGNITO_ENDPOINT ? { endpoint: process.env.COGNITO_ENDPOINT } : {}),
});

// GetUser (five functions send it) with a made-up token, answered with the least Cognito returns. Primed
// before it is traced, so that no trace holds the priming call and no log line says it had none.
await primeClient(client, new GetUserCommand({ AccessToken: 'priming' }), {
  contentType: 'application/x-amz-json-1.1',
  body: '{"Username":"priming","UserAttributes":[]}',
});

export const cognito = traced(client);

export {
  AssociateSoftwareTokenCommand,
  ChangePasswordCommand,
  CompleteWebAuthnRegistrationCommand,
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  DeleteUserCommand,
  DeleteWebAuthnCredentialCommand,
  ForgotPasswordCommand,
  GetTokensFromRefreshTokenCommand,
  GetUserCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
  ListUsersCommand,
  ListWebAuthnCredentialsCommand,
  ResendConfirmationCodeCommand,
  RespondToAuthChallengeCommand,
  RevokeTokenCommand,
  SetUserMFAPreferenceCommand,
  SignUpCommand,
  StartWebAuthnRegistrationCommand,
  UpdateUserAttributesCommand,
  VerifySoftwareTokenCommand,
  VerifyUserAttributeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
