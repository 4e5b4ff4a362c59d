// Cognito behaviours moto_server does not have at all, each with the AWS page it follows and a probe
// that shows the lack. They run against the project's own emulator only (its own tests); the probes
// keep this list, and its table in docs/cognito-parity.md, true as moto changes.
import { createHmac } from 'node:crypto';
import {
  AssociateSoftwareTokenCommand,
  CompleteWebAuthnRegistrationCommand,
  DeleteWebAuthnCredentialCommand,
  GetTokensFromRefreshTokenCommand,
  GetUserAttributeVerificationCodeCommand,
  InitiateAuthCommand,
  ListWebAuthnCredentialsCommand,
  StartWebAuthnRegistrationCommand,
  VerifySoftwareTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { API, confirmedUser, GUIDE, OTHER_PASSWORD, passwordAuth, signedIn, templatePool } from './fixtures.js';
import type { CaseContext } from './harness.js';

export interface MotoLack {
  /** The behaviour, as the docs table names it. */
  behaviour: string;
  doc: string;
  /** Resolves when moto shows the lack; rejects (the probe fails) when moto has the behaviour after all. */
  probe: (t: Omit<CaseContext, 'check'>) => Promise<void>;
}

/** moto_server answers an operation it does not implement with HTTP 500 and an HTML page. */
async function notImplemented(call: Promise<unknown>): Promise<void> {
  const status = await call.then(
    () => 200,
    (error: { $metadata?: { httpStatusCode?: number } }) => error.$metadata?.httpStatusCode,
  );
  expect(status).toBe(500);
}

/** RFC 6238 over moto's fixed secret, which is not valid base32 of 16 bytes or more: otplib refuses it. */
function motoTotp(secret: string): string {
  const bits = [...secret.toUpperCase()].map((c) => 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'.indexOf(c).toString(2).padStart(5, '0')).join('');
  const key = Buffer.from(Array.from({ length: Math.floor(bits.length / 8) }, (_, i) => parseInt(bits.slice(i * 8, i * 8 + 8), 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 30_000)));
  const hmac = createHmac('sha1', key).update(counter).digest();
  const offset = (hmac[19] ?? 0) & 0xf;
  return String((hmac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

export const motoLacks: MotoLack[] = [
  {
    behaviour: 'GetTokensFromRefreshToken and refresh-token rotation',
    doc: `${API}/API_GetTokensFromRefreshToken.html`,
    probe: (t) => notImplemented(t.cognito.send(new GetTokensFromRefreshTokenCommand({ ClientId: 'client', RefreshToken: 'token' }))),
  },
  {
    behaviour: 'USER_AUTH choice-based sign-in (PASSWORD, EMAIL_OTP, WEB_AUTHN, SELECT_CHALLENGE)',
    doc: `${GUIDE}/authentication-flows-selection-sdk.html`,
    probe: async (t) => {
      const pool = await templatePool(t);
      const email = await confirmedUser(t, pool, 'user-auth');
      const answer = await t.cognito
        .send(new InitiateAuthCommand({ ClientId: pool.clientId, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: email } }))
        .catch((error: Error) => error);
      // moto validates AuthFlow against the flows it knows, which do not include USER_AUTH.
      expect(answer).toMatchObject({
        name: 'InvalidParameterException',
        message: expect.stringContaining("Value 'USER_AUTH' at 'authFlow'"),
      });
    },
  },
  {
    behaviour: 'WebAuthn credential operations (Start/CompleteWebAuthnRegistration, List/DeleteWebAuthnCredential)',
    doc: `${API}/API_StartWebAuthnRegistration.html`,
    probe: async (t) => {
      await notImplemented(t.cognito.send(new StartWebAuthnRegistrationCommand({ AccessToken: 'token' })));
      await notImplemented(t.cognito.send(new CompleteWebAuthnRegistrationCommand({ AccessToken: 'token', Credential: {} })));
      await notImplemented(t.cognito.send(new ListWebAuthnCredentialsCommand({ AccessToken: 'token' })));
      await notImplemented(t.cognito.send(new DeleteWebAuthnCredentialCommand({ AccessToken: 'token', CredentialId: 'id' })));
    },
  },
  {
    behaviour: 'GetUserAttributeVerificationCode',
    doc: `${API}/API_GetUserAttributeVerificationCode.html`,
    probe: (t) =>
      notImplemented(t.cognito.send(new GetUserAttributeVerificationCodeCommand({ AccessToken: 'token', AttributeName: 'email' }))),
  },
  {
    // "After five failed sign-in attempts, Amazon Cognito locks out your user for one second... Attempts made during a
    // lockout period generate a Password attempts exceeded exception."
    behaviour: 'Sign-in lockout after failed passwords ("Password attempts exceeded")',
    doc: `${GUIDE}/amazon-cognito-user-pools-authentication-flow.html`,
    probe: async (t) => {
      const pool = await templatePool(t);
      const email = await confirmedUser(t, pool, 'lockout');
      for (let attempt = 0; attempt < 6; attempt++) await passwordAuth(t, pool, email, OTHER_PASSWORD).catch(() => undefined);
      // Within Cognito's lockout second, the right password would be refused; moto issues tokens.
      expect((await signedIn(t, pool, email)).AccessToken).toEqual(expect.any(String));
    },
  },
  {
    // RFC 6238 §5.2: "the verifier MUST NOT accept the second attempt of the same OTP after the successful validation".
    behaviour: 'One use per TOTP code and time step',
    doc: 'https://www.rfc-editor.org/rfc/rfc6238#section-5.2',
    probe: async (t) => {
      const pool = await templatePool(t);
      const email = await confirmedUser(t, pool, 'totp-replay');
      const { AccessToken } = await signedIn(t, pool, email);
      const { SecretCode = '' } = await t.cognito.send(new AssociateSoftwareTokenCommand({ AccessToken }));
      const code = motoTotp(SecretCode);
      for (let use = 0; use < 2; use++) {
        expect((await t.cognito.send(new VerifySoftwareTokenCommand({ AccessToken, UserCode: code }))).Status).toBe('SUCCESS');
      }
    },
  },
];
