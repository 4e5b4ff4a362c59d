// Passkeys: registration, listing, deletion, and USER_AUTH's WEB_AUTHN with a software authenticator
// (docs/local-emulation.md, "Passkeys").
import {
  CompleteWebAuthnRegistrationCommand,
  DeleteWebAuthnCredentialCommand,
  GetUserPoolMfaConfigCommand,
  InitiateAuthCommand,
  ListWebAuthnCredentialsCommand,
  RespondToAuthChallengeCommand,
  SetUserPoolMfaConfigCommand,
  StartWebAuthnRegistrationCommand,
  UpdateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { SoftwareAuthenticator } from '../../../fixtures/webauthn-authenticator.js';
import { startTestEmulator, type TestEmulator } from './emulator.js';

let t: TestEmulator;
let clientId: string;
const ORIGIN = 'https://app.example.com';
beforeEach(async () => {
  t = await startTestEmulator();
  await t.cognito.send(
    new UpdateUserPoolCommand({
      UserPoolId: t.poolId,
      Policies: {
        PasswordPolicy: { MinimumLength: 12, RequireLowercase: true, RequireUppercase: true, RequireNumbers: true },
        SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'WEB_AUTHN'] },
      },
    }),
  );
  await t.cognito.send(
    new SetUserPoolMfaConfigCommand({
      UserPoolId: t.poolId,
      WebAuthnConfiguration: { RelyingPartyId: 'example.com', UserVerification: 'required' },
    }),
  );
  clientId = await t.client({ ExplicitAuthFlows: ['ALLOW_USER_AUTH', 'ALLOW_USER_PASSWORD_AUTH'] });
});
afterEach(() => t.stop());

const errorOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'ok',
    (error: Error) => `${error.name}: ${error.message}`,
  );

/** A confirmed user with a registered passkey; returns their access token and authenticator. */
async function userWithPasskey(email: string) {
  await t.confirmedUser(email);
  const AccessToken = (await t.signIn(email, undefined, clientId)).AuthenticationResult?.AccessToken;
  const authenticator = new SoftwareAuthenticator(ORIGIN);
  const { CredentialCreationOptions } = await t.cognito.send(new StartWebAuthnRegistrationCommand({ AccessToken }));
  const options = CredentialCreationOptions as { challenge: string; rp: { id: string } };
  await t.cognito.send(new CompleteWebAuthnRegistrationCommand({ AccessToken, Credential: authenticator.register(options) }));
  return { AccessToken, authenticator };
}

const passkeyChallenge = (email: string) =>
  t.cognito.send(
    new InitiateAuthCommand({
      ClientId: clientId,
      AuthFlow: 'USER_AUTH',
      AuthParameters: { USERNAME: email, PREFERRED_CHALLENGE: 'WEB_AUTHN' },
    }),
  );
const answerWith = (email: string, session: string | undefined, credential: unknown) =>
  t.cognito.send(
    new RespondToAuthChallengeCommand({
      ClientId: clientId,
      ChallengeName: 'WEB_AUTHN',
      Session: session,
      ChallengeResponses: { USERNAME: email, CREDENTIAL: JSON.stringify(credential) },
    }),
  );
const optionsOf = (challenge: { ChallengeParameters?: Record<string, string> }) =>
  JSON.parse(challenge.ChallengeParameters?.CREDENTIAL_REQUEST_OPTIONS ?? '{}') as { challenge: string; rpId: string };

describe('Cognito emulator: passkeys', () => {
  it('registers a passkey with the relying party of the pool and lists it', async () => {
    const { AccessToken, authenticator } = await userWithPasskey('ava@example.com');
    expect(await t.cognito.send(new GetUserPoolMfaConfigCommand({ UserPoolId: t.poolId }))).toMatchObject({
      WebAuthnConfiguration: { RelyingPartyId: 'example.com', UserVerification: 'required' },
    });
    const { Credentials } = await t.cognito.send(new ListWebAuthnCredentialsCommand({ AccessToken }));
    expect(Credentials).toEqual([
      expect.objectContaining({
        CredentialId: authenticator.id,
        RelyingPartyId: 'example.com',
        AuthenticatorAttachment: 'platform',
        AuthenticatorTransports: ['internal'],
        CreatedAt: expect.any(Date),
      }),
    ]);
  });

  it('refuses a registration from another origin or for another relying party', async () => {
    await t.confirmedUser('ben@example.com');
    const AccessToken = (await t.signIn('ben@example.com', undefined, clientId)).AuthenticationResult?.AccessToken;
    const start = async () =>
      (await t.cognito.send(new StartWebAuthnRegistrationCommand({ AccessToken }))).CredentialCreationOptions as {
        challenge: string;
        rp: { id: string };
      };
    const authenticator = new SoftwareAuthenticator(ORIGIN);
    const complete = (credential: unknown) =>
      errorOf(t.cognito.send(new CompleteWebAuthnRegistrationCommand({ AccessToken, Credential: credential as never })));
    expect(await complete(authenticator.register(await start(), { origin: 'https://evil.test' }))).toMatch(
      /^WebAuthnOriginNotAllowedException/,
    );
    expect(await complete(authenticator.register(await start(), { rpId: 'evil.test' }))).toMatch(/^WebAuthnRelyingPartyMismatchException/);
  });

  it('signs in with the passkey through USER_AUTH WEB_AUTHN, and refuses a wrong signature, origin or replayed counter', async () => {
    const { authenticator } = await userWithPasskey('cat@example.com');
    const challenge = await passkeyChallenge('cat@example.com');
    expect(challenge.ChallengeName).toBe('WEB_AUTHN');
    const options = optionsOf(challenge);
    expect(options).toMatchObject({ rpId: 'example.com', userVerification: 'required' });
    const refused = 'NotAuthorizedException: Incorrect username or passkey.';
    expect(await errorOf(answerWith('cat@example.com', challenge.Session, authenticator.assert(options, { wrongSignature: true })))).toBe(
      refused,
    );
    expect(
      await errorOf(answerWith('cat@example.com', challenge.Session, authenticator.assert(options, { origin: 'https://evil.test' }))),
    ).toBe(refused);
    const done = await answerWith('cat@example.com', challenge.Session, authenticator.assert(options));
    expect(done.AuthenticationResult?.AccessToken).toEqual(expect.any(String));
    const again = await passkeyChallenge('cat@example.com');
    expect(
      await errorOf(
        answerWith('cat@example.com', again.Session, authenticator.assert(optionsOf(again), { counter: authenticator.counter })),
      ),
    ).toBe(refused);
  });

  it('no longer offers or accepts a deleted passkey', async () => {
    const { AccessToken, authenticator } = await userWithPasskey('dan@example.com');
    const challenge = await passkeyChallenge('dan@example.com');
    await t.cognito.send(new DeleteWebAuthnCredentialCommand({ AccessToken, CredentialId: authenticator.id }));
    expect(await errorOf(answerWith('dan@example.com', challenge.Session, authenticator.assert(optionsOf(challenge))))).toBe(
      'NotAuthorizedException: Incorrect username or passkey.',
    );
    expect((await passkeyChallenge('dan@example.com')).ChallengeName).toBe('SELECT_CHALLENGE');
    expect(await errorOf(t.cognito.send(new DeleteWebAuthnCredentialCommand({ AccessToken, CredentialId: authenticator.id })))).toMatch(
      /^ResourceNotFoundException/,
    );
  });

  it('needs WEB_AUTHN among the pool first factors', async () => {
    await t.confirmedUser('eve@example.com');
    const AccessToken = (await t.signIn('eve@example.com', undefined, clientId)).AuthenticationResult?.AccessToken;
    await t.cognito.send(
      new UpdateUserPoolCommand({ UserPoolId: t.poolId, Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD'] } } }),
    );
    expect(await errorOf(t.cognito.send(new StartWebAuthnRegistrationCommand({ AccessToken })))).toMatch(/^WebAuthnNotEnabledException/);
  });
});
