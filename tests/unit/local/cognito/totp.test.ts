// TOTP: RFC 6238 with Cognito's parameters, one use per code and time step, MFA_SETUP and SOFTWARE_TOKEN_MFA.
import {
  AssociateSoftwareTokenCommand,
  RespondToAuthChallengeCommand,
  SetUserMFAPreferenceCommand,
  VerifySoftwareTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { base32Encode, stepAt, totpCode } from '../../../../local/cognito/totp.js';
import { startTestEmulator, type TestEmulator } from './emulator.js';

let t: TestEmulator | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

const startEmulator = async (options: Parameters<typeof startTestEmulator>[0] = {}) => (t = await startTestEmulator(options));
const codeAt = (secret: string, ms: number) => totpCode(secret, stepAt(ms));

describe('Cognito emulator: TOTP', () => {
  it('computes the RFC 6238 SHA-1 test vectors (last 6 digits)', () => {
    const secret = base32Encode(Buffer.from('12345678901234567890'));
    expect([59, 1111111109, 1234567890, 2000000000].map((s) => totpCode(secret, Math.floor(s / 30)))).toEqual([
      '287082',
      '081804',
      '005924',
      '279037',
    ]);
  });

  it('accepts a code once per time step: set up, then sign in with SOFTWARE_TOKEN_MFA', async () => {
    const t = await startEmulator();
    await t.confirmedUser('tia@example.com');
    const AccessToken = (await t.signIn('tia@example.com')).AuthenticationResult?.AccessToken;
    const { SecretCode = '' } = await t.cognito.send(new AssociateSoftwareTokenCommand({ AccessToken }));
    expect(SecretCode).toMatch(/^[A-Z2-7]{52}$/);
    const code = codeAt(SecretCode, t.clock.now());
    await expect(t.cognito.send(new VerifySoftwareTokenCommand({ AccessToken, UserCode: code }))).resolves.toMatchObject({
      Status: 'SUCCESS',
    });
    await t.cognito.send(new SetUserMFAPreferenceCommand({ AccessToken, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } }));

    const challenge = await t.signIn('tia@example.com');
    expect(challenge.ChallengeName).toBe('SOFTWARE_TOKEN_MFA');
    const answer = (userCode: string, Session = challenge.Session) =>
      t.cognito.send(
        new RespondToAuthChallengeCommand({
          ClientId: t.clientId,
          ChallengeName: 'SOFTWARE_TOKEN_MFA',
          Session,
          ChallengeResponses: { USERNAME: 'tia@example.com', SOFTWARE_TOKEN_MFA_CODE: userCode },
        }),
      );
    await expect(answer(code)).rejects.toMatchObject({ name: 'CodeMismatchException' });
    t.clock.advance(30_000);
    await expect(answer(codeAt(SecretCode, t.clock.now()))).resolves.toHaveProperty('AuthenticationResult.AccessToken');
  });

  it('asks for MFA_SETUP when the pool requires MFA and the user has none, and finishes it with a verified code', async () => {
    const t = await startEmulator({ mfa: 'ON' });
    await t.confirmedUser('mo@example.com');
    const setup = await t.signIn('mo@example.com');
    expect(setup).toMatchObject({ ChallengeName: 'MFA_SETUP', ChallengeParameters: { MFAS_CAN_SETUP: '["SOFTWARE_TOKEN_MFA"]' } });
    const associated = await t.cognito.send(new AssociateSoftwareTokenCommand({ Session: setup.Session }));
    const wrong = await t.cognito
      .send(new VerifySoftwareTokenCommand({ Session: associated.Session, UserCode: '000000' }))
      .catch((error: Error) => error.name);
    expect(wrong).toBe('EnableSoftwareTokenMFAException');
    const verified = await t.cognito.send(
      new VerifySoftwareTokenCommand({ Session: associated.Session, UserCode: codeAt(associated.SecretCode ?? '', t.clock.now()) }),
    );
    const done = await t.cognito.send(
      new RespondToAuthChallengeCommand({
        ClientId: t.clientId,
        ChallengeName: 'MFA_SETUP',
        Session: verified.Session,
        ChallengeResponses: { USERNAME: 'mo@example.com' },
      }),
    );
    expect(done.AuthenticationResult?.AccessToken).toEqual(expect.any(String));
    expect((await t.signIn('mo@example.com')).ChallengeName).toBe('SOFTWARE_TOKEN_MFA');
  });
});
