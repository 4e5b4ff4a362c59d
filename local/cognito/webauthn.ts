// Passkeys (WebAuthn): the pool's relying party, the options Cognito hands to the browser, and the
// verification of attestations and assertions with @simplewebauthn/server.
// https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-authentication-flow-methods.html#amazon-cognito-user-pools-authentication-flow-methods-passkey
import { randomBytes } from 'node:crypto';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import type { Context } from './context.js';
import { CognitoError } from './errors.js';
import type { Passkey, Pool, User } from './model.js';

export interface WebAuthnConfiguration {
  RelyingPartyId?: string;
  UserVerification?: 'required' | 'preferred';
}

const configurationOf = (pool: Pool) => pool.WebAuthnConfiguration ?? {};

/** `required` or `preferred` (Cognito's default). */
export const userVerificationOf = (pool: Pool) => configurationOf(pool).UserVerification ?? 'preferred';

/**
 * The relying party: the pool's WebAuthnConfiguration, or else its managed login (prefix) domain.
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_SetUserPoolMfaConfig.html
 */
export function relyingPartyOf(ctx: Context, pool: Pool): string {
  const id = configurationOf(pool).RelyingPartyId ?? (pool.Domain ? `${pool.Domain}.auth.${ctx.region}.amazoncognito.com` : undefined);
  if (!id)
    throw new CognitoError('WebAuthnConfigurationMissingException', 'WebAuthn is not configured: the user pool has no relying party.');
  return id;
}

export const webAuthnEnabled = (pool: Pool) =>
  ((pool.Policies.SignInPolicy as { AllowedFirstAuthFactors?: string[] } | undefined)?.AllowedFirstAuthFactors ?? []).includes('WEB_AUTHN');

export function checkWebAuthnEnabled(pool: Pool): void {
  if (!webAuthnEnabled(pool))
    throw new CognitoError('WebAuthnNotEnabledException', 'Passkey sign-in (WEB_AUTHN) is not enabled for this user pool.');
}

/** The page a credential comes from must be on the relying party's domain (or a subdomain), over HTTPS except on localhost. */
export function originOf(clientDataJSON: string, rpId: string): string | undefined {
  try {
    const { origin } = JSON.parse(Buffer.from(clientDataJSON, 'base64url').toString('utf8')) as { origin?: unknown };
    if (typeof origin !== 'string') return undefined;
    const url = new URL(origin);
    const onDomain = url.hostname === rpId || url.hostname.endsWith(`.${rpId}`);
    const secure = url.protocol === 'https:' || (url.protocol === 'http:' && url.hostname === 'localhost');
    return onDomain && secure && url.origin === origin ? origin : undefined;
  } catch {
    return undefined;
  }
}

// A user may register this many passkeys (LimitExceededException beyond).
export const MAX_PASSKEYS = 20;
// How long a registration's options (their challenge) can be answered.
export const REGISTRATION_TIMEOUT_MS = 300_000;

// Loaded on first use: its X.509 dependency prints Node's experimental Web Crypto warnings when loaded.
const simpleWebAuthn = () => import('@simplewebauthn/server');

export async function creationOptions(ctx: Context, pool: Pool, user: User) {
  const { generateRegistrationOptions } = await simpleWebAuthn();
  return generateRegistrationOptions({
    rpName: pool.Name,
    rpID: relyingPartyOf(ctx, pool),
    userName: user.attributes.email ?? user.username,
    userID: Buffer.from(user.sub),
    timeout: REGISTRATION_TIMEOUT_MS,
    attestationType: 'none',
    excludeCredentials: (user.passkeys ?? []).map((passkey) => ({ id: passkey.credentialId, transports: passkey.transports })),
    authenticatorSelection: { residentKey: 'required', userVerification: userVerificationOf(pool) },
    extensions: { credProps: true },
  });
}

const invalidCredential = (message: string) => new CognitoError('InvalidParameterException', message);

/** The passkey a registration response proves, after the checks on its challenge, origin, relying party and signature. */
export async function registeredPasskey(ctx: Context, pool: Pool, credential: unknown, challenge: string, now: number): Promise<Passkey> {
  const rpId = relyingPartyOf(ctx, pool);
  const response = credential as RegistrationResponseJSON;
  const origin = originOf(String(response?.response?.clientDataJSON ?? ''), rpId);
  if (!origin)
    throw new CognitoError('WebAuthnOriginNotAllowedException', 'The origin of the passkey is not allowed for this relying party.');
  const { verifyRegistrationResponse } = await simpleWebAuthn();
  let verified;
  try {
    verified = await verifyRegistrationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: origin,
      expectedRPID: rpId,
      requireUserVerification: userVerificationOf(pool) === 'required',
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (/RP ID/i.test(reason)) throw new CognitoError('WebAuthnRelyingPartyMismatchException', reason);
    if (/challenge/i.test(reason)) throw new CognitoError('WebAuthnChallengeNotFoundException', reason);
    throw invalidCredential(reason);
  }
  if (!verified.verified) throw invalidCredential('The passkey could not be verified.');
  const { credential: registered, credentialDeviceType } = verified.registrationInfo;
  return {
    credentialId: registered.id,
    publicKey: Buffer.from(registered.publicKey).toString('base64url'),
    counter: registered.counter,
    transports: registered.transports ?? response.response.transports ?? [],
    attachment: response.authenticatorAttachment ?? (credentialDeviceType === 'multiDevice' ? 'platform' : 'cross-platform'),
    relyingPartyId: rpId,
    createdAt: now,
  };
}

/** The WEB_AUTHN challenge's CREDENTIAL_REQUEST_OPTIONS (PublicKeyCredentialRequestOptionsJSON). */
export function requestOptions(ctx: Context, pool: Pool, user: User) {
  return {
    challenge: randomBytes(32).toString('base64url'),
    timeout: REGISTRATION_TIMEOUT_MS,
    rpId: relyingPartyOf(ctx, pool),
    allowCredentials: (user.passkeys ?? []).map((passkey) => ({
      id: passkey.credentialId,
      type: 'public-key',
      transports: passkey.transports,
    })),
    userVerification: userVerificationOf(pool),
  };
}

/** Checks an assertion against the user's passkey; returns the passkey's new signature counter. */
export async function verifiedAssertion(
  ctx: Context,
  pool: Pool,
  user: User,
  credential: unknown,
  challenge: string,
): Promise<number | undefined> {
  const rpId = relyingPartyOf(ctx, pool);
  const response = credential as AuthenticationResponseJSON;
  const passkey = (user.passkeys ?? []).find((candidate) => candidate.credentialId === response?.id);
  const origin = originOf(String(response?.response?.clientDataJSON ?? ''), rpId);
  if (!passkey || !origin) return undefined;
  const { verifyAuthenticationResponse } = await simpleWebAuthn();
  try {
    const result = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: origin,
      expectedRPID: rpId,
      credential: {
        id: passkey.credentialId,
        publicKey: Buffer.from(passkey.publicKey, 'base64url'),
        counter: passkey.counter,
        transports: passkey.transports,
      },
      requireUserVerification: userVerificationOf(pool) === 'required',
    });
    return result.verified ? result.authenticationInfo.newCounter : undefined;
  } catch {
    return undefined;
  }
}
