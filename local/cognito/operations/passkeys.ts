// A signed-in user's passkeys: registration (options, then the authenticator's credential), listing
// and deletion.
// https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_StartWebAuthnRegistration.html
import { closeChallenge, openChallenge, startChallenge } from '../challenges.js';
import { atomic, type Context, type Flow, type Input, type Output } from '../context.js';
import { CognitoError, limitExceeded, resourceNotFound } from '../errors.js';
import { secondsOf, type Pool, type User } from '../model.js';
import { clientOf, saveUser, usernameKey } from '../records.js';
import { userOfAccessToken } from '../sessions.js';
import { optionalInteger, optionalText, text } from '../validate.js';
import { checkWebAuthnEnabled, creationOptions, MAX_PASSKEYS, registeredPasskey, REGISTRATION_TIMEOUT_MS } from '../webauthn.js';

/** A user has one registration under way at a time: its challenge row is named after the user. */
const registrationOf = (pool: Pool, user: User) => `webauthn-registration\n${pool.Id}\n${usernameKey(pool, user.username)}`;

function signedIn(ctx: Context, input: Input) {
  const found = userOfAccessToken(ctx, text(input, 'AccessToken'));
  checkWebAuthnEnabled(found.pool);
  return found;
}

export const startWebAuthnRegistration: Flow = async (ctx, input) => {
  const { pool, user, claims } = atomic(ctx, () => {
    const found = signedIn(ctx, input);
    if ((found.user.passkeys ?? []).length >= MAX_PASSKEYS) throw limitExceeded(`A user can register at most ${MAX_PASSKEYS} passkeys.`);
    return found;
  });
  const options = await creationOptions(ctx, pool, user);
  atomic(ctx, () => {
    const client = clientOf(ctx, String(claims.client_id));
    startChallenge(
      ctx,
      pool,
      client,
      user,
      { name: 'WEBAUTHN_REGISTRATION', webauthnChallenge: options.challenge },
      registrationOf(pool, user),
      REGISTRATION_TIMEOUT_MS,
    );
  });
  return { CredentialCreationOptions: options };
};

export const completeWebAuthnRegistration: Flow = async (ctx, input) => {
  const credential = input.Credential;
  const { pool, challenge } = atomic(ctx, () => {
    const found = signedIn(ctx, input);
    if (typeof credential !== 'object' || credential === null)
      throw new CognitoError('InvalidParameterException', 'Credential is required.');
    let open;
    try {
      open = openChallenge(ctx, registrationOf(found.pool, found.user));
    } catch {
      throw new CognitoError('WebAuthnChallengeNotFoundException', 'No passkey registration is under way for the user.');
    }
    return { ...found, challenge: open.webauthnChallenge ?? '' };
  });
  const passkey = await registeredPasskey(ctx, pool, credential, challenge, ctx.clock.now());
  atomic(ctx, () => {
    const current = userOfAccessToken(ctx, text(input, 'AccessToken')).user;
    closeChallenge(ctx, registrationOf(pool, current));
    if ((current.passkeys ?? []).some((existing) => existing.credentialId === passkey.credentialId))
      throw new CognitoError('WebAuthnCredentialNotSupportedException', 'The passkey is registered already.');
    current.passkeys = [...(current.passkeys ?? []), passkey];
    saveUser(ctx, pool, current);
  });
  return {};
};

export function listWebAuthnCredentials(ctx: Context, input: Input): Output {
  const { user } = userOfAccessToken(ctx, text(input, 'AccessToken'));
  const max = optionalInteger(input, 'MaxResults', 1, 20) ?? 20;
  const start = Number(optionalText(input, 'NextToken') ?? '0') || 0;
  const passkeys = user.passkeys ?? [];
  const page = passkeys.slice(start, start + max);
  return {
    Credentials: page.map((passkey) => ({
      CredentialId: passkey.credentialId,
      // Cognito names a passkey after its authenticator; the emulator has no list of authenticators.
      FriendlyCredentialName: 'Passkey',
      RelyingPartyId: passkey.relyingPartyId,
      AuthenticatorAttachment: passkey.attachment,
      AuthenticatorTransports: passkey.transports,
      CreatedAt: secondsOf(passkey.createdAt),
    })),
    ...(start + max < passkeys.length ? { NextToken: String(start + max) } : {}),
  };
}

export function deleteWebAuthnCredential(ctx: Context, input: Input): Output {
  const { pool, user } = userOfAccessToken(ctx, text(input, 'AccessToken'));
  const id = text(input, 'CredentialId', { min: 1, max: 2048 });
  const passkeys = user.passkeys ?? [];
  if (!passkeys.some((passkey) => passkey.credentialId === id)) throw resourceNotFound('Credential not found.');
  user.passkeys = passkeys.filter((passkey) => passkey.credentialId !== id);
  saveUser(ctx, pool, user);
  return {};
}
