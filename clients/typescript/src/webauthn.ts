// Passkeys in the browser: the options the API hands out (Cognito's, as JSON) go to navigator.credentials through
// @simplewebauthn/browser, which also turns the browser's credential back into the JSON the API takes. A separate
// entry (`@authapi/client/webauthn`), so that importing the package's main entry never needs a browser.
import {
  startAuthentication,
  startRegistration,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/browser';
import type { AuthApiClient, PendingChallenge, SignInResult } from './client.js';
import type { Passkey, Session } from './session.js';

export type WebAuthnChallenge = Extract<PendingChallenge, { name: 'WEB_AUTHN' }>;

export { browserSupportsWebAuthn, WebAuthnError } from '@simplewebauthn/browser';

/**
 * Creates a passkey on this device (the browser asks the user) and registers it. Needs a recent sign-in: a
 * `RecentSignInRequired` problem comes before the browser asks anything.
 */
export async function addPasskey(session: Session): Promise<Passkey> {
  // openapi.yaml names the fields the API checks; the rest is Cognito's PublicKeyCredentialCreationOptions as JSON.
  const optionsJSON = (await session.startPasskeyRegistration()) as unknown as PublicKeyCredentialCreationOptionsJSON;
  const credential = await startRegistration({ optionsJSON });
  return session.registerPasskey({ ...credential });
}

/** Answers a WEB_AUTHN challenge with a passkey of this device (the browser lets the user pick one). */
export async function answerWithPasskey(client: AuthApiClient, challenge: WebAuthnChallenge): Promise<SignInResult> {
  const optionsJSON: PublicKeyCredentialRequestOptionsJSON = challenge.parameters.options;
  const credential = await startAuthentication({ optionsJSON });
  return client.answerChallenge(challenge, { credential: { ...credential } });
}

/** Signs in with a passkey: `signIn({ email, preferred: 'WEB_AUTHN' })`, then the browser's assertion. */
export async function signInWithPasskey(client: AuthApiClient, email: string): Promise<SignInResult> {
  const started = await client.signIn({ email, preferred: 'WEB_AUTHN' });
  if (started.challenge?.name !== 'WEB_AUTHN') return started;
  return answerWithPasskey(client, started.challenge);
}
