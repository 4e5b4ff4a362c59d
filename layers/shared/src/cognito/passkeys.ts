import type { WebAuthnCredentialDescription } from '@aws-sdk/client-cognito-identity-provider';
import { cognito, ListWebAuthnCredentialsCommand } from './client.js';

/** A passkey as the contract shows it: `name` is the authenticator's, as Cognito reports it. */
export interface Passkey {
  id: string;
  name?: string;
  createdAt: string;
}

export const passkeyOf = (credential: WebAuthnCredentialDescription): Passkey => ({
  id: credential.CredentialId ?? '',
  ...(credential.FriendlyCredentialName ? { name: credential.FriendlyCredentialName } : {}),
  createdAt: (credential.CreatedAt ?? new Date(0)).toISOString(),
});

/** Every passkey of the access token's user, page by page (Cognito lists at most 20 at a time). */
export async function passkeysOf(accessToken: string): Promise<Passkey[]> {
  const passkeys: Passkey[] = [];
  let NextToken: string | undefined;
  do {
    const page = await cognito.send(new ListWebAuthnCredentialsCommand({ AccessToken: accessToken, MaxResults: 20, NextToken }));
    passkeys.push(...(page.Credentials ?? []).map(passkeyOf));
    NextToken = page.NextToken;
  } while (NextToken);
  return passkeys;
}
