// Choice-based sign-in (USER_AUTH): the choices a user gets, SELECT_CHALLENGE, EMAIL_OTP and the answers
// for unknown users (docs/local-emulation.md, "USER_AUTH").
import {
  AssociateSoftwareTokenCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  SetUserMFAPreferenceCommand,
  UpdateUserPoolCommand,
  VerifySoftwareTokenCommand,
  type ChallengeNameType,
  type InitiateAuthCommandOutput,
} from '@aws-sdk/client-cognito-identity-provider';
import { stepAt, totpCode } from '../../../../local/cognito/totp.js';
import { PASSWORD, startTestEmulator, type TestEmulator } from './emulator.js';

let t: TestEmulator;
let clientId: string;
const POLICY = { MinimumLength: 12, RequireLowercase: true, RequireUppercase: true, RequireNumbers: true };
beforeEach(async () => {
  t = await startTestEmulator();
  await t.cognito.send(
    new UpdateUserPoolCommand({
      UserPoolId: t.poolId,
      Policies: { PasswordPolicy: POLICY, SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP'] } },
    }),
  );
  clientId = await t.client({ ExplicitAuthFlows: ['ALLOW_USER_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] });
});
afterEach(() => t.stop());

const errorOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'ok',
    (error: Error) => `${error.name}: ${error.message}`,
  );
const userAuth = (email: string, extra: Record<string, string> = {}, id = clientId) =>
  t.cognito.send(new InitiateAuthCommand({ ClientId: id, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: email, ...extra } }));
const answer = (challenge: InitiateAuthCommandOutput, name: ChallengeNameType, responses: Record<string, string>) =>
  t.cognito.send(
    new RespondToAuthChallengeCommand({
      ClientId: clientId,
      ChallengeName: name,
      Session: challenge.Session,
      ChallengeResponses: responses,
    }),
  );

describe('Cognito emulator: USER_AUTH', () => {
  it('offers PASSWORD, PASSWORD_SRP and EMAIL_OTP, and signs in with an 8-digit emailed code that works once', async () => {
    await t.confirmedUser('una@example.com');
    const select = await userAuth('una@example.com');
    expect(select).toMatchObject({ ChallengeName: 'SELECT_CHALLENGE', AvailableChallenges: ['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP'] });
    const otp = await answer(select, 'SELECT_CHALLENGE', { USERNAME: 'una@example.com', ANSWER: 'EMAIL_OTP' });
    expect(otp).toMatchObject({
      ChallengeName: 'EMAIL_OTP',
      ChallengeParameters: { CODE_DELIVERY_DELIVERY_MEDIUM: 'EMAIL', CODE_DELIVERY_DESTINATION: 'u***@e***' },
    });
    const code = t.codeFor('una@example.com', 'EmailOtp');
    expect(code).toMatch(/^\d{8}$/);
    const wrong = code === '00000000' ? '11111111' : '00000000';
    expect(await errorOf(answer(otp, 'EMAIL_OTP', { USERNAME: 'una@example.com', EMAIL_OTP_CODE: wrong }))).toBe(
      'CodeMismatchException: Invalid code or auth state for the user.',
    );
    const done = await answer(otp, 'EMAIL_OTP', { USERNAME: 'una@example.com', EMAIL_OTP_CODE: code });
    expect(done.AuthenticationResult?.AccessToken).toEqual(expect.any(String));
    expect(await errorOf(answer(otp, 'EMAIL_OTP', { USERNAME: 'una@example.com', EMAIL_OTP_CODE: code }))).toBe(
      'NotAuthorizedException: Invalid session for the user, session is expired.',
    );
  });

  it('goes straight to an available preferred challenge, and offers the choice for one that is not', async () => {
    await t.confirmedUser('vic@example.com');
    expect((await userAuth('vic@example.com', { PREFERRED_CHALLENGE: 'EMAIL_OTP' })).ChallengeName).toBe('EMAIL_OTP');
    const password = await userAuth('vic@example.com', { PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD });
    expect(password.AuthenticationResult?.AccessToken).toEqual(expect.any(String));
    expect((await userAuth('vic@example.com', { PREFERRED_CHALLENGE: 'WEB_AUTHN' })).ChallengeName).toBe('SELECT_CHALLENGE');
    const srp = await userAuth('vic@example.com', { PREFERRED_CHALLENGE: 'PASSWORD_SRP', SRP_A: 'abc123' });
    expect(srp).toMatchObject({ ChallengeName: 'PASSWORD_VERIFIER', ChallengeParameters: { SRP_B: expect.any(String) } });
  });

  it('answers an unknown email as a known one, sends nothing, and refuses every code', async () => {
    await t.confirmedUser('wes@example.com');
    const known = await userAuth('wes@example.com');
    const unknown = await userAuth('nobody@example.com');
    expect(unknown.AvailableChallenges).toEqual(known.AvailableChallenges);
    const otp = await userAuth('nobody@example.com', { PREFERRED_CHALLENGE: 'EMAIL_OTP' });
    expect(otp).toMatchObject({ ChallengeName: 'EMAIL_OTP', ChallengeParameters: { CODE_DELIVERY_DESTINATION: 'n***@e***' } });
    expect(t.emulator.outbox.list('nobody@example.com')).toEqual([]);
    expect(await errorOf(answer(otp, 'EMAIL_OTP', { USERNAME: 'nobody@example.com', EMAIL_OTP_CODE: '12345678' }))).toBe(
      'CodeMismatchException: Invalid code or auth state for the user.',
    );
  });

  it('counts wrong codes toward the sign-in lockout', async () => {
    await t.confirmedUser('xia@example.com');
    const otp = await userAuth('xia@example.com', { PREFERRED_CHALLENGE: 'EMAIL_OTP' });
    const code = t.codeFor('xia@example.com', 'EmailOtp');
    const wrong = code === '00000000' ? '11111111' : '00000000';
    for (let i = 0; i < 5; i++) await errorOf(answer(otp, 'EMAIL_OTP', { USERNAME: 'xia@example.com', EMAIL_OTP_CODE: wrong }));
    expect(await errorOf(answer(otp, 'EMAIL_OTP', { USERNAME: 'xia@example.com', EMAIL_OTP_CODE: code }))).toBe(
      'NotAuthorizedException: Password attempts exceeded',
    );
  });

  it('does not offer an email code to a user with MFA, whose password sign-in then asks for the TOTP code', async () => {
    await t.confirmedUser('yan@example.com');
    const AccessToken = (await t.signIn('yan@example.com')).AuthenticationResult?.AccessToken;
    const { SecretCode = '' } = await t.cognito.send(new AssociateSoftwareTokenCommand({ AccessToken }));
    await t.cognito.send(new VerifySoftwareTokenCommand({ AccessToken, UserCode: totpCode(SecretCode, stepAt(t.clock.now())) }));
    await t.cognito.send(new SetUserMFAPreferenceCommand({ AccessToken, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } }));
    const select = await userAuth('yan@example.com');
    expect(select.AvailableChallenges).toEqual(['PASSWORD', 'PASSWORD_SRP']);
    const next = await answer(select, 'SELECT_CHALLENGE', { USERNAME: 'yan@example.com', ANSWER: 'PASSWORD', PASSWORD });
    expect(next.ChallengeName).toBe('SOFTWARE_TOKEN_MFA');
  });

  it('needs ALLOW_USER_AUTH on the client, PASSWORD among the factors, and Essentials for passwordless ones', async () => {
    await t.confirmedUser('zed@example.com');
    expect(await errorOf(userAuth('zed@example.com', {}, t.clientId))).toBe(
      'InvalidParameterException: USER_AUTH flow not enabled for this client',
    );
    const withoutPassword = t.cognito.send(
      new UpdateUserPoolCommand({ UserPoolId: t.poolId, Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['EMAIL_OTP'] } } }),
    );
    expect(await errorOf(withoutPassword)).toBe('InvalidParameterException: AllowedFirstAuthFactors must include PASSWORD.');
    const lite = t.cognito.send(new UpdateUserPoolCommand({ UserPoolId: t.poolId, UserPoolTier: 'LITE' }));
    expect(await errorOf(lite)).toMatch(/^FeatureUnavailableInTierException/);
  });
});
