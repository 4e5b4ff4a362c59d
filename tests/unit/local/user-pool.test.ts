// The local stack's user pools and app clients, provisioned from template.yaml with its parameters: the API
// client rotates refresh tokens with the template's grace period, in the template's feature plan.
import {
  CognitoIdentityProviderClient,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  GetUserPoolMfaConfigCommand,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { LOCAL_PARAMETERS } from '../../../local/options.js';
import { ManualClock } from '../../../local/cognito/clock.js';
import { startCognitoEmulator, type CognitoEmulator } from '../../../local/cognito/emulator.js';
import { localContext } from '../../../local/stack.js';
import { provisionUserPools } from '../../../local/user-pool.js';

let emulator: CognitoEmulator;
let cognito: CognitoIdentityProviderClient;
beforeEach(async () => {
  emulator = await startCognitoEmulator({ clock: new ManualClock(Date.UTC(2026, 0, 1)), printCode: () => undefined });
  cognito = new CognitoIdentityProviderClient({
    endpoint: emulator.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
});
afterEach(async () => {
  cognito.destroy();
  await emulator.stop();
});

/** Provisions the template's pools and clients with `parameters`; the pool id and the API client id. */
async function provision(parameters: Record<string, string> = {}) {
  const ctx = localContext({ stackName: 'test', region: 'us-east-1', parameters });
  await provisionUserPools(cognito, ctx);
  return { poolId: ctx.resources.UserPool?.ref ?? '', clientId: ctx.resources.ApiClient?.ref ?? '' };
}

const describeClient = async (UserPoolId: string, ClientId: string) =>
  (await cognito.send(new DescribeUserPoolClientCommand({ UserPoolId, ClientId }))).UserPoolClient;

describe('local stack: user pool and app clients from template.yaml', () => {
  it('gives the API client rotation with the default grace period and no REFRESH_TOKEN_AUTH, in the Essentials plan', async () => {
    const { poolId, clientId } = await provision();

    const client = await describeClient(poolId, clientId);
    expect(client?.RefreshTokenRotation).toEqual({ Feature: 'ENABLED', RetryGracePeriodSeconds: 30 });
    expect(client?.ExplicitAuthFlows).not.toContain('ALLOW_REFRESH_TOKEN_AUTH');
    expect((await cognito.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool?.UserPoolTier).toBe('ESSENTIALS');
    const refreshAuth = cognito.send(
      new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: 'any' } }),
    );
    await expect(refreshAuth).rejects.toMatchObject({ name: 'InvalidParameterException' });
  });

  it('takes RefreshTokenGracePeriodSeconds and UserPoolTier from the parameters', async () => {
    const { poolId, clientId } = await provision({ RefreshTokenGracePeriodSeconds: '2', UserPoolTier: 'PLUS' });

    expect((await describeClient(poolId, clientId))?.RefreshTokenRotation).toEqual({ Feature: 'ENABLED', RetryGracePeriodSeconds: 2 });
    expect((await cognito.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool?.UserPoolTier).toBe('PLUS');
  });

  it('applies the parameters to the clients a kept data directory already has, as a stack update does', async () => {
    const first = await provision({ RefreshTokenGracePeriodSeconds: '5' });
    const second = await provision({ RefreshTokenGracePeriodSeconds: '0' });

    expect(second).toEqual(first);
    expect((await describeClient(second.poolId, second.clientId))?.RefreshTokenRotation).toEqual({
      Feature: 'ENABLED',
      RetryGracePeriodSeconds: 0,
    });
  });

  it('creates the managed login client with the code flow and the callback and sign-out URLs of the parameters', async () => {
    const defaults = localContext({ stackName: 'test', region: 'us-east-1', parameters: {} });
    await provisionUserPools(cognito, defaults);
    const poolId = defaults.resources.UserPool?.ref ?? '';
    const client = await describeClient(poolId, defaults.resources.ManagedLoginClient?.ref ?? '');
    expect(client).toMatchObject({
      ClientName: 'test-managed-login',
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: ['openid', 'email', 'profile', 'aws.cognito.signin.user.admin'],
      CallbackURLs: ['http://localhost:3001/'],
      LogoutURLs: ['http://localhost:3001/'],
      RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 30 },
    });
    expect(client?.ClientSecret).toBeUndefined();

    const apps = 'http://localhost:5173/callback,https://app.example.com/callback';
    const changed = localContext({ stackName: 'test', region: 'us-east-1', parameters: { ManagedLoginCallbackUrls: apps } });
    await provisionUserPools(cognito, changed);
    expect(changed.resources.ManagedLoginClient?.ref).toBe(defaults.resources.ManagedLoginClient?.ref);
    expect((await describeClient(poolId, changed.resources.ManagedLoginClient?.ref ?? ''))?.CallbackURLs).toEqual(apps.split(','));
  });

  it("offers passwords only without a relying party or SES, and passkeys on localhost and email codes with npm start's parameters", async () => {
    const factors = async (poolId: string) =>
      (await cognito.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool?.Policies?.SignInPolicy?.AllowedFirstAuthFactors;
    const bare = await provision();
    expect(await factors(bare.poolId)).toEqual(['PASSWORD']);
    expect((await cognito.send(new GetUserPoolMfaConfigCommand({ UserPoolId: bare.poolId }))).WebAuthnConfiguration).toEqual({
      UserVerification: 'required',
    });
    expect((await describeClient(bare.poolId, bare.clientId))?.ExplicitAuthFlows).toContain('ALLOW_USER_AUTH');

    // A kept data directory's pool takes the new policy, as a stack update would.
    const local = await provision({ ...LOCAL_PARAMETERS });
    expect(local.poolId).toBe(bare.poolId);
    expect(await factors(local.poolId)).toEqual(['PASSWORD', 'EMAIL_OTP', 'WEB_AUTHN']);
    expect((await cognito.send(new GetUserPoolMfaConfigCommand({ UserPoolId: local.poolId }))).WebAuthnConfiguration).toEqual({
      RelyingPartyId: 'localhost',
      UserVerification: 'required',
    });
  });

  it.each([
    ['RefreshTokenGracePeriodSeconds', '61', 'MaxValue 60'],
    ['RefreshTokenGracePeriodSeconds', '-1', 'MinValue 0'],
    ['RefreshTokenGracePeriodSeconds', 'soon', 'Type Number'],
    ['UserPoolTier', 'LITE', 'AllowedValues'],
  ])('refuses %s=%s as CloudFormation does (%s)', async (name, value, rule) => {
    await expect(provision({ [name]: value })).rejects.toThrow(`Parameter ${name}=${value} breaks its ${rule}`);
  });
});
