import { accessTokenOf, noContent, problem, type AuthorizedEvent } from '@authapi/shared/http';
import { cognito, DeleteWebAuthnCredentialCommand } from '@authapi/shared/cognito';
import { protectedHandler } from '@authapi/shared/sessions';

const passkeyNotFound = problem(404, 'PasskeyNotFound', 'Passkey not found', 'You have no passkey with this id.');

export const handler = protectedHandler(
  async (event: AuthorizedEvent) => {
    const id = event.pathParameters?.id;
    // Cognito's ids are at most 2048 characters; API Gateway always sets the path's `id`.
    if (!id || id.length > 2048) throw passkeyNotFound;
    await cognito.send(new DeleteWebAuthnCredentialCommand({ AccessToken: accessTokenOf(event), CredentialId: id }));
    return noContent();
  },
  { errors: { ResourceNotFoundException: passkeyNotFound }, recentSignIn: true },
);
