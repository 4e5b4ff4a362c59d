// Creates the template's user pools and app clients on a Cognito endpoint (the embedded emulator or
// another Cognito-compatible one) from their resource properties, or finds them by name when they
// exist already (a kept data directory), and records their ids for !Ref / !GetAtt.
import {
  CognitoIdentityProviderClient,
  CreateResourceServerCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DescribeResourceServerCommand,
  DescribeUserPoolClientCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
  SetUserPoolMfaConfigCommand,
  UpdateUserPoolClientCommand,
  UpdateUserPoolCommand,
  type CreateResourceServerCommandInput,
  type CreateUserPoolClientCommandInput,
  type CreateUserPoolCommandInput,
  type UserPoolPolicyType,
  type UserVerificationType,
} from '@aws-sdk/client-cognito-identity-provider';
import { resolvedProperties, type ResolveContext } from './resolve.js';

// Parameters resolve to strings ("60"); CloudFormation gives the API integers where its schema says so.
const INTEGER_PROPERTIES = new Set([
  'AccessTokenValidity',
  'IdTokenValidity',
  'RefreshTokenValidity',
  'AuthSessionValidity',
  'MinimumLength',
  'TemporaryPasswordValidityDays',
  'PasswordHistorySize',
  'RetryGracePeriodSeconds',
]);

function withIntegers(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withIntegers);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [
      key,
      INTEGER_PROPERTIES.has(key) && typeof item === 'string' && /^\d+$/.test(item) ? Number(item) : withIntegers(item),
    ]),
  );
}

/** A resource's properties as the Cognito API takes them: intrinsics resolved, integers as numbers. */
export const apiPropertiesOf = (ctx: ResolveContext, id: string) => withIntegers(resolvedProperties(ctx, id)) as Record<string, unknown>;

const idsOfType = (ctx: ResolveContext, type: string) =>
  Object.entries(ctx.template.Resources)
    .filter(([, resource]) => resource.Type === type)
    .map(([id]) => id);

async function ensureUserPool(cognito: CognitoIdentityProviderClient, ctx: ResolveContext, id: string): Promise<void> {
  // CloudFormation's UserPoolName is the API's PoolName; EnabledMfas and the passkeys' relying party and user
  // verification are set with SetUserPoolMfaConfig.
  const { UserPoolName, EnabledMfas, WebAuthnRelyingPartyID, WebAuthnUserVerification, ...properties } = apiPropertiesOf(ctx, id);
  const name = typeof UserPoolName === 'string' ? UserPoolName : `${ctx.stackName}-${id}`;
  const { UserPools = [] } = await cognito.send(new ListUserPoolsCommand({ MaxResults: 60 }));
  let poolId = UserPools.find((pool) => pool.Name === name)?.Id;
  if (!poolId) {
    const input = { ...properties, PoolName: name } as CreateUserPoolCommandInput;
    poolId = (await cognito.send(new CreateUserPoolCommand(input))).UserPool?.Id;
    if (!poolId) throw new Error(`CreateUserPool ${name} returned no id`);
    const mfas = (EnabledMfas ?? []) as string[];
    if (mfas.includes('SOFTWARE_TOKEN_MFA')) {
      await cognito.send(
        new SetUserPoolMfaConfigCommand({
          UserPoolId: poolId,
          MfaConfiguration: input.MfaConfiguration,
          SoftwareTokenMfaConfiguration: { Enabled: true },
        }),
      );
    }
  } else {
    // A kept data directory: the template's sign-in policy applies to the existing pool, as a stack update would.
    await cognito.send(new UpdateUserPoolCommand({ UserPoolId: poolId, Policies: properties.Policies as UserPoolPolicyType }));
  }
  if (typeof WebAuthnRelyingPartyID === 'string' || typeof WebAuthnUserVerification === 'string') {
    await cognito.send(
      new SetUserPoolMfaConfigCommand({
        UserPoolId: poolId,
        WebAuthnConfiguration: {
          ...(typeof WebAuthnRelyingPartyID === 'string' ? { RelyingPartyId: WebAuthnRelyingPartyID } : {}),
          ...(typeof WebAuthnUserVerification === 'string' ? { UserVerification: WebAuthnUserVerification as UserVerificationType } : {}),
        },
      }),
    );
  }
  const arn = `arn:aws:cognito-idp:${ctx.region}:${ctx.accountId}:userpool/${poolId}`;
  ctx.resources[id] = { ref: poolId, attributes: { Arn: arn, ProviderName: `cognito-idp.${ctx.region}.amazonaws.com/${poolId}` } };
}

/** A resource server (its custom scopes) before the app clients that are allowed them. */
async function ensureResourceServer(cognito: CognitoIdentityProviderClient, ctx: ResolveContext, id: string): Promise<void> {
  const properties = apiPropertiesOf(ctx, id) as unknown as CreateResourceServerCommandInput;
  const exists = await cognito
    .send(new DescribeResourceServerCommand({ UserPoolId: properties.UserPoolId, Identifier: properties.Identifier }))
    .then(
      () => true,
      (error: Error) => {
        if (error.name === 'ResourceNotFoundException') return false;
        throw error;
      },
    );
  if (!exists) await cognito.send(new CreateResourceServerCommand(properties));
  ctx.resources[id] = { ref: properties.Identifier ?? '', attributes: {} };
}

async function ensureClient(cognito: CognitoIdentityProviderClient, ctx: ResolveContext, id: string): Promise<void> {
  const properties = apiPropertiesOf(ctx, id) as unknown as CreateUserPoolClientCommandInput;
  const name = properties.ClientName ?? `${ctx.stackName}-${id}`;
  const { UserPoolClients = [] } = await cognito.send(
    new ListUserPoolClientsCommand({ UserPoolId: properties.UserPoolId, MaxResults: 60 }),
  );
  let clientId = UserPoolClients.find((client) => client.ClientName === name)?.ClientId;
  if (clientId) {
    // A kept data directory: the template's settings (token lifetimes, rotation and its grace period...) apply
    // to the existing client, as a stack update would; a secret cannot be added or removed in place.
    const { GenerateSecret: _secret, ...settings } = properties;
    await cognito.send(new UpdateUserPoolClientCommand({ ...settings, ClientId: clientId, ClientName: name }));
  } else {
    clientId = (await cognito.send(new CreateUserPoolClientCommand({ ...properties, ClientName: name }))).UserPoolClient?.ClientId;
  }
  if (!clientId) throw new Error(`CreateUserPoolClient ${name} returned no id`);
  const { UserPoolClient } = await cognito.send(
    new DescribeUserPoolClientCommand({ UserPoolId: properties.UserPoolId, ClientId: clientId }),
  );
  ctx.resources[id] = {
    ref: clientId,
    attributes: { Name: name, ...(UserPoolClient?.ClientSecret ? { ClientSecret: UserPoolClient.ClientSecret } : {}) },
  };
}

/** Every AWS::Cognito::UserPool, its resource servers, then every AWS::Cognito::UserPoolClient (which refer to both). */
export async function provisionUserPools(cognito: CognitoIdentityProviderClient, ctx: ResolveContext): Promise<void> {
  for (const id of idsOfType(ctx, 'AWS::Cognito::UserPool')) await ensureUserPool(cognito, ctx, id);
  for (const id of idsOfType(ctx, 'AWS::Cognito::UserPoolResourceServer')) await ensureResourceServer(cognito, ctx, id);
  for (const id of idsOfType(ctx, 'AWS::Cognito::UserPoolClient')) await ensureClient(cognito, ctx, id);
}
