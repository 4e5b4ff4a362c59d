import { createHmac } from 'node:crypto';
import { cognitoConfig } from './config.js';

/**
 * SECRET_HASH = Base64(HMAC_SHA256(clientSecret, username + clientId)), required by every public
 * Cognito call when the app client has a secret.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/signing-up-users-in-your-app.html#cognito-user-pools-computing-secret-hash
 */
export function secretHashFor(username: string, clientId: string, clientSecret: string): string {
  return createHmac('sha256', clientSecret)
    .update(username + clientId)
    .digest('base64');
}

/** `{ ClientId, SecretHash? }` for calls that take the secret hash as a top-level field. */
export function clientAuth(username: string): { ClientId: string; SecretHash?: string } {
  const { clientId, clientSecret } = cognitoConfig();
  return clientSecret ? { ClientId: clientId, SecretHash: secretHashFor(username, clientId, clientSecret) } : { ClientId: clientId };
}

/** `{ SECRET_HASH? }` for AuthParameters / ChallengeResponses. */
export function secretHashParameter(username: string): { SECRET_HASH?: string } {
  const { SecretHash } = clientAuth(username);
  return SecretHash ? { SECRET_HASH: SecretHash } : {};
}
