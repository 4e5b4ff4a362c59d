// The Cognito emulator in this process on a free port, a pool and an app client like the template's,
// driven through the AWS SDK v3 client; the clock is moved by hand.
import {
  CognitoIdentityProviderClient,
  ConfirmSignUpCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  InitiateAuthCommand,
  SetUserPoolMfaConfigCommand,
  SignUpCommand,
  type CreateUserPoolClientCommandInput,
  type InitiateAuthCommandOutput,
} from '@aws-sdk/client-cognito-identity-provider';
import { ManualClock } from '../../../../local/cognito/clock.js';
import { startCognitoEmulator, type CognitoEmulator, type CognitoEmulatorOptions } from '../../../../local/cognito/emulator.js';

export const PASSWORD = 'Correct-horse-battery-42';

export interface TestEmulator {
  emulator: CognitoEmulator;
  cognito: CognitoIdentityProviderClient;
  clock: ManualClock;
  poolId: string;
  clientId: string;
  /** Another app client of the pool, with the settings given. */
  client: (settings: Partial<CreateUserPoolClientCommandInput>) => Promise<string>;
  /** A confirmed user who signs in with `email` and PASSWORD. */
  confirmedUser: (email: string) => Promise<void>;
  codeFor: (email: string, source: string) => string;
  signIn: (email: string, password?: string, clientId?: string) => Promise<InitiateAuthCommandOutput>;
  stop: () => Promise<void>;
}

export async function startTestEmulator(
  options: Partial<CognitoEmulatorOptions> & { mfa?: 'OFF' | 'OPTIONAL' | 'ON'; tier?: 'LITE' | 'ESSENTIALS' } = {},
): Promise<TestEmulator> {
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const emulator = await startCognitoEmulator({ clock, printCode: () => undefined, ...options });
  const cognito = new CognitoIdentityProviderClient({
    endpoint: emulator.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const { UserPool } = await cognito.send(
    new CreateUserPoolCommand({
      PoolName: 'test-users',
      UsernameAttributes: ['email'],
      UsernameConfiguration: { CaseSensitive: false },
      AutoVerifiedAttributes: ['email'],
      UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: ['email'] },
      Policies: { PasswordPolicy: { MinimumLength: 12, RequireLowercase: true, RequireUppercase: true, RequireNumbers: true } },
      UserPoolTier: options.tier ?? 'ESSENTIALS',
    }),
  );
  const poolId = UserPool?.Id ?? '';
  await cognito.send(
    new SetUserPoolMfaConfigCommand({
      UserPoolId: poolId,
      MfaConfiguration: options.mfa ?? 'OPTIONAL',
      SoftwareTokenMfaConfiguration: { Enabled: true },
    }),
  );
  const client = async (settings: Partial<CreateUserPoolClientCommandInput>) =>
    (
      await cognito.send(
        new CreateUserPoolClientCommand({
          UserPoolId: poolId,
          ClientName: 'api',
          ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
          PreventUserExistenceErrors: 'ENABLED',
          ...settings,
        }),
      )
    ).UserPoolClient?.ClientId ?? '';
  const clientId = await client({});
  const codeFor = (email: string, source: string) => {
    const code = emulator.outbox
      .list(email)
      .filter((c) => c.source === source)
      .pop()?.code;
    if (!code) throw new Error(`no ${source} code for ${email}`);
    return code;
  };
  const confirmedUser = async (email: string) => {
    await cognito.send(new SignUpCommand({ ClientId: clientId, Username: email, Password: PASSWORD }));
    await cognito.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: email, ConfirmationCode: codeFor(email, 'SignUp') }));
  };
  const signIn = (email: string, password = PASSWORD, id = clientId) =>
    cognito.send(
      new InitiateAuthCommand({ ClientId: id, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: email, PASSWORD: password } }),
    );
  return {
    emulator,
    cognito,
    clock,
    poolId,
    clientId,
    client,
    confirmedUser,
    codeFor,
    signIn,
    stop: async () => {
      cognito.destroy();
      await emulator.stop();
    },
  };
}
