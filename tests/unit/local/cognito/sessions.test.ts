// Tokens and sessions: claims, revocation, expiry, refresh-token rotation and the feature plan.
import {
  CreateUserPoolClientCommand,
  GetTokensFromRefreshTokenCommand,
  GetUserCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
  RevokeTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTestEmulator, type TestEmulator } from './emulator.js';

let t: TestEmulator;
afterEach(() => t.stop());

const claimsOf = (token = '') => JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as Record<string, unknown>;
const errorOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'ok',
    (error: Error) => `${error.name}: ${error.message}`,
  );
const getUser = (AccessToken?: string) => errorOf(t.cognito.send(new GetUserCommand({ AccessToken })));

describe('Cognito emulator: tokens and sessions', () => {
  it("issues Cognito's claims, tying access and ID tokens to their session with origin_jti", async () => {
    t = await startTestEmulator();
    await t.confirmedUser('ida@example.com');
    const { AuthenticationResult } = await t.signIn('ida@example.com');
    const access = claimsOf(AuthenticationResult?.AccessToken);
    const id = claimsOf(AuthenticationResult?.IdToken);
    expect(access).toMatchObject({
      token_use: 'access',
      scope: 'aws.cognito.signin.user.admin',
      client_id: t.clientId,
      username: access.sub,
    });
    expect(id).toMatchObject({
      token_use: 'id',
      aud: t.clientId,
      email: 'ida@example.com',
      email_verified: true,
      'cognito:username': access.sub,
    });
    expect(id.origin_jti).toBe(access.origin_jti);
    expect(AuthenticationResult).toMatchObject({ ExpiresIn: 3600, TokenType: 'Bearer' });
  });

  it('refuses an expired access token, one whose refresh token was revoked, and all after a global sign-out', async () => {
    t = await startTestEmulator();
    await t.confirmedUser('rex@example.com');
    const first = (await t.signIn('rex@example.com')).AuthenticationResult;
    const second = (await t.signIn('rex@example.com')).AuthenticationResult;
    await t.cognito.send(new RevokeTokenCommand({ ClientId: t.clientId, Token: first?.RefreshToken }));
    expect(await getUser(first?.AccessToken)).toBe('NotAuthorizedException: Access Token has been revoked');
    expect(await getUser(second?.AccessToken)).toBe('ok');
    await t.cognito.send(new GlobalSignOutCommand({ AccessToken: second?.AccessToken }));
    expect(await getUser(second?.AccessToken)).toBe('NotAuthorizedException: Access Token has been revoked');
    const third = (await t.signIn('rex@example.com')).AuthenticationResult;
    t.clock.advance(3600_000);
    expect(await getUser(third?.AccessToken)).toBe('NotAuthorizedException: Access Token has expired');
  });

  it('rotates refresh tokens: the old one works for the grace period, the new one keeps the first expiry', async () => {
    t = await startTestEmulator();
    const clientId = await t.client({
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'],
      RefreshTokenValidity: 1,
      RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 10 },
    });
    await t.confirmedUser('rot@example.com');
    const first = (await t.signIn('rot@example.com', undefined, clientId)).AuthenticationResult?.RefreshToken;
    const refresh = (RefreshToken?: string) => t.cognito.send(new GetTokensFromRefreshTokenCommand({ ClientId: clientId, RefreshToken }));
    t.clock.advance(3_600_000);
    const second = (await refresh(first)).AuthenticationResult?.RefreshToken;
    expect(second).toEqual(expect.any(String));
    expect(second).not.toBe(first);
    t.clock.advance(9_000);
    expect(await errorOf(refresh(first))).toBe('ok');
    t.clock.advance(1_000);
    expect(await errorOf(refresh(first))).toMatch(/^RefreshTokenReuseException/);
    t.clock.advance(22 * 3_600_000);
    expect(await errorOf(refresh(second))).toBe('ok');
    t.clock.advance(3_600_000);
    expect(await errorOf(refresh(second))).toBe('NotAuthorizedException: Refresh Token has expired');
    const refreshAuth = t.cognito.send(
      new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: second ?? '' } }),
    );
    expect(await errorOf(refreshAuth)).toMatch(/^InvalidParameterException/);
  });

  it.each([
    ['original', 0],
    ['refresh', 600],
  ] as const)('with authTimeAfterRefresh=%s, a refresh gives auth_time + %i s after 10 minutes', async (authTimeAfterRefresh, shift) => {
    t = await startTestEmulator({ authTimeAfterRefresh });
    await t.confirmedUser('at@example.com');
    const signIn = (await t.signIn('at@example.com')).AuthenticationResult;
    t.clock.advance(600_000);
    const { AuthenticationResult } = await t.cognito.send(
      new GetTokensFromRefreshTokenCommand({ ClientId: t.clientId, RefreshToken: signIn?.RefreshToken }),
    );
    expect(Number(claimsOf(AuthenticationResult?.AccessToken).auth_time)).toBe(Number(claimsOf(signIn?.AccessToken).auth_time) + shift);
  });

  it('refuses refresh-token rotation in the Lite feature plan', async () => {
    t = await startTestEmulator({ tier: 'LITE' });
    const create = t.cognito.send(
      new CreateUserPoolClientCommand({ UserPoolId: t.poolId, ClientName: 'rotating', RefreshTokenRotation: { Feature: 'ENABLED' } }),
    );
    expect(await errorOf(create)).toMatch(/^FeatureUnavailableInTierException/);
  });
});
